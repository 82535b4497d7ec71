package io.tradingcore.projections.business.billing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invoices from tiers and the projection's real {@code public.usage}, on real PostgreSQL. */
class BillingTest
{
    private static final YearMonth DECEMBER = YearMonth.of(2026, 12);

    private BillingFixture fixture;

    @BeforeEach
    void create() throws Exception
    {
        fixture = new BillingFixture("billing", true);
    }

    @AfterEach
    void drop() throws SQLException
    {
        fixture.close();
    }

    @Test
    void freeHasItsUsageAndNothingToPay() throws Exception
    {
        fixture.subscribe(1, "free");
        fixture.usage(1, "2026-12-01", 60);
        fixture.usage(1, "2026-12-02", 40);
        fixture.usage(1, "2026-12-31", 20);

        final BillingRun run = fixture.billing(1100).run(DECEMBER);

        assertTrue(run.usageAvailable());
        assertEquals(Map.of(), run.failed());
        final Invoice invoice = run.issued().get(0);
        assertEquals("TC-2027-000001", invoice.number(), "the year issued, the issuer's first number");
        assertEquals(List.of(
            new InvoiceLine(1, "Free subscription, December 2026", 1, 0, 0),
            new InvoiceLine(2, "Orders in December 2026: 120 (for information, not charged)", 120, 0, 0)),
            invoice.lines(), "Free has no overage price: orders over its quota are refused, not charged");
        assertEquals(0, invoice.subtotal());
        assertEquals(0, invoice.tax());
        assertEquals(0, invoice.total());
        assertEquals(Invoice.PAID, invoice.status(), "nothing to pay");
        assertEquals(BillingFixture.NEW_YEAR.instant(), invoice.paidAt());
    }

    @Test
    void proPaysItsPriceOverageOverTheDailyQuotaAndTax() throws Exception
    {
        fixture.subscribe(2, "pro");
        fixture.usage(2, "2026-11-30", 9_000); // another month
        fixture.usage(2, "2026-12-01", 6_000); // 1,000 over 5,000
        fixture.usage(2, "2026-12-02", 4_000); // under: does not offset another day's overage
        fixture.usage(2, "2026-12-31", 5_100); // 100 over
        fixture.usage(2, "2027-01-01", 9_000); // another month
        fixture.usage(3, "2026-12-01", 7_000); // another tenant

        final Invoice invoice = fixture.billing(1100).run(DECEMBER).issued().get(0);

        assertEquals(List.of(
            new InvoiceLine(1, "Pro subscription, December 2026", 1, 750_000, 750_000),
            new InvoiceLine(2, "Orders in December 2026: 15,100 (for information, not charged)", 15_100, 0, 0),
            new InvoiceLine(3, "Orders over the quota of 5,000 a day, at IDR 50 each", 1_100, 50, 55_000)),
            invoice.lines());
        assertEquals(805_000, invoice.subtotal());
        assertEquals(1100, invoice.taxRateBps());
        assertEquals(88_550, invoice.tax(), "PPN 11%");
        assertEquals(893_550, invoice.total());
        assertEquals(Invoice.OPEN, invoice.status());
        assertNull(invoice.paidAt());

        try (Connection connection = fixture.business.connect())
        {
            assertEquals(invoice, Invoices.find(connection, invoice.number(), 2).orElseThrow(),
                "stored as made");
            assertTrue(Invoices.find(connection, invoice.number(), 3).isEmpty(), "another tenant's is absent");
            assertEquals(List.of(invoice), Invoices.list(connection, 2));
            assertEquals(List.of(), Invoices.list(connection, 3));
        }
    }

    @Test
    void taxIsNoneUnlessSetAndRoundsHalfUpToAWholeRupiah() throws Exception
    {
        fixture.subscribe(4, "enterprise");
        fixture.usage(4, "2026-12-05", 1_000_000);
        final Invoice invoice = fixture.billing(0).run(DECEMBER).issued().get(0);
        assertEquals(2, invoice.lines().size(), "Enterprise has no quota, so no overage line");
        assertEquals(7_500_000, invoice.total());
        assertEquals(0, invoice.tax());

        assertEquals(82_506, Rupiah.tax(750_050, 1100), "82,505.5 rounds up");
        assertEquals(82_504, Rupiah.tax(750_040, 1100), "82,504.4 rounds down");
        assertEquals(1, Rupiah.tax(5, 1000), "0.5 rounds up");
        assertEquals(0, Rupiah.tax(4, 1000));
        assertEquals("11.5%", Rupiah.percent(1150));
        assertEquals("IDR 1,234,567", Rupiah.format(1_234_567));
    }

