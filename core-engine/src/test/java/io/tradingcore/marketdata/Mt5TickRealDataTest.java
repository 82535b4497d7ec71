package io.tradingcore.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tradingcore.marketdata.TestTicks.Tick;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The real files: the repository sample (always present) and, when the shared data directory
 * exists next to the repository, the larger files. Tests run with the module directory
 * (core-engine) as working directory, as surefire does.
 */
class Mt5TickRealDataTest
{

    static final Path SAMPLE = Path.of("..", "samples", "EURUSD_20140508.mt5.csv.gz");
    static final Path SHARED_TICKS = Path.of("..", "..", "shared", "data", "ticks");

    static final Tick SAMPLE_FIRST = Tick.of("2014-05-08T05:00:17.007Z", 139147, 139148, 0, 0, 6);
    static final Tick SAMPLE_LAST = Tick.of("2014-05-09T04:59:59.235Z", 138371, 138374, 0, 0, 2);

    /** Keeps count, first and last tick without storing all ticks. */
    static final class Summary implements TickSink
    {
        long count;
        Tick first;
        Tick last;
        long prevTime = Long.MIN_VALUE;
        long backwards;

        @Override
        public void onTick(final long timeMsc, final long bid, final long ask, final long last, final long volume,
            final int flags)
        {
            Tick t = new Tick(timeMsc, bid, ask, last, volume, flags);
            if (count++ == 0)
            {
                first = t;
            }
            this.last = t;
            if (timeMsc < prevTime)
            {
                backwards++;
            }
            prevTime = timeMsc;
        }
    }

    private static Path shared(final String name)
    {
        Path p = SHARED_TICKS.resolve(name);
        assumeTrue(Files.isDirectory(SHARED_TICKS), "shared data not present at " + SHARED_TICKS.toAbsolutePath());
        assertTrue(Files.isRegularFile(p), "shared data directory exists but lacks " + p);
        return p;
    }

    @Test
    void sampleEurusdReads167430TicksWithKnownFirstAndLast() throws IOException
    {
        assertTrue(Files.isRegularFile(SAMPLE), "missing sample " + SAMPLE.toAbsolutePath());
        try (Mt5TickReader r = Mt5TickReader.open(SAMPLE, 5))
        {
            assertTrue(r.isGzip());
            assertEquals("EURUSD", r.symbol());
            Summary s = new Summary();
            assertEquals(167_430, r.readAll(s));
            assertEquals(167_430, s.count);
            assertEquals(SAMPLE_FIRST, s.first);
            assertEquals(SAMPLE_LAST, s.last);
            assertEquals(0, s.backwards);
            assertEquals(167_430, r.rowsRead());
            assertEquals(0, r.rowsSkipped());
            assertEquals(167_431, r.lineNumber());
            assertEquals(r.sizeBytes(), r.bytesRead());
            assertEquals(Files.size(SAMPLE), r.sizeBytes());
        }
    }

    /** Every tick of the sample against a plain reference parser (split, BigDecimal, LocalDateTime). */
    @Test
    void sampleAgreesTickForTickWithAReferenceParser() throws IOException
    {
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern("yyyy.MM.dd HH:mm:ss.SSS");
        BigDecimal scale = BigDecimal.TEN.pow(5);
        long[] count = {0};
        try (BufferedReader ref = new BufferedReader(new InputStreamReader(
                 new GZIPInputStream(Files.newInputStream(SAMPLE)), StandardCharsets.UTF_8));
             Mt5TickReader r = Mt5TickReader.open(SAMPLE, 5))
             {
            assertEquals(TestTicks.HEADER, ref.readLine());
            long[] bidAsk = new long[2];
            r.readAll((timeMsc, bid, ask, last, volume, flags) ->
            {
                String line;
                try
                {
                    line = ref.readLine();
                }
                catch (IOException e)
                {
                    throw new AssertionError(e);
                }
                String[] f = line.split("\t", -1);
                assertEquals(7, f.length, line);
                long time = LocalDateTime.parse(f[0] + " " + f[1], fmt).toInstant(ZoneOffset.UTC).toEpochMilli();
                if (!f[2].isEmpty())
                {
                    bidAsk[0] = new BigDecimal(f[2]).multiply(scale).longValueExact();
                }
                if (!f[3].isEmpty())
                {
                    bidAsk[1] = new BigDecimal(f[3]).multiply(scale).longValueExact();
                }
                assertEquals(time, timeMsc, line);
                assertEquals(bidAsk[0], bid, line);
                assertEquals(bidAsk[1], ask, line);
                assertEquals(0, last, line);
                assertEquals(0, volume, line);
                assertEquals(Integer.parseInt(f[6]), flags, line);
                count[0]++;
            });
            assertEquals(null, ref.readLine());
        }
        assertEquals(167_430, count[0]);
    }

    @Test
    void sharedPlainEurusdEqualsTheGzippedSample() throws IOException
    {
        Path plain = shared("EURUSD_20140508.mt5.csv");
        List<Tick> a = TestTicks.readAll(plain, 5);
        List<Tick> b = TestTicks.readAll(SAMPLE, 5);
        assertEquals(167_430, a.size());
        assertEquals(a, b);
    }

    @Test
    void sharedXauusdReads199095TicksAtThreeDigits() throws IOException
    {
        Path p = shared("XAUUSD_20140508.mt5.csv");
        try (Mt5TickReader r = Mt5TickReader.open(p, 3))
        {
            assertTrue(!r.isGzip());
            assertEquals("XAUUSD", r.symbol());
            Summary s = new Summary();
            assertEquals(199_095, r.readAll(s));
            assertEquals(199_095, r.rowsRead());
            assertEquals(Tick.of("2014-05-08T00:00:00.042Z", 1_290_330, 1_290_660, 0, 0, 6), s.first);
            assertEquals(Tick.of("2014-05-08T23:59:59.341Z", 1_290_875, 1_291_209, 0, 0, 6), s.last);
            assertEquals(0, s.backwards);
        }
    }

    @Test
    void sharedTwoWeekEurusdGzReads1144542Ticks() throws IOException
    {
        Path p = shared("EURUSD_20140501_20140515.mt5.csv.gz");
        try (Mt5TickReader r = Mt5TickReader.open(p, 5))
        {
            Summary s = new Summary();
            assertEquals(1_144_542, r.readAll(s));
            assertEquals(Tick.of("2014-05-01T05:00:01.787Z", 138_727, 138_729, 0, 0, 6), s.first);
            assertEquals(Tick.of("2014-05-16T04:59:59.718Z", 137_151, 137_151, 0, 0, 4), s.last);
            assertEquals(0, s.backwards);
            assertEquals(r.sizeBytes(), r.bytesRead());
        }
    }

    @Test
    void sharedEurusdAndXauusdMergeInTimeOrder() throws IOException
    {
        Path xau = shared("XAUUSD_20140508.mt5.csv");
        try (Mt5TickMerge merge = Mt5TickMerge.open(Mt5TickFile.of(SAMPLE, 5), Mt5TickFile.of(xau, 3)))
        {
            long[] perSource = new long[2];
            long[] prev = {Long.MIN_VALUE, -1};
            long total = merge.readAll((src, t, b, a, l, v, f) ->
            {
                perSource[src]++;
                assertTrue(t > prev[0] || (t == prev[0] && src >= prev[1]), "order broken at " + t);
                prev[0] = t;
                prev[1] = src;
            });
            assertEquals(167_430 + 199_095, total);
            assertEquals(167_430, perSource[0]);
            assertEquals(199_095, perSource[1]);
        }
    }
}
