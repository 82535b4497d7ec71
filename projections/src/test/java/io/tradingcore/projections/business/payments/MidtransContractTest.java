package io.tradingcore.projections.business.payments;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contract tests of {@link MidtransClient}: what Snap's create transaction and Get Status accept and refuse. They run
 * against the local {@link MidtransContractServer}, or against Midtrans' real sandbox when
 * {@value MidtransTarget#SERVER_KEY_PROP_NAME} is set ({@code scripts/test-external midtrans}); every test here holds
 * for both, so that a difference between the local server and Midtrans shows as a failure of the sandbox run.
 */
class MidtransContractTest
{
    private static MidtransTarget target;
    private static MidtransClient client;

    @BeforeAll
    static void start() throws IOException
    {
        target = MidtransTarget.start();
        client = target.client();
    }

    @AfterAll
    static void stop()
    {
        target.close();
    }

    private static String newOrderId()
    {
        return "tc-contract-" + UUID.randomUUID().toString().substring(0, 18);
    }

    private static List<SnapItem> items(final long total)
    {
        return List.of(new SnapItem("pro", total - 1_000, 1, "Pro subscription"),
            new SnapItem("overage", 500, 2, "Orders over the quota"));
    }

    @Test
    void aTransactionGivesATokenAndAPaymentPage()
    {
        final SnapTransaction transaction = client.createTransaction(newOrderId(), 150_000, items(150_000),
            new CustomerDetails("Ani", "Wijaya", "ani@example.com", "+628123456789"));
        assertFalse(transaction.token().isBlank());
        assertTrue(transaction.redirectUrl().contains(transaction.token()), transaction.redirectUrl());
    }

    @Test
    void anOrderIdIsUsedOnce()
    {
        final String orderId = newOrderId();
        client.createTransaction(orderId, 150_000, items(150_000), null);
        final MidtransException again = assertThrows(MidtransException.class,
            () -> client.createTransaction(orderId, 150_000, items(150_000), null));
        assertTrue(again.httpStatus() >= 400 && again.httpStatus() < 500, again.getMessage());
    }

    @Test
    void aWrongServerKeyIsRefusedByBothCalls()
    {
        final MidtransClient stranger = new MidtransClient(target.settings("SB-Mid-server-not-our-key"));
        final MidtransException create = assertThrows(MidtransException.class,
            () -> stranger.createTransaction(newOrderId(), 150_000, items(150_000), null));
        assertEquals(401, create.httpStatus(), create.getMessage());
        final MidtransException status = assertThrows(MidtransException.class, () -> stranger.status(newOrderId()));
        assertEquals(401, status.httpStatus(), status.getMessage());
        assertFalse(status.unavailable());
    }

    @Test
    void itemsThatDoNotSumToTheGrossAmountAreRefused()
    {
        final MidtransException refused = assertThrows(MidtransException.class,
            () -> client.createTransaction(newOrderId(), 150_001, items(150_000), null));
        assertEquals(400, refused.httpStatus(), refused.getMessage());
    }

    @Test
    void anOrderIdOverFiftyCharactersIsRefused()
    {
        final String orderId = "tc-contract-" + "x".repeat(39);
        assertEquals(51, orderId.length());
        final MidtransException refused = assertThrows(MidtransException.class,
            () -> client.createTransaction(orderId, 150_000, items(150_000), null));
        assertEquals(400, refused.httpStatus(), refused.getMessage());
    }

    @Test
    void aGrossAmountThatIsNotAWholeNumberIsRefused()
    {
        final MidtransException refused = assertThrows(MidtransException.class, () -> client.createRaw(
            "{\"transaction_details\":{\"order_id\":\"" + newOrderId() + "\",\"gross_amount\":150000.5}}"));
        assertEquals(400, refused.httpStatus(), refused.getMessage());
    }

    @Test
    void aMissingGrossAmountIsRefused()
    {
        final MidtransException refused = assertThrows(MidtransException.class, () -> client.createRaw(
            "{\"transaction_details\":{\"order_id\":\"" + newOrderId() + "\"}}"));
        assertEquals(400, refused.httpStatus(), refused.getMessage());
    }

    @Test
    void getStatusDoesNotKnowAnOrderNobodyHasPaidOn()
    {
        final String orderId = newOrderId();
        final MidtransException unknown = assertThrows(MidtransException.class, () -> client.status(orderId));
        assertTrue(unknown.notFound(), unknown.getMessage());
        assertFalse(unknown.unavailable());

        client.createTransaction(orderId, 150_000, items(150_000), null);
        final MidtransException unpaid = assertThrows(MidtransException.class, () -> client.status(orderId));
        assertTrue(unpaid.notFound(), "a Snap transaction without a chosen payment: " + unpaid.getMessage());
    }
}
