package io.tradingcore.replay;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Audit filters select exactly the matching records; an order's chain holds its whole history in order. */
class AuditQueryTest
{
    static Path data;
    static List<AuditRecord> all;

    @BeforeAll
    static void recordARun() throws Exception
    {
        data = AuditDataFolder.shared();
        all = run(new AuditQuery());
    }

    @Test
    void everythingIsInputsThenTheirOutputsInSequenceOrder()
    {
        assertTrue(all.stream().filter(AuditRecord::input).count() > AuditDataFolder.TICKS);
        for (int i = 1; i < all.size(); i++)
        {
            final AuditRecord previous = all.get(i - 1);
            final AuditRecord record = all.get(i);
            assertTrue(record.sequence() >= previous.sequence(), "order at " + record);
            assertTrue(!record.input() || record.sequence() == previous.sequence() + 1, "dense inputs at " + record);
            assertTrue(record.input() || record.sequence() == previous.sequence(), "outputs follow their input "
                + record);
        }
        assertTrue(all.stream().anyMatch(r -> r.message().equals("Fill")));
        assertFalse(all.stream().anyMatch(r -> r.message().equals("Undecodable") || r.message().equals("Unknown")));
    }

    @Test
    void accountFilter()
    {
        assertFiltered(new AuditQuery().account(1001), r -> r.accountId() == 1001);
        assertTrue(run(new AuditQuery().account(4242)).isEmpty());
    }

    @Test
    void tenantFilter()
    {
        assertFiltered(new AuditQuery().tenant(1), r -> r.tenantId() == 1);
    }

    @Test
    void instrumentFilterBySymbolOrId()
    {
        final List<AuditRecord> bySymbol = assertFiltered(new AuditQuery().instrument("eurusd"), r
            -> r.instrumentId() == 1);
        assertEquals(bySymbol, run(new AuditQuery().instrument("1")));
        assertTrue(bySymbol.stream().anyMatch(r -> r.message().equals("ExecutionReport")),
            "reports carry only an order id: their instrument is learned from the order");
        final List<AuditRecord> gold = run(new AuditQuery().instrument("XAUUSD"));
        assertEquals(List.of("DefineInstrument"), gold.stream().map(AuditRecord::message).toList());
        assertThrows(IllegalArgumentException.class, () -> run(new AuditQuery().instrument("NOSUCH")));
    }

    @Test
    void sequenceRange()
    {
        final List<AuditRecord> range = assertFiltered(
            new AuditQuery().from(AuditQuery.Bound.parse("--from", "1000")).to(AuditQuery.Bound.parse("--to", "2000")),
            r -> r.sequence() >= 1000 && r.sequence() <= 2000);
        assertEquals(1000, range.get(0).sequence());
        assertEquals(2000, range.stream().filter(AuditRecord::input).reduce((a, b) -> b).orElseThrow().sequence());
    }

    @Test
    void timeRange()
    {
        final AuditRecord first = input(5000);
        final AuditRecord last = input(9000);
        // The options name whole milliseconds: from the start of input 5000's millisecond to the start of 9000's.
        final long fromNs = first.timeNs() - first.timeNs() % 1_000_000;
        final long toNs = last.timeNs() - last.timeNs() % 1_000_000;
        final List<AuditRecord> range = assertFiltered(new AuditQuery()
            .from(AuditQuery.Bound.parse("--from", first.time())).to(AuditQuery.Bound.parse("--to", last.time())),
            r -> r.timeNs() >= fromNs && r.timeNs() <= toNs);
        assertTrue(range.stream().anyMatch(r -> r.sequence() == 5000));
        assertTrue(range.stream().anyMatch(r -> r.sequence() > 5000 && r.sequence() < 9000));
        final String wholeSecond = first.time().substring(0, 19) + "Z";
        assertFalse(run(new AuditQuery().from(AuditQuery.Bound.parse("--from", wholeSecond))).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> AuditQuery.Bound.parse("--from", "yesterday"));
    }

