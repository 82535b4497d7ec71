package io.tradingcore.projections.business.payments;

import io.tradingcore.projections.business.BusinessDatabase;
import io.tradingcore.projections.business.payments.NotificationResult.Outcome;
import io.tradingcore.projections.postgres.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Payments} against real PostgreSQL and the local {@link MidtransContractServer}: each status applied once
 * whatever the number and order of notifications, refused notifications recorded, nothing applied that Get Status
 * did not confirm.
 */
class PaymentsTest
{
    private static final int TENANT = 7;
    private static final long AMOUNT = 300_000;

    private static TestDatabase testDatabase;
    private static BusinessDatabase database;
    private static MidtransContractServer midtrans;
    private static MidtransClient client;
    private static Payments payments;
    private static final AtomicBoolean LISTENER_FAILS = new AtomicBoolean();

    /** Writes what it is told into a table of the same transaction, so a rollback takes it back too. */
    private static final PaymentListener LISTENER = new PaymentListener()
    {
        @Override
        public void onPaid(final Connection connection, final int tenantId, final String invoiceNumber,
            final String orderId) throws SQLException
        {
            log(connection, "paid", tenantId, invoiceNumber, orderId);
        }

        @Override
        public void onReversed(final Connection connection, final int tenantId, final String invoiceNumber,
            final String orderId) throws SQLException
        {
            log(connection, "reversed", tenantId, invoiceNumber, orderId);
        }

        private void log(final Connection connection, final String kind, final int tenantId,
            final String invoiceNumber, final String orderId) throws SQLException
        {
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO listener_log (kind, tenant_id, invoice_number, order_id) VALUES (?, ?, ?, ?)"))
            {
                insert.setString(1, kind);
                insert.setInt(2, tenantId);
                insert.setString(3, invoiceNumber);
                insert.setString(4, orderId);
                insert.executeUpdate();
            }
            if (LISTENER_FAILS.get())
            {
                throw new SQLException("the invoice's table is locked");
            }
        }
    };

