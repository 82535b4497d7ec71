package io.tradingcore.projections.business.billing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code scripts/billing}: what it prints, a second run, settings from the environment, mistakes. */
class BillingCommandTest
{
    @TempDir
    Path data;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final Map<String, String> environment, final String... args)
    {
        out.reset();
        err.reset();
        return BillingCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), environment, BillingFixture.NEW_YEAR, args);
    }

    @Test
    void billsLastMonthOnceAndSaysSo() throws Exception
    {
        try (BillingFixture fixture = new BillingFixture("billing_command", true))
        {
            fixture.subscribe(2, "pro");
            fixture.usage(2, "2026-12-01", 5_010);
            final Map<String, String> environment = Map.of("TC_POSTGRES_URL", fixture.database.url(),
                "TC_BUSINESS_TAXBPS", "1100", "TC_BUSINESS_ISSUER", "TCX");

            assertEquals(0, run(environment, "--data", data.toString()), err.toString());
            final String first = out.toString();
            assertTrue(first.startsWith("billing 2026-12: issuer TCX, tax 11%"), first);
            // 750,000 + 10 x 50 = 750,500; 11% = 82,555
            assertTrue(first.contains("issued TCX-2027-000001  tenant 2  IDR 833,055  open (3 lines)"), first);
            assertTrue(first.contains("1 issued, 0 already issued, 0 failed"), first);

            assertEquals(0, run(environment, "--data", data.toString(), "--period", "2026-12"));
            assertTrue(out.toString().contains("0 issued, 1 already issued, 0 failed"), out.toString());
        }
    }

    @Test
    void withoutUsageItSaysThereAreNoUsageLines() throws Exception
    {
        try (BillingFixture fixture = new BillingFixture("billing_command_bare", false))
        {
            fixture.subscribe(1, "free");
            assertEquals(0, run(Map.of("TC_POSTGRES_URL", fixture.database.url()), "--data", data.toString(),
                "--period", "2026-11"));
            assertTrue(out.toString().contains("no usage: this database has no public.usage"), out.toString());
            assertTrue(out.toString().contains("issued TC-2027-000001  tenant 1  IDR 0  paid (1 lines)"),
                out.toString());
        }
    }

    @Test
    void mistakesAreNamed()
    {
        assertEquals(2, run(Map.of(), "--data", data.toString(), "--period", "December"));
        assertTrue(err.toString().contains("--period must be YYYY-MM: December"), err.toString());
        assertEquals(2, run(Map.of(), "--data", data.toString()));
        assertTrue(err.toString().contains("no postgres.url"), err.toString());
        assertEquals(2, run(Map.of("TC_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:1/x", "TC_BUSINESS_TAXBPS",
            "11%"), "--data", data.toString()));
        assertTrue(err.toString().contains("business.taxBps must be whole basis points: 11%"), err.toString());
    }
}