    @Test
    void numbersRunAcrossTenantsAndRunsAndABillingRunTwiceMakesNothingTwice() throws Exception
    {
        fixture.subscribe(1, "free");
        fixture.subscribe(2, "pro");
        final BillingRun first = fixture.billing(0).run(DECEMBER);
        assertEquals(List.of("TC-2027-000001", "TC-2027-000002"), numbers(first.issued()));

        final BillingRun again = fixture.billing(0).run(DECEMBER);
        assertEquals(List.of(), again.issued());
        assertEquals(List.of(1, 2), again.alreadyIssued());
        assertEquals(3, fixture.nextNumber(), "a second run takes no number");

        fixture.subscribe(3, "pro");
        final BillingRun third = fixture.billing(0).run(DECEMBER);
        assertEquals(List.of("TC-2027-000003"), numbers(third.issued()), "only the new tenant's");
        assertEquals(List.of("TC-2027-000004", "TC-2027-000005", "TC-2027-000006"),
            numbers(fixture.billing(0).run(YearMonth.of(2027, 1)).issued()), "the next month goes on");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), fixture.storedNumbers());
    }

    @Test
    void aFailedInvoiceGivesItsNumberBack() throws Exception
    {
        fixture.subscribe(1, "pro");
        fixture.subscribe(2, "pro");
        fixture.subscribe(3, "pro");
        // Tenant 2's insert fails after its number was taken: the transaction rolls back with it.
        fixture.update("CREATE FUNCTION business.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " +
            "IF NEW.tenant_id = 2 THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$");
        fixture.update("CREATE TRIGGER refuse BEFORE INSERT ON business.invoices FOR EACH ROW " +
            "EXECUTE FUNCTION business.refuse()");

        final BillingRun run = fixture.billing(0).run(DECEMBER);
        assertEquals(List.of("TC-2027-000001", "TC-2027-000002"), numbers(run.issued()));
        assertEquals(List.of(1, 3), run.issued().stream().map(Invoice::tenantId).toList());
        assertTrue(run.failed().get(2).contains("refused for the test"), run.failed().toString());

        try (Connection connection = fixture.business.connect())
        {
            connection.setAutoCommit(false);
            assertEquals("TC-2027-000003", Billing.takeNumber(connection, "TC", 2027));
            connection.rollback();
        }
        assertEquals(3, fixture.nextNumber(), "a rollback gives the number back");

        fixture.update("DROP TRIGGER refuse ON business.invoices");
        final BillingRun retry = fixture.billing(0).run(DECEMBER);
        assertEquals(List.of("TC-2027-000003"), numbers(retry.issued()));
        assertEquals(List.of(1L, 2L, 3L), fixture.storedNumbers());
    }

    @Test
    void anUnknownTierFailsThatTenantAloneAndTakesNoNumber() throws Exception
    {
        fixture.subscribe(1, "platinum");
        fixture.subscribe(2, "free");
        final BillingRun run = fixture.billing(0).run(DECEMBER);
        assertTrue(run.failed().get(1).contains("no tier 'platinum'"), run.failed().toString());
        assertEquals(List.of("TC-2027-000001"), numbers(run.issued()));
    }

    @Test
    void markPaidIsIdempotentAndKeepsTheFirstPaymentTime() throws Exception
    {
        fixture.subscribe(2, "pro");
        final String number = fixture.billing(0).run(DECEMBER).issued().get(0).number();
        final Instant paid = Instant.parse("2027-01-03T10:00:00Z");
        try (Connection connection = fixture.business.connect())
        {
            connection.setAutoCommit(false);
            assertTrue(Invoices.markPaid(connection, number, paid));
            connection.commit();
            assertFalse(Invoices.markPaid(connection, number, paid.plusSeconds(60)), "a second delivery");
            connection.commit();
            final Invoice invoice = Invoices.find(connection, number, 2).orElseThrow();
            assertEquals(Invoice.PAID, invoice.status());
            assertEquals(paid, invoice.paidAt());
            assertThrows(IllegalArgumentException.class,
                () -> Invoices.markPaid(connection, "TC-2027-999999", paid));
            connection.rollback();
            connection.setAutoCommit(true);
            fixture.update("UPDATE business.invoices SET status = 'void', paid_at = NULL");
            assertThrows(IllegalStateException.class, () -> Invoices.markPaid(connection, number, paid));
        }
    }

    @Test
    void withoutTheProjectionsUsageTheInvoiceHasNoUsageLines() throws Exception
    {
        try (BillingFixture bare = new BillingFixture("billing_bare", false))
        {
            bare.subscribe(2, "pro");
            final BillingRun run = bare.billing(0).run(DECEMBER);
            assertFalse(run.usageAvailable());
            assertEquals(List.of(new InvoiceLine(1, "Pro subscription, December 2026", 1, 750_000, 750_000)),
                run.issued().get(0).lines());
        }
    }

    static List<String> numbers(final List<Invoice> invoices)
    {
        return invoices.stream().map(Invoice::number).toList();
    }
}