    @BeforeAll
    static void start() throws Exception
    {
        testDatabase = TestDatabase.create("payments");
        database = new BusinessDatabase(testDatabase.url(), null, null);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement())
        {
            statement.execute("CREATE TABLE listener_log (kind text, tenant_id integer, invoice_number text, " +
                "order_id text)");
        }
        midtrans = new MidtransContractServer(MidtransTarget.LOCAL_KEY);
        client = new MidtransClient(new MidtransSettings().serverKey(MidtransTarget.LOCAL_KEY)
            .snapBaseUrl(midtrans.baseUrl()).apiBaseUrl(midtrans.baseUrl()));
        payments = new Payments(database, client, LISTENER);
    }

    @AfterAll
    static void stop() throws SQLException
    {
        if (midtrans != null)
        {
            midtrans.close();
        }
        if (testDatabase != null)
        {
            testDatabase.close();
        }
    }

    private static String newInvoice()
    {
        return "INV-2026-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<SnapItem> items()
    {
        return List.of(new SnapItem("pro", 250_000, 1, "Pro, December 2026"),
            new SnapItem("overage", 1_000, 50, "Orders over the daily quota"));
    }

    /** Starts attempt 1 of a new invoice; answers its order id. */
    private static String started() throws SQLException
    {
        final String invoice = newInvoice();
        final String redirectUrl = payments.startPayment(TENANT, invoice, AMOUNT, items());
        assertTrue(redirectUrl.startsWith(midtrans.baseUrl() + "/snap/"), redirectUrl);
        return invoice + "-1";
    }

    private static NotificationResult deliver(final String orderId)
    {
        return payments.onNotification(midtrans.notification(orderId));
    }

    /** A notification of {@code status}, as Midtrans sent it earlier (or would with {@code key}). */
    private static String stale(final String orderId, final String status, final String fraud, final String key)
    {
        return MidtransContractServer.notification(orderId, status, fraud, AMOUNT, "tx-" + orderId, key);
    }

    private static String status(final String orderId) throws SQLException
    {
        return single("SELECT status FROM payment_attempts WHERE order_id = ?", orderId);
    }

    private static long listened(final String kind, final String orderId) throws SQLException
    {
        try (Connection connection = database.connect(); PreparedStatement select = connection.prepareStatement(
            "SELECT count(*) FROM listener_log WHERE kind = ? AND order_id = ?"))
        {
            select.setString(1, kind);
            select.setString(2, orderId);
            try (ResultSet rows = select.executeQuery())
            {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static List<String> events(final String orderId) throws SQLException
    {
        final List<String> outcomes = new ArrayList<>();
        try (Connection connection = database.connect(); PreparedStatement select = connection.prepareStatement(
            "SELECT outcome FROM payment_events WHERE order_id = ? ORDER BY id"))
        {
            select.setString(1, orderId);
            try (ResultSet rows = select.executeQuery())
            {
                while (rows.next())
                {
                    outcomes.add(rows.getString(1));
                }
            }
        }
        return outcomes;
    }

    private static String single(final String sql, final String parameter) throws SQLException
    {
        try (Connection connection = database.connect(); PreparedStatement select = connection.prepareStatement(sql))
        {
            select.setString(1, parameter);
            try (ResultSet rows = select.executeQuery())
            {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    @Test
    void aSettlementDeliveredTwiceIsAppliedOnce() throws SQLException
    {
        final String orderId = started();
        assertEquals("created", status(orderId));
        assertTrue(midtrans.knows(orderId));

        midtrans.status(orderId, "pending", null);
        NotificationResult result = deliver(orderId);
        assertEquals(Outcome.APPLIED, result.outcome(), result.reason());
        assertEquals("pending", status(orderId));

        midtrans.status(orderId, "settlement", null);
        result = deliver(orderId);
        assertEquals(Outcome.APPLIED, result.outcome(), result.reason());
        assertEquals(200, result.httpStatus());
        result = deliver(orderId);
        assertEquals(Outcome.ALREADY_APPLIED, result.outcome(), result.reason());
        assertEquals(200, result.httpStatus());
        assertEquals("paid", status(orderId));
        assertEquals(1, listened("paid", orderId));
        assertEquals(List.of("applied", "applied", "already_applied"), events(orderId));
    }

    @Test
    void notificationsOutOfOrderActOnWhatGetStatusSays() throws SQLException
    {
        final String orderId = started();
        midtrans.status(orderId, "settlement", null);
        // The pending notification arrives after the payment settled: Get Status says settlement.
        NotificationResult result = payments.onNotification(stale(orderId, "pending", null,
            MidtransTarget.LOCAL_KEY));
        assertEquals(Outcome.APPLIED, result.outcome(), result.reason());
        assertEquals(AttemptStatus.PAID, result.status());
        result = deliver(orderId);
        assertEquals(Outcome.ALREADY_APPLIED, result.outcome());
        result = payments.onNotification(stale(orderId, "pending", null, MidtransTarget.LOCAL_KEY));
        assertEquals(Outcome.ALREADY_APPLIED, result.outcome());
        assertEquals("paid", status(orderId));
        assertEquals(1, listened("paid", orderId));
    }

    @Test
    void aLatePendingAfterSettlementDoesNotUnpay() throws SQLException
    {
        final String orderId = started();
        midtrans.status(orderId, "settlement", null);
        assertEquals(Outcome.APPLIED, deliver(orderId).outcome());
        // Even should Get Status itself answer pending afterwards, the state machine does not go back.
        midtrans.status(orderId, "pending", null);
        final NotificationResult result = deliver(orderId);
        assertEquals(Outcome.IGNORED, result.outcome(), result.reason());
        assertEquals(200, result.httpStatus());
        assertEquals("paid", status(orderId));
        assertEquals(1, listened("paid", orderId));
    }

    @Test
    void aBadSignatureIsRefusedAndRecordedWithoutAskingMidtrans() throws SQLException
    {
        final String orderId = started();
        midtrans.status(orderId, "settlement", null);
        final int asked = midtrans.statusRequests();

        NotificationResult result = payments.onNotification(stale(orderId, "settlement", null,
            "SB-Mid-server-someone-else"));
        assertEquals(Outcome.BAD_SIGNATURE, result.outcome());
        assertEquals(401, result.httpStatus());
        // The right signature over another amount than the one signed.
        final String forged = midtrans.notification(orderId).replace("\"300000.00\"", "\"3000.00\"");
        result = payments.onNotification(forged);
        assertEquals(Outcome.BAD_SIGNATURE, result.outcome());

        assertEquals(asked, midtrans.statusRequests(), "a refused notification asks Midtrans nothing");
        assertEquals("created", status(orderId));
        assertEquals(0, listened("paid", orderId));
        assertEquals(List.of("bad_signature", "bad_signature"), events(orderId));
        assertTrue(single("SELECT reason FROM payment_events WHERE order_id = ? ORDER BY id LIMIT 1", orderId)
            .contains("signature_key does not match"));

        assertEquals(Outcome.APPLIED, deliver(orderId).outcome(), "Midtrans' own notification still applies");
    }

    @Test
    void aChallengedCaptureWaitsForReview() throws SQLException
    {
        final String orderId = started();
        final String invoice = orderId.substring(0, orderId.length() - 2);
        midtrans.status(orderId, "capture", "challenge");
        NotificationResult result = deliver(orderId);
        assertEquals(Outcome.APPLIED, result.outcome(), result.reason());
        assertEquals("challenge", status(orderId));
        assertEquals(0, listened("paid", orderId));
        assertThrows(PaymentRefusedException.class, () -> payments.startPayment(TENANT, invoice, AMOUNT, items()),
            "no second payment while one is under review");

        midtrans.status(orderId, "capture", "accept");
        result = deliver(orderId);
        assertEquals(Outcome.APPLIED, result.outcome(), result.reason());
        assertEquals("paid", status(orderId));
        assertEquals(1, listened("paid", orderId));
        assertThrows(PaymentRefusedException.class, () -> payments.startPayment(TENANT, invoice, AMOUNT, items()),
            "a paid invoice is not paid again");
    }

    @Test
    void aRefundReversesAPaidAttemptOnce() throws SQLException
    {
        final String orderId = started();
        midtrans.status(orderId, "settlement", null);
        assertEquals(Outcome.APPLIED, deliver(orderId).outcome());
        midtrans.status(orderId, "refund", null);
        NotificationResult result = deliver(orderId);
        assertEquals(Outcome.APPLIED, result.outcome(), result.reason());
        assertEquals("reversed", status(orderId));
        result = deliver(orderId);
        assertEquals(Outcome.ALREADY_APPLIED, result.outcome());
        midtrans.status(orderId, "settlement", null);
        assertEquals(Outcome.IGNORED, deliver(orderId).outcome(), "a reversed attempt stays reversed");
        assertEquals(1, listened("paid", orderId));
        assertEquals(1, listened("reversed", orderId));
    }

    @Test
    void getStatusDownAnswers503AndAppliesNothing() throws SQLException
    {
        final String orderId = started();
        midtrans.status(orderId, "settlement", null);
        midtrans.statusDown(true);
        try
        {
            final NotificationResult result = deliver(orderId);
            assertEquals(Outcome.UNCONFIRMED, result.outcome(), result.reason());
            assertEquals(503, result.httpStatus());
            assertEquals("created", status(orderId));
            assertEquals(0, listened("paid", orderId));
        }
        finally
        {
            midtrans.statusDown(false);
        }
        assertEquals(Outcome.APPLIED, deliver(orderId).outcome(), "Midtrans' retry applies it");
        assertEquals(1, listened("paid", orderId));
        assertEquals(List.of("unconfirmed", "applied"), events(orderId));
    }

    @Test
    void midtransUnreachableAnswers503() throws Exception
    {
        final String orderId = started();
        midtrans.status(orderId, "settlement", null);
        final int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0))
        {
            closedPort = socket.getLocalPort();
        }
        final Payments cutOff = new Payments(database, new MidtransClient(new MidtransSettings()
            .serverKey(MidtransTarget.LOCAL_KEY).snapBaseUrl(midtrans.baseUrl())
            .apiBaseUrl("http://127.0.0.1:" + closedPort)), LISTENER);
        final NotificationResult result = cutOff.onNotification(midtrans.notification(orderId));
        assertEquals(Outcome.UNCONFIRMED, result.outcome(), result.reason());
        assertEquals("created", status(orderId));
    }

    @Test
    void malformedNotificationsAre400AndRecorded()
    {
        assertEquals(Outcome.MALFORMED, payments.onNotification("not json").outcome());
        assertEquals(Outcome.MALFORMED, payments.onNotification("[]").outcome());
        assertEquals(Outcome.MALFORMED, payments.onNotification("{\"order_id\":\"INV-1-1\"}").outcome());
        final String numberAmount = stale("INV-x-1", "settlement", null, MidtransTarget.LOCAL_KEY)
            .replace("\"300000.00\"", "300000.00");
        final NotificationResult result = payments.onNotification(numberAmount);
        assertEquals(Outcome.MALFORMED, result.outcome());
        assertEquals(400, result.httpStatus());
        assertTrue(result.reason().contains("gross_amount"), result.reason());
        final String twice = "{\"order_id\":\"a\",\"order_id\":\"b\"}";
        assertEquals(Outcome.MALFORMED, payments.onNotification(twice).outcome(), "duplicate keys");
    }

    @Test
    void aWellSignedNotificationOfAnOrderWeNeverMadeIs404() throws SQLException
    {
        final NotificationResult result = payments.onNotification(stale("INV-none-1", "settlement", null,
            MidtransTarget.LOCAL_KEY));
        assertEquals(Outcome.UNKNOWN_ORDER, result.outcome());
        assertEquals(404, result.httpStatus());
        assertEquals(List.of("unknown_order"), events("INV-none-1"));
    }

    @Test
    void anExpiredAttemptFailsAndTheNextAttemptHasItsOwnOrderId() throws SQLException
    {
        final String orderId = started();
        final String invoice = orderId.substring(0, orderId.length() - 2);
        midtrans.status(orderId, "pending", null);
        deliver(orderId);
        midtrans.status(orderId, "expire", null);
        assertEquals(Outcome.APPLIED, deliver(orderId).outcome());
        assertEquals("failed", status(orderId));

        payments.startPayment(TENANT, invoice, AMOUNT, items());
        final String second = invoice + "-2";
        assertTrue(midtrans.knows(second));
        midtrans.status(second, "settlement", null);
        assertEquals(Outcome.APPLIED, deliver(second).outcome());
        assertEquals(1, listened("paid", second));
        assertEquals("failed", status(orderId));
    }

    @Test
    void aListenerThatFailsRollsTheTransitionBack() throws SQLException
    {
        final String orderId = started();
        midtrans.status(orderId, "settlement", null);
        LISTENER_FAILS.set(true);
        try
        {
            final NotificationResult result = deliver(orderId);
            assertEquals(Outcome.NOT_APPLIED, result.outcome(), result.reason());
            assertEquals(500, result.httpStatus());
            assertEquals("created", status(orderId));
            assertEquals(0, listened("paid", orderId), "the listener's row went with the rollback");
        }
        finally
        {
            LISTENER_FAILS.set(false);
        }
        assertEquals(Outcome.APPLIED, deliver(orderId).outcome());
        assertEquals(1, listened("paid", orderId));
    }

    @Test
    void concurrentDeliveriesApplyOnce() throws Exception
    {
        final String orderId = started();
        midtrans.status(orderId, "settlement", null);
        final String body = midtrans.notification(orderId);
        final ExecutorService threads = Executors.newFixedThreadPool(8);
        try
        {
            final List<Callable<NotificationResult>> deliveries = new ArrayList<>();
            for (int i = 0; i < 8; i++)
            {
                deliveries.add(() -> payments.onNotification(body));
            }
            int applied = 0;
            for (final Future<NotificationResult> future : threads.invokeAll(deliveries))
            {
                final NotificationResult result = future.get();
                assertEquals(200, result.httpStatus(), result.reason());
                applied += result.outcome() == Outcome.APPLIED ? 1 : 0;
            }
            assertEquals(1, applied);
        }
        finally
        {
            threads.shutdownNow();
        }
        assertEquals(1, listened("paid", orderId));
    }

    @Test
    void whatSnapCannotTakeIsRefusedBeforeAnAttempt() throws SQLException
    {
        final String invoice = newInvoice();
        assertThrows(IllegalArgumentException.class, () -> payments.startPayment(TENANT, invoice, AMOUNT + 1,
            items()), "items that do not sum");
        assertThrows(IllegalArgumentException.class, () -> payments.startPayment(TENANT, "INV 1", AMOUNT, items()));
        assertThrows(IllegalArgumentException.class, () -> payments.startPayment(TENANT, "I".repeat(49), AMOUNT,
            items()), "an order id over 50 characters");
        assertEquals(null, status(invoice + "-1"));

        payments.startPayment(TENANT, invoice, AMOUNT, items());
        assertThrows(PaymentRefusedException.class, () -> payments.startPayment(TENANT + 1, invoice, AMOUNT,
            items()), "another tenant's invoice");
    }

    @Test
    void anAttemptSnapRefusesIsFailed() throws SQLException
    {
        final Payments wrongKey = new Payments(database, new MidtransClient(new MidtransSettings()
            .serverKey("SB-Mid-server-wrong").snapBaseUrl(midtrans.baseUrl()).apiBaseUrl(midtrans.baseUrl())),
            LISTENER);
        final String invoice = newInvoice();
        final MidtransException refused = assertThrows(MidtransException.class,
            () -> wrongKey.startPayment(TENANT, invoice, AMOUNT, items()));
        assertEquals(401, refused.httpStatus());
        assertEquals("failed", status(invoice + "-1"));
        payments.startPayment(TENANT, invoice, AMOUNT, items());
        assertEquals("created", status(invoice + "-2"));
    }
}
