package io.tradingcore.marketdata;

import static io.tradingcore.marketdata.TestTicks.text;
import static io.tradingcore.marketdata.TestTicks.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradingcore.marketdata.TestTicks.Merged;
import io.tradingcore.marketdata.TestTicks.MergedCollector;
import io.tradingcore.marketdata.TestTicks.Tick;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mt5TickMergeTest
{

    @TempDir
    Path tmp;

    private Path eurusd() throws IOException
    {
        return write(tmp.resolve("EURUSD_20240102.mt5.csv"), text("\r\n",
            "2024.01.02\t10:00:00.001\t1.10001\t1.10003\t\t\t6",
            "2024.01.02\t10:00:00.003\t1.10002\t\t\t\t2",
            "2024.01.02\t10:00:00.005\t\t1.10004\t\t\t4",
            "2024.01.02\t10:00:00.005\t1.10003\t\t\t\t2"), StandardCharsets.UTF_8);
    }

    private Path xauusd() throws IOException
    {
        return write(tmp.resolve("XAUUSD_20240102.mt5.csv"), text("\n",
            "2024.01.02\t10:00:00.002\t2050.1\t2050.5\t\t\t6",
            "2024.01.02\t10:00:00.003\t2050.2\t\t\t\t2",
            "2024.01.02\t10:00:00.004\t\t2050.6\t\t\t4",
            "2024.01.02\t10:00:00.005\t2050.3\t2050.7\t\t\t6",
            "2024.01.02\t10:00:00.006\t2050.4\t\t\t\t2"), StandardCharsets.UTF_8);
    }

    private static Merged m(final int source, final String isoUtc, final long bid, final long ask, final int flags)
    {
        return new Merged(source, Tick.of(isoUtc, bid, ask, 0, 0, flags));
    }

    @Test
    void interleavedFilesComeOutInTimeOrderTiesByFileOrder() throws IOException
    {
        try (Mt5TickMerge merge = Mt5TickMerge.open(Mt5TickFile.of(eurusd(), 5), Mt5TickFile.of(xauusd(), 3)))
        {
            assertEquals(2, merge.sourceCount());
            assertEquals("EURUSD", merge.source(0).symbol());
            assertEquals("XAUUSD", merge.source(1).symbol());
            assertEquals(3, merge.source(1).digits());
            MergedCollector c = new MergedCollector();
            assertEquals(9, merge.readAll(c));
            assertEquals(List.of(
                m(0, "2024-01-02T10:00:00.001Z", 110001, 110003, 6),
                m(1, "2024-01-02T10:00:00.002Z", 2050100, 2050500, 6),
                m(0, "2024-01-02T10:00:00.003Z", 110002, 110003, 2),
                m(1, "2024-01-02T10:00:00.003Z", 2050200, 2050500, 2),
                m(1, "2024-01-02T10:00:00.004Z", 2050200, 2050600, 4),
                m(0, "2024-01-02T10:00:00.005Z", 110002, 110004, 4),
                m(0, "2024-01-02T10:00:00.005Z", 110003, 110004, 2),
                m(1, "2024-01-02T10:00:00.005Z", 2050300, 2050700, 6),
                m(1, "2024-01-02T10:00:00.006Z", 2050400, 2050700, 2)), c.ticks);
            assertEquals(9, merge.ticksDelivered());
            assertEquals(0, merge.read(c, 10));
            assertEquals(merge.sizeBytes(), merge.bytesRead());
        }
    }

    @Test
    void tiesFollowTheOrderOfTheFileList() throws IOException
    {
        try (Mt5TickMerge merge = Mt5TickMerge.open(Mt5TickFile.of(xauusd(), 3), Mt5TickFile.of(eurusd(), 5)))
        {
            MergedCollector c = new MergedCollector();
            merge.readAll(c);
            // at .003 and .005 the XAUUSD file (now source 0) goes first
            List<Integer> sources = c.ticks.stream().map(Merged::source).toList();
            assertEquals(List.of(1, 0, 0, 1, 0, 0, 1, 1, 0), sources);
        }
    }

    @Test
    void eachSourceUsesItsOwnTimeZoneOffset() throws IOException
    {
        // same wall-clock rows; the second file is in UTC+02:00 server time so it is 2 hours earlier in UTC
        Path a = write(tmp.resolve("EURUSD_a.csv"), text("\n",
            "2024.01.02\t10:00:00.000\t1.1\t1.2\t\t\t6",
            "2024.01.02\t11:00:00.000\t1.3\t\t\t\t2"), StandardCharsets.UTF_8);
        Path b = write(tmp.resolve("GBPUSD_b.csv"), text("\n",
            "2024.01.02\t11:30:00.000\t1.25\t1.26\t\t\t6",
            "2024.01.02\t12:30:00.000\t1.27\t\t\t\t2"), StandardCharsets.UTF_8);
        try (Mt5TickMerge merge = Mt5TickMerge.open(List.of(
            Mt5TickFile.of(a, 5), Mt5TickFile.builder(b).digits(5).timeZoneOffset("+02:00").build())))
            {
            MergedCollector c = new MergedCollector();
            merge.readAll(c);
            assertEquals(List.of(1, 0, 1, 0), c.ticks.stream().map(Merged::source).toList());
            assertEquals(TestTicks.ms("2024-01-02T09:30:00Z"), c.ticks.get(0).tick().timeMsc());
        }
    }

    @Test
    void manyBlocksLimitsAndBackwardsTimesKeepPerFileOrder() throws IOException
    {
        // 3 sources with more rows than one block; source 1 has a time jump backwards; source 2 is header-only
        int rowsA = 10_000;
        int rowsB = 9_001;
        Path a = write(tmp.resolve("EURUSD_many.csv"), rows(rowsA, 0, 3, -1, 5), StandardCharsets.UTF_8);
        Path b = write(tmp.resolve("USDJPY_many.csv"), rows(rowsB, 1, 2, 5_000, 3), StandardCharsets.UTF_8);
        Path empty = write(tmp.resolve("GBPUSD_empty.csv"), TestTicks.HEADER + "\r\n", StandardCharsets.UTF_8);
        List<Mt5TickFile> files = List.of(Mt5TickFile.of(a, 5), Mt5TickFile.of(b, 3), Mt5TickFile.of(empty, 5));

        MergedCollector all = new MergedCollector();
        try (Mt5TickMerge merge = Mt5TickMerge.open(files))
        {
            assertEquals(rowsA + rowsB, merge.readAll(all));
        }
        MergedCollector chunked = new MergedCollector();
        try (Mt5TickMerge merge = Mt5TickMerge.open(files))
        {
            int n;
            int calls = 0;
            while ((n = merge.read(chunked, 7)) > 0)
            {
                assertTrue(n <= 7);
                calls++;
            }
            assertEquals((rowsA + rowsB + 6) / 7, calls);
        }
        assertEquals(all.ticks, chunked.ticks);

        // per-file order is kept (stable), and each file's ticks are all there
        List<Tick> fromA = new ArrayList<>();
        List<Tick> fromB = new ArrayList<>();
        for (Merged t : all.ticks)
        {
            (t.source() == 0 ? fromA : fromB).add(t.tick());
        }
        assertEquals(TestTicks.readAll(a, 5), fromA);
        assertEquals(TestTicks.readAll(b, 3), fromB);

        // the merge always emits the earliest head: the output is sorted except where a file itself
        // goes backwards (source 1 at row 5000): count the descents, there must be exactly one region
        long prev = Long.MIN_VALUE;
        int descents = 0;
        for (Merged t : all.ticks)
        {
            if (t.tick().timeMsc() < prev)
            {
                descents++;
                assertEquals(1, t.source());
            }
            prev = t.tick().timeMsc();
        }
        assertEquals(1, descents);
    }

    /** Rows at times start, start+step, ...; at row {@code backAt} time jumps back by 1000 steps. */
    private static String rows(final int n, final int startMs, final int stepMs, final int backAt, final int decimals)
    {
        String price = "1.%0" + decimals + "d";
        int base = decimals == 5 ? 10_000 : 100;
        String[] r = new String[n];
        long t = startMs;
        for (int i = 0; i < n; i++)
        {
            if (i == backAt)
            {
                t -= 1000L * stepMs;
            }
            r[i] = String.format("2024.01.02\t%02d:%02d:%02d.%03d\t" + price + "\t" + price + "\t\t\t6",
                t / 3_600_000, t / 60_000 % 60, t / 1000 % 60, t % 1000, base + i % 800, base + 10 + i % 800);
            t += stepMs;
        }
        return text("\r\n", r);
    }

    @Test
    void malformedRowInOneSourceThrowsAndTheMergeCanGoOn() throws IOException
    {
        Path bad = write(tmp.resolve("EURUSD_bad.csv"), text("\n",
            "2024.01.02\t10:00:00.001\t1.1\t1.2\t\t\t6",
            "2024.01.02\t10:00:00.002\tbad\t\t\t\t2",
            "2024.01.02\t10:00:00.009\t1.3\t\t\t\t2"), StandardCharsets.UTF_8);
        try (Mt5TickMerge merge = Mt5TickMerge.open(Mt5TickFile.of(bad, 5), Mt5TickFile.of(xauusd(), 3)))
        {
            MergedCollector c = new MergedCollector();
            MalformedTickRowException e = assertThrows(MalformedTickRowException.class, () -> merge.readAll(c));
            assertEquals("EURUSD_bad.csv:3: bid 'bad' is not a number", e.getMessage());
            merge.readAll(c);
            assertEquals(List.of(0, 1, 1, 1, 1, 1, 0), c.ticks.stream().map(Merged::source).toList());
            assertEquals(TestTicks.ms("2024-01-02T10:00:00.009Z"), c.ticks.get(6).tick().timeMsc());
        }
    }

    @Test
    void aThrowingSinkDoesNotBreakTheOrder() throws IOException
    {
        MergedCollector expected = new MergedCollector();
        try (Mt5TickMerge merge = Mt5TickMerge.open(Mt5TickFile.of(eurusd(), 5), Mt5TickFile.of(xauusd(), 3)))
        {
            merge.readAll(expected);
        }
        try (Mt5TickMerge merge = Mt5TickMerge.open(Mt5TickFile.of(eurusd(), 5), Mt5TickFile.of(xauusd(), 3)))
        {
            MergedCollector got = new MergedCollector();
            int[] calls = {0};
            MergedTickSink sink = (s, t, b, a, l, v, f) ->
            {
                got.onTick(s, t, b, a, l, v, f);
                if (++calls[0] == 2)
                {
                    throw new IllegalStateException("sink failed");
                }
            };
            // the failing call is the XAUUSD tick at .002, right before a tie at .003
            assertThrows(IllegalStateException.class, () -> merge.readAll(sink));
            assertEquals(2, got.ticks.size());
            assertEquals(7, merge.readAll(sink));
            // each tick exactly once, in the same order (time, then file order) as without the failure
            assertEquals(expected.ticks, got.ticks);
        }
    }

    @Test
    void openFailureClosesAlreadyOpenedFilesAndNamesTheBadOne() throws IOException
    {
        Path badHeader = write(tmp.resolve("GBPUSD_hdr.csv"), "DATE,TIME,BID\n", StandardCharsets.UTF_8);
        MalformedTickRowException e = assertThrows(MalformedTickRowException.class,
            () -> Mt5TickMerge.open(Mt5TickFile.of(eurusd(), 5), Mt5TickFile.of(badHeader, 5)));
        assertTrue(e.getMessage().startsWith("GBPUSD_hdr.csv:1:"), e.getMessage());
    }

    @Test
    void closeIsIdempotentAndReadAfterCloseFails() throws IOException
    {
        Mt5TickMerge merge = Mt5TickMerge.open(Mt5TickFile.of(eurusd(), 5));
        merge.close();
        merge.close();
        assertThrows(IllegalStateException.class, () -> merge.read(new MergedCollector(), 1));
    }
}
