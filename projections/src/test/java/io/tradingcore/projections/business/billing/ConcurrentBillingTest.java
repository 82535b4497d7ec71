package io.tradingcore.projections.business.billing;

import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two billing runs of the same month at once, on two threads with their own connections: every tenant gets one
 * invoice, numbers have neither gaps nor duplicates, and what one run issued the other reports as already issued.
 */
class ConcurrentBillingTest
{
    private static final int TENANTS = 40;
    private static final int MONTHS = 6;

    @Test
    void twoRunsAtOnceNeitherDuplicateNorLeaveGaps() throws Exception
    {
        final ExecutorService threads = Executors.newFixedThreadPool(2);
        try (BillingFixture fixture = new BillingFixture("billing_concurrent", true))
        {
            for (int tenant = 1; tenant <= TENANTS; tenant++)
            {
                fixture.subscribe(tenant, tenant % 3 == 0 ? "free" : "pro");
                fixture.usage(tenant, "2026-12-0" + (1 + tenant % 9), 4_000L + tenant * 50L);
            }
            for (int month = 0; month < MONTHS; month++)
            {
                final YearMonth period = YearMonth.of(2026, 7).plusMonths(month);
                final CyclicBarrier start = new CyclicBarrier(2);
                final List<Future<BillingRun>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++)
                {
                    final Billing billing = fixture.billing(1100);
                    runs.add(threads.submit(() ->
                    {
                        start.await();
                        return billing.run(period);
                    }));
                }
                final BillingRun a = runs.get(0).get();
                final BillingRun b = runs.get(1).get();
                assertEquals(List.of(), new ArrayList<>(a.failed().values()));
                assertEquals(List.of(), new ArrayList<>(b.failed().values()));
                assertEquals(TENANTS, a.issued().size() + b.issued().size(), period + ": each tenant once");
                assertEquals(TENANTS, a.issued().size() + a.alreadyIssued().size());
                assertEquals(TENANTS, b.issued().size() + b.alreadyIssued().size());
                final Set<Integer> tenants = new HashSet<>();
                a.issued().forEach(invoice -> tenants.add(invoice.tenantId()));
                b.issued().forEach(invoice -> tenants.add(invoice.tenantId()));
                assertEquals(TENANTS, tenants.size(), "no tenant billed by both");
            }
            assertEquals(LongStream.rangeClosed(1, (long)TENANTS * MONTHS).boxed().toList(), fixture.storedNumbers(),
                "1 to N, none missing, none twice");
            assertEquals((long)TENANTS * MONTHS + 1, fixture.nextNumber());
        }
        finally
        {
            threads.shutdownNow();
        }
    }
}