    @Test
    void filtersCombine()
    {
        assertFiltered(new AuditQuery().account(1001).instrument("EURUSD").from(AuditQuery.Bound.parse("--from",
            "3000")),
            r -> r.accountId() == 1001 && r.instrumentId() == 1 && r.sequence() >= 3000);
    }

    @Test
    void causalChainOfAStrategyOrder()
    {
        final AuditRecord accepted = all.stream().filter(r -> r.message().equals("OrderAccepted"))
            .filter(r -> fieldOf(r, "strategyId") != 0).skip(2).findFirst().orElseThrow();
        final long orderId = accepted.orderId();
        final List<AuditRecord> chain = run(new AuditQuery().order(orderId));

        final AuditRecord cause = chain.get(0);
        assertTrue(cause.input());
        assertEquals("MarketTick", cause.message(), "a strategy order is caused by a tick");
        assertEquals(accepted.sequence(), cause.sequence());
        assertEquals(input(accepted.sequence()).timeNs(), cause.timeNs());
        assertEquals(accepted, chain.get(1));
        final AuditRecord routed = chain.get(2);
        assertEquals("OrderRouted", routed.message());
        assertEquals(accepted.sequence(), routed.sequence());
        final AuditRecord report = chain.stream().filter(r -> r.message().equals("ExecutionReport")).findFirst()
            .orElseThrow();
        assertTrue(report.input() && report.sequence() > accepted.sequence());
        final AuditRecord fill = chain.stream().filter(r -> r.message().equals("Fill")).findFirst().orElseThrow();
        final AuditRecord position = chain.stream().filter(r -> r.message().equals("PositionUpdate")).findFirst()
            .orElseThrow();
        assertEquals(report.sequence(), fill.sequence(), "the fill comes from the venue's report");
        assertEquals(fill.sequence(), position.sequence());
        assertTrue(chain.indexOf(report) < chain.indexOf(fill) && chain.indexOf(fill) < chain.indexOf(position));
        assertEquals(fill.timeNs(), report.timeNs());
        for (final AuditRecord record : chain)
        {
            assertTrue(record.orderId() == orderId || record.orderId() == 0, "only this order: " + record);
            assertTrue(all.contains(record), "the chain holds journaled records: " + record);
        }
        assertFalse(chain.stream().anyMatch(r -> r.message().equals("MarketTick")
            && r.sequence() != accepted.sequence()),
            "no unrelated ticks");
        assertEquals(chain, run(new AuditQuery().order(accepted.clientOrderId())), "found by client order id");
        assertEquals(chain, run(new AuditQuery().order(report.venueOrderId())), "found by venue order id");
        assertThrows(IllegalArgumentException.class, () -> run(new AuditQuery().order(987_654_321L)));
    }

    private static AuditRecord input(final long sequence)
    {
        return all.stream().filter(r -> r.input() && r.sequence() == sequence).findFirst().orElseThrow();
    }

    private static long fieldOf(final AuditRecord record, final String name)
    {
        return record.fields().stream().filter(f -> f.name().equals(name)).mapToLong(f -> Long.parseLong(f.value()))
            .findFirst().orElseThrow();
    }

    /** Every record the query returns matches, none of all the others that match is missing, and there are some. */
    private static List<AuditRecord> assertFiltered(final AuditQuery query, final Predicate<AuditRecord> matching)
    {
        final List<AuditRecord> selected = run(query);
        assertFalse(selected.isEmpty());
        assertTrue(selected.size() < all.size(), "the filter drops something");
        selected.forEach(r -> assertTrue(matching.test(r), "does not match: " + r));
        assertEquals(all.stream().filter(matching).toList(), selected);
        return selected;
    }

    static List<AuditRecord> run(final AuditQuery query)
    {
        final List<AuditRecord> records = new ArrayList<>();
        final long count = query.run(data, records::add, (reached, last) -> { });
        assertEquals(records.size(), count);
        return records;
    }
}
