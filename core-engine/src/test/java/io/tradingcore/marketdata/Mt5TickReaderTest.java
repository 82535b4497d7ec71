package io.tradingcore.marketdata;

import static io.tradingcore.marketdata.TestTicks.bytes;
import static io.tradingcore.marketdata.TestTicks.gzip;
import static io.tradingcore.marketdata.TestTicks.readAll;
import static io.tradingcore.marketdata.TestTicks.resource;
import static io.tradingcore.marketdata.TestTicks.text;
import static io.tradingcore.marketdata.TestTicks.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradingcore.marketdata.TestTicks.Collector;
import io.tradingcore.marketdata.TestTicks.Tick;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Mt5TickReaderTest
{

    /** The ticks of the EURUSD_fixture files (5 digits, UTC). */
    static final List<Tick> EURUSD_FIXTURE = List.of(
        Tick.of("2024-01-02T00:00:00.123Z", 110412, 110415, 0, 0, 6),
        Tick.of("2024-01-02T00:00:00.250Z", 110413, 110415, 0, 0, 2),
        Tick.of("2024-01-02T00:00:01.007Z", 110413, 110418, 0, 0, 4),
        Tick.of("2024-01-02T00:00:01.007Z", 110410, 110420, 0, 0, 6),
        Tick.of("2024-01-02T23:59:59.999Z", 109999, 110420, 0, 0, 2));

    /** The same rows as text, for writing variants. */
    static final String[] EURUSD_ROWS =
    {
        "2024.01.02\t00:00:00.123\t1.10412\t1.10415\t\t\t6",
        "2024.01.02\t00:00:00.250\t1.10413\t\t\t\t2",
        "2024.01.02\t00:00:01.007\t\t1.10418\t\t\t4",
        "2024.01.02\t00:00:01.007\t1.1041\t1.1042\t\t\t6",
        "2024.01.02\t23:59:59.999\t1.09999\t\t\t\t2",
    };

    @TempDir
    Path tmp;

    // ---- checked-in fixtures -------------------------------------------------------------

    @Test
    void crlfUtf8FixtureCarriesBidAndAskForward() throws IOException
    {
        Path p = resource("EURUSD_fixture.mt5.csv");
        assertEquals(EURUSD_FIXTURE, readAll(p, 5));
        try (Mt5TickReader r = Mt5TickReader.open(p, 5))
        {
            assertEquals("EURUSD", r.symbol());
            assertEquals(StandardCharsets.UTF_8, r.charset());
            assertFalse(r.isGzip());
            assertEquals(1, r.lineNumber()); // header read on open
            r.readAll(new Collector());
            assertEquals(5, r.rowsRead());
            assertEquals(5, r.ticksDelivered());
            assertEquals(0, r.rowsSkipped());
            assertEquals(6, r.lineNumber());
        }
    }

    @Test
    void gzipFixture() throws IOException
    {
        Path p = resource("EURUSD_fixture.mt5.csv.gz");
        assertEquals(EURUSD_FIXTURE, readAll(p, 5));
        try (Mt5TickReader r = Mt5TickReader.open(p, 5))
        {
            assertTrue(r.isGzip());
        }
    }

    @Test
    void utf16leWithBomCrlfFixtureAsMt5WritesIt() throws IOException
    {
        Path p = resource("EURUSD_fixture_utf16le.mt5.csv");
        assertEquals(EURUSD_FIXTURE, readAll(p, 5));
        try (Mt5TickReader r = Mt5TickReader.open(p, 5))
        {
            assertEquals(StandardCharsets.UTF_16LE, r.charset());
        }
    }

    @Test
    void lfFixtureWithZerosLastVolumeAndSecondsWithoutMillis() throws IOException
    {
        Path p = resource("XAUUSD.a_fixture_zeros.csv");
        List<Tick> expected = List.of(
            Tick.of("2024-02-29T09:30:00Z", 1290300, 1290660, 0, 0, 6),
            Tick.of("2024-02-29T09:30:00.500Z", 1290300, 1290700, 0, 0, 4),
            Tick.of("2024-02-29T09:30:01Z", 1290301, 1290700, 1290500, 15_000, 26),
            Tick.of("2024-02-29T09:30:02.040Z", 1290301, 1290700, 1290500, 100, 16),
            Tick.of("2024-03-01T00:00:00Z", 1290000, 1291000, 1290500, 1_000_000, 6));
        assertEquals(expected, readAll(p, 3));
        try (Mt5TickReader r = Mt5TickReader.open(p, 3))
        {
            assertEquals("XAUUSD.a", r.symbol());
            assertEquals(3, r.digits());
        }
    }

    // ---- line ends, compression, encodings --------------------------------------------------

    @Test
    void lfAndCrlfGiveTheSameTicks() throws IOException
    {
        Path lf = write(tmp.resolve("EURUSD_lf.csv"), text("\n", EURUSD_ROWS), StandardCharsets.UTF_8);
        Path crlf = write(tmp.resolve("EURUSD_crlf.csv"), text("\r\n", EURUSD_ROWS), StandardCharsets.UTF_8);
        assertEquals(EURUSD_FIXTURE, readAll(lf, 5));
        assertEquals(EURUSD_FIXTURE, readAll(crlf, 5));
    }

    @Test
    void lastLineWithoutLineEnd() throws IOException
    {
        String s = text("\r\n", EURUSD_ROWS);
        Path p = write(tmp.resolve("EURUSD_noeol.csv"), s.substring(0, s.length() - 2), StandardCharsets.UTF_8);
        assertEquals(EURUSD_FIXTURE, readAll(p, 5));
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByName() throws IOException
    {
        byte[] plain = text("\r\n", EURUSD_ROWS).getBytes(StandardCharsets.UTF_8);
        Path gzNamedCsv = write(tmp.resolve("EURUSD_gz.csv"), gzip(plain));
        Path plainNamedGz = write(tmp.resolve("EURUSD_plain.csv.gz"), plain);
        assertEquals(EURUSD_FIXTURE, readAll(gzNamedCsv, 5));
        assertEquals(EURUSD_FIXTURE, readAll(plainNamedGz, 5));
        try (Mt5TickReader a = Mt5TickReader.open(gzNamedCsv, 5); Mt5TickReader b = Mt5TickReader.open(plainNamedGz, 5))
        {
            assertTrue(a.isGzip());
            assertFalse(b.isGzip());
        }
    }

    @Test
    void utf8WithBom() throws IOException
    {
        Path p = write(tmp.resolve("EURUSD_bom.csv"), text("\r\n", EURUSD_ROWS), StandardCharsets.UTF_8,
            bytes(0xEF, 0xBB, 0xBF));
        assertEquals(EURUSD_FIXTURE, readAll(p, 5));
    }

    @Test
    void utf16leWithBomLf() throws IOException
    {
        Path p = write(tmp.resolve("EURUSD_16le.csv"), text("\n", EURUSD_ROWS), StandardCharsets.UTF_16LE,
            bytes(0xFF, 0xFE));
        assertEquals(EURUSD_FIXTURE, readAll(p, 5));
    }

    @Test
    void utf16beWithBom() throws IOException
    {
        Path p = write(tmp.resolve("EURUSD_16be.csv"), text("\r\n", EURUSD_ROWS), StandardCharsets.UTF_16BE,
            bytes(0xFE, 0xFF));
        assertEquals(EURUSD_FIXTURE, readAll(p, 5));
        try (Mt5TickReader r = Mt5TickReader.open(p, 5))
        {
            assertEquals(StandardCharsets.UTF_16BE, r.charset());
        }
    }

    @Test
    void utf16WithoutBomIsRecognisedFromTheHeader() throws IOException
    {
        Path le = write(tmp.resolve("EURUSD_16le_nobom.csv"), text("\r\n", EURUSD_ROWS), StandardCharsets.UTF_16LE);
        Path be = write(tmp.resolve("EURUSD_16be_nobom.csv"), text("\r\n", EURUSD_ROWS), StandardCharsets.UTF_16BE);
        assertEquals(EURUSD_FIXTURE, readAll(le, 5));
        assertEquals(EURUSD_FIXTURE, readAll(be, 5));
    }

    @Test
    void gzippedUtf16leWithBom() throws IOException
    {
        byte[] body = text("\r\n", EURUSD_ROWS).getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[body.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(body, 0, withBom, 2, body.length);
        Path p = write(tmp.resolve("EURUSD_16le.csv.gz"), gzip(withBom));
        assertEquals(EURUSD_FIXTURE, readAll(p, 5));
    }

    // ---- field values ---------------------------------------------------------------------

    @Test
    void zeroAndEmptyFieldsBothMeanUnchanged() throws IOException
    {
        String[] zeros =
        {
            "2024.01.02\t00:00:00.123\t1.10412\t1.10415\t0\t0\t6",
            "2024.01.02\t00:00:00.250\t1.10413\t0\t0\t0\t2",
            "2024.01.02\t00:00:01.007\t0\t1.10418\t0\t0\t4",
            "2024.01.02\t00:00:01.007\t1.1041\t1.1042\t0\t0\t6",
            "2024.01.02\t23:59:59.999\t1.09999\t0.00000\t0.0\t0.0000\t2",
        };
        Path p = write(tmp.resolve("EURUSD_zeros.csv"), text("\r\n", zeros), StandardCharsets.UTF_8);
        assertEquals(EURUSD_FIXTURE, readAll(p, 5));
    }

    @Test
    void lastIsCarriedForwardAndVolumeIsPerTick() throws IOException
    {
        Path p = write(tmp.resolve("SBER_x.csv"), text("\n",
            "2024.01.02\t10:00:00.000\t271.50\t271.55\t\t\t6",
            "2024.01.02\t10:00:00.001\t\t\t271.53\t12\t24",
            "2024.01.02\t10:00:00.002\t271.51\t\t\t\t2",
            "2024.01.02\t10:00:00.003\t\t\t271.54\t0.5\t24",
            "2024.01.02\t10:00:00.004\t\t\t0\t\t0"), StandardCharsets.UTF_8);
        assertEquals(List.of(
            Tick.of("2024-01-02T10:00:00.000Z", 27150, 27155, 0, 0, 6),
            Tick.of("2024-01-02T10:00:00.001Z", 27150, 27155, 27153, 120_000, 24),
            Tick.of("2024-01-02T10:00:00.002Z", 27151, 27155, 27153, 0, 2),
            Tick.of("2024-01-02T10:00:00.003Z", 27151, 27155, 27154, 5_000, 24),
            Tick.of("2024-01-02T10:00:00.004Z", 27151, 27155, 27154, 0, 0)), readAll(p, 2));
    }

    @ParameterizedTest(name = "bid {0} at {1} digits -> {2}")
    @CsvSource(
    {
        "1.39147, 5, 139147",
        "1.3914, 5, 139140",
        "1.391470, 5, 139147",
        "1.3914700000, 5, 139147",
        "1290.3, 3, 1290300",
        "1290.330, 3, 1290330",
        "1290, 3, 1290000",
        "1290., 3, 1290000",
        ".5, 2, 50",
        "0.00001, 5, 1",
        "107.125, 3, 107125",
        "42, 0, 42",
        "42.000, 0, 42",
        "-3.75, 2, -375",
        "0012.34, 2, 1234",
        "123456789.123456789, 9, 123456789123456789",
        "9223372036.854775807, 9, 9223372036854775807",
    })
    void pricesAreParsedDigitByDigitIntoFixedPoint(final String price, final int digits,
        final long expected) throws IOException
    {
        Path p = write(tmp.resolve("X_20240102.csv"),
            text("\n", "2024.01.02\t00:00:00.000\t" + price + "\t" + price + "\t" + price + "\t\t6"),
            StandardCharsets.UTF_8);
        assertEquals(List.of(new Tick(TestTicks.ms("2024-01-02T00:00:00Z"), expected, expected, expected, 0, 6)),
            readAll(p, digits));
    }

    @ParameterizedTest(name = "volume {0} -> {1}")
    @CsvSource(
    {
        "1, 10000",
        "0.01, 100",
        "1.5, 15000",
        "0.0001, 1",
        "2.50000, 25000",
        "1000000, 10000000000",
        "0, 0",
    })
    void volumeHasFourDecimals(final String volume, final long expected) throws IOException
    {
        Path p = write(tmp.resolve("X_20240102.csv"),
            text("\n", "2024.01.02\t00:00:00.000\t1.1\t1.2\t\t" + volume + "\t6"), StandardCharsets.UTF_8);
        assertEquals(expected, readAll(p, 5).get(0).volume());
    }

    // ---- times ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(
    {
        "2014.05.08, 05:00:17.007, 2014-05-08T05:00:17.007Z",
        "2014.05.08, 05:00:17, 2014-05-08T05:00:17Z",
        "2014.05.08, 05:00:17.5, 2014-05-08T05:00:17.500Z",
        "2014.05.08, 05:00:17.05, 2014-05-08T05:00:17.050Z",
        "1970.01.01, 00:00:00.000, 1970-01-01T00:00:00Z",
        "1969.12.31, 23:59:59.999, 1969-12-31T23:59:59.999Z",
        "2000.02.29, 12:00:00, 2000-02-29T12:00:00Z",
        "2024.12.31, 23:59:59.999, 2024-12-31T23:59:59.999Z",
        "2100.03.01, 00:00:00, 2100-03-01T00:00:00Z",
    })
    void dateAndTimeToEpochMillisUtc(final String date, final String time, final String iso) throws IOException
    {
        Path p = write(tmp.resolve("X_20240102.csv"),
            text("\n", date + "\t" + time + "\t1.1\t1.2\t\t\t6"), StandardCharsets.UTF_8);
        assertEquals(TestTicks.ms(iso), readAll(p, 5).get(0).timeMsc());
    }

    @Test
    void timeZoneOffsetConvertsServerTimeToUtc() throws IOException
    {
        Path p = write(tmp.resolve("EURUSD_tz.csv"), text("\r\n",
            "2024.01.02\t01:30:00.000\t1.1\t1.2\t\t\t6",
            "2024.01.02\t23:00:00.250\t1.1\t1.3\t\t\t4"), StandardCharsets.UTF_8);
        // UTC+02:00 server: UTC = server - 2h (crosses midnight backwards)
        List<Tick> plus2 = readAll(Mt5TickFile.builder(p).digits(5).timeZoneOffset(Duration.ofHours(2)).build());
        assertEquals(TestTicks.ms("2024-01-01T23:30:00Z"), plus2.get(0).timeMsc());
        assertEquals(TestTicks.ms("2024-01-02T21:00:00.250Z"), plus2.get(1).timeMsc());
        // the same in minutes and as text
        assertEquals(plus2, readAll(Mt5TickFile.builder(p).digits(5).timeZoneOffsetMinutes(120).build()));
        assertEquals(plus2, readAll(Mt5TickFile.builder(p).digits(5).timeZoneOffset("+02:00").build()));
        // UTC-05:00 server (crosses midnight forwards)
        List<Tick> minus5 = readAll(Mt5TickFile.builder(p).digits(5).timeZoneOffsetMinutes(-300).build());
        assertEquals(TestTicks.ms("2024-01-02T06:30:00Z"), minus5.get(0).timeMsc());
        assertEquals(TestTicks.ms("2024-01-03T04:00:00.250Z"), minus5.get(1).timeMsc());
        // +05:30 (half-hour offset)
        List<Tick> plus530 = readAll(Mt5TickFile.builder(p).digits(5).timeZoneOffset("+05:30").build());
        assertEquals(TestTicks.ms("2024-01-01T20:00:00Z"), plus530.get(0).timeMsc());
    }

    @Test
    void timeGoingBackwardsIsDeliveredAsIs() throws IOException
    {
        Path p = write(tmp.resolve("EURUSD_back.csv"), text("\n",
            "2024.01.02\t10:00:00.500\t1.1\t1.2\t\t\t6",
            "2024.01.02\t10:00:00.100\t1.15\t\t\t\t2",
            "2024.01.01\t10:00:00.100\t1.16\t\t\t\t2"), StandardCharsets.UTF_8);
        List<Tick> t = readAll(p, 5);
        assertEquals(3, t.size());
        assertEquals(TestTicks.ms("2024-01-02T10:00:00.100Z"), t.get(1).timeMsc());
        assertEquals(TestTicks.ms("2024-01-01T10:00:00.100Z"), t.get(2).timeMsc());
        assertEquals(116000, t.get(2).bid());
    }

    // ---- reading in chunks, empty files, counters ----------------------------------------

    @Test
    void readHonoursTheLimitAndReturnsZeroAtEnd() throws IOException
    {
        try (Mt5TickReader r = Mt5TickReader.open(resource("EURUSD_fixture.mt5.csv"), 5))
        {
            Collector c = new Collector();
            assertEquals(2, r.read(c, 2));
            assertEquals(3, r.lineNumber());
            assertEquals(2, r.read(c, 2));
            assertEquals(1, r.read(c, 2));
            assertEquals(0, r.read(c, 2));
            assertEquals(0, r.read(c, 100));
            assertEquals(EURUSD_FIXTURE, c.ticks);
            assertThrows(IllegalArgumentException.class, () -> r.read(c, 0));
        }
    }

    @Test
    void headerOnlyFileDeliversNoTicks() throws IOException
    {
        for (String eol : new String[] {"\r\n", "\n", ""})
        {
            Path p = write(tmp.resolve("EURUSD_empty.csv"), TestTicks.HEADER + eol, StandardCharsets.UTF_8);
            try (Mt5TickReader r = Mt5TickReader.open(p, 5))
            {
                Collector c = new Collector();
                assertEquals(0, r.read(c, 10));
                assertEquals(0, r.rowsRead());
                assertTrue(c.ticks.isEmpty());
            }
        }
    }

    @Test
    void headerWithTrailingTabIsAccepted() throws IOException
    {
        Path p = write(tmp.resolve("EURUSD_tab.csv"),
            TestTicks.HEADER + "\t\r\n" + String.join("\r\n", EURUSD_ROWS) + "\r\n", StandardCharsets.UTF_8);
        assertEquals(EURUSD_FIXTURE, readAll(p, 5));
    }

    @Test
    void blankLinesAndTrailingEmptyFieldsAreIgnored() throws IOException
    {
        Path p = write(tmp.resolve("EURUSD_blank.csv"), TestTicks.HEADER + "\r\n\r\n"
            + EURUSD_ROWS[0] + "\t\t\r\n\n" + String.join("\r\n", Arrays.copyOfRange(EURUSD_ROWS, 1, 5)) + "\r\n\r\n",
            StandardCharsets.UTF_8);
        try (Mt5TickReader r = Mt5TickReader.open(p, 5))
        {
            Collector c = new Collector();
            r.readAll(c);
            assertEquals(EURUSD_FIXTURE, c.ticks);
            assertEquals(5, r.rowsRead());
            assertEquals(9, r.lineNumber()); // header, blank, row, blank, 4 rows, blank
        }
    }

    @Test
    void bytesReadReachesSizeBytesAndNeverDecreases() throws IOException
    {
        StringBuilder sb = new StringBuilder(TestTicks.HEADER).append("\r\n");
        for (int i = 0; i < 50_000; i++)
        {
            sb.append(String.format("2024.01.02\t%02d:%02d:%02d.%03d\t1.%05d\t1.%05d\t\t\t6\r\n",
                i / 3_600_000 % 24, i / 60_000 % 60, i / 1000 % 60, i % 1000, 10000 + i % 5000, 10010 + i % 5000));
        }
        byte[] plain = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (byte[] content : List.of(plain, gzip(plain)))
        {
            Path p = write(tmp.resolve("EURUSD_progress.csv"), content);
            try (Mt5TickReader r = Mt5TickReader.open(p, 5))
            {
                assertEquals(Files.size(p), r.sizeBytes());
                long prev = r.bytesRead();
                assertTrue(prev > 0);
                long total = 0;
                int n;
                boolean sawPartial = false;
                while ((n = r.read((t, b, a, l, v, f) -> { }, 1000)) > 0)
                {
                    total += n;
                    assertTrue(r.bytesRead() >= prev);
                    assertTrue(r.bytesRead() <= r.sizeBytes());
                    sawPartial |= r.bytesRead() < r.sizeBytes();
                    prev = r.bytesRead();
                }
                assertEquals(50_000, total);
                assertTrue(sawPartial, "progress should be visible before the end");
                assertEquals(r.sizeBytes(), r.bytesRead());
            }
        }
    }

    @Test
    void closeIsIdempotentAndReadAfterCloseFails() throws IOException
    {
        Mt5TickReader r = Mt5TickReader.open(resource("EURUSD_fixture.mt5.csv"), 5);
        r.close();
        r.close();
        assertThrows(IllegalStateException.class, () -> r.read(new Collector(), 1));
    }

    @Test
    void truncatedGzipIsAnIoErrorNamingTheFile() throws IOException
    {
        StringBuilder sb = new StringBuilder(TestTicks.HEADER).append("\r\n");
        for (int i = 0; i < 20_000; i++)
        {
            sb.append("2024.01.02\t00:00:00.000\t1.").append(10000 + i).append("\t1.2\t\t\t6\r\n");
        }
        byte[] gz = gzip(sb.toString().getBytes(StandardCharsets.UTF_8));
        Path p = write(tmp.resolve("EURUSD_trunc.csv.gz"), Arrays.copyOf(gz, gz.length / 2));
        try (Mt5TickReader r = Mt5TickReader.open(p, 5))
        {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> r.readAll(new Collector()));
            assertTrue(e.getMessage().contains("EURUSD_trunc.csv.gz"), e.getMessage());
            assertTrue(r.ticksDelivered() > 0);
        }
    }
}
