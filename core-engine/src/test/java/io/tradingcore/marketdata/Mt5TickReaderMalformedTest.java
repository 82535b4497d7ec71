package io.tradingcore.marketdata;

import static io.tradingcore.marketdata.TestTicks.resource;
import static io.tradingcore.marketdata.TestTicks.text;
import static io.tradingcore.marketdata.TestTicks.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradingcore.marketdata.TestTicks.Collector;
import io.tradingcore.marketdata.TestTicks.Tick;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Mt5TickReaderMalformedTest
{

    static final String GOOD = "2024.01.02\t00:00:00.000\t1.10412\t1.10415\t\t\t6";
    /** A good row valid at any digits. */
    static final String GOOD_ANY_DIGITS = "2024.01.02\t00:00:00.000\t1.1\t1.2\t\t\t6";

    /** The errors in EURUSD_fixture_bad.mt5.csv, in line order. */
    static final List<String> BAD_FIXTURE_ERRORS = List.of(
        "EURUSD_fixture_bad.mt5.csv:2: first tick has no bid: nothing to carry forward",
        "EURUSD_fixture_bad.mt5.csv:4: bid '1.3x' is not a number",
        "EURUSD_fixture_bad.mt5.csv:5: flags '' is not a non-negative integer",
        "EURUSD_fixture_bad.mt5.csv:6: too few fields: expected 7 tab-separated fields, found 3",
        "EURUSD_fixture_bad.mt5.csv:7: date '2024.13.02' is not a valid YYYY.MM.DD date",
        "EURUSD_fixture_bad.mt5.csv:8: bid '1.104151' has more than 5 decimals",
        "EURUSD_fixture_bad.mt5.csv:10: time '24:00:00.000' is not a valid HH:MM:SS[.mmm] time");

    static final List<Tick> BAD_FIXTURE_GOOD_TICKS = List.of(
        Tick.of("2024-01-02T00:00:00.123Z", 110412, 110415, 0, 0, 6),
        Tick.of("2024-01-02T00:00:00.700Z", 110415, 110415, 0, 0, 2),
        Tick.of("2024-01-02T00:00:00.800Z", 110415, 110417, 0, 0, 4));

    @TempDir
    Path tmp;

    @Test
    void eachMalformedRowThrowsWithFileAndLineAndReadingCanGoOn() throws IOException
    {
        Path p = resource("EURUSD_fixture_bad.mt5.csv");
        List<String> messages = new ArrayList<>();
        Collector c = new Collector();
        try (Mt5TickReader r = Mt5TickReader.open(p, 5))
        {
            while (true)
            {
                try
                {
                    if (r.read(c, 100) == 0)
                    {
                        break;
                    }
                }
                catch (MalformedTickRowException e)
                {
                    messages.add(e.getMessage());
                    assertEquals("EURUSD_fixture_bad.mt5.csv", e.fileName());
                    assertEquals(r.lineNumber(), e.lineNumber());
                    assertTrue(e.getMessage().endsWith(e.reason()));
                }
            }
            assertEquals(0, r.rowsSkipped());
            assertEquals(10, r.rowsRead());
            assertEquals(3, r.ticksDelivered());
        }
        assertEquals(BAD_FIXTURE_ERRORS, messages);
        assertEquals(BAD_FIXTURE_GOOD_TICKS, c.ticks);
    }

    @Test
    void skipBadRowsCountsAndDropsThemWhole() throws IOException
    {
        Mt5TickFile f = Mt5TickFile.builder(resource("EURUSD_fixture_bad.mt5.csv")).digits(5).skipBadRows(true).build();
        try (Mt5TickReader r = f.open())
        {
            assertNull(r.lastSkipReason());
            Collector c = new Collector();
            assertEquals(3, r.readAll(c));
            assertEquals(BAD_FIXTURE_GOOD_TICKS, c.ticks);
            assertEquals(10, r.rowsRead());
            assertEquals(7, r.rowsSkipped());
            assertEquals(3, r.ticksDelivered());
            assertEquals(11, r.lineNumber());
            assertEquals(BAD_FIXTURE_ERRORS.get(6), r.lastSkipReason());
        }
    }

    @Test
    void skippedRowsDoNotCountTowardTheLimit() throws IOException
    {
        Mt5TickFile f = Mt5TickFile.builder(resource("EURUSD_fixture_bad.mt5.csv")).digits(5).skipBadRows(true).build();
        try (Mt5TickReader r = f.open())
        {
            Collector c = new Collector();
            assertEquals(1, r.read(c, 1)); // skips line 2, delivers line 3
            assertEquals(1, r.rowsSkipped());
            assertEquals(1, r.read(c, 1)); // skips lines 4-8, delivers line 9
            assertEquals(6, r.rowsSkipped());
            assertEquals(1, r.read(c, 1)); // skips line 10, delivers line 11
            assertEquals(0, r.read(c, 1));
            assertEquals(BAD_FIXTURE_GOOD_TICKS, c.ticks);
        }
    }

    @Test
    void aSkippedRowDoesNotChangeTheCarriedForwardQuote() throws IOException
    {
        Path p = write(tmp.resolve("EURUSD_atomic.csv"), text("\n",
            GOOD,
            "2024.01.02\t00:00:00.100\t1.20000\t1.2x\t\t\t6",   // bid fine, ask bad: whole row dropped
            "2024.01.02\t00:00:00.200\t\t\t\t\t0"), StandardCharsets.UTF_8);
        List<Tick> ticks = TestTicks.readAll(Mt5TickFile.builder(p).digits(5).skipBadRows(true).build());
        assertEquals(2, ticks.size());
        assertEquals(110412, ticks.get(1).bid());
        assertEquals(110415, ticks.get(1).ask());
    }

    @Test
    void firstTickWithoutAskIsMalformedButASkipLetsALaterFullQuoteStart() throws IOException
    {
        Path p = write(tmp.resolve("EURUSD_noask.csv"), text("\n",
            "2024.01.02\t00:00:00.000\t1.10412\t\t\t\t2",
            "2024.01.02\t00:00:00.001\t1.10412\t0\t\t\t2",
            GOOD), StandardCharsets.UTF_8);
        MalformedTickRowException e = assertThrows(MalformedTickRowException.class, () -> TestTicks.readAll(p, 5));
        assertEquals("EURUSD_noask.csv:2: first tick has no ask: nothing to carry forward", e.getMessage());
        try (Mt5TickReader r = Mt5TickReader.open(Mt5TickFile.builder(p).digits(5).skipBadRows(true).build()))
        {
            Collector c = new Collector();
            assertEquals(1, r.readAll(c));
            assertEquals(2, r.rowsSkipped());
            assertEquals(110415, c.ticks.get(0).ask());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value =
    {
        // row (\t written as <TAB>) | digits | expected reason
        "2024.01.02<TAB>00:00:00.000<TAB>1.3x<TAB>1.2<TAB><TAB><TAB>6|5|bid '1.3x' is not a number",
        "2024.01.02<TAB>00:00:00.000<TAB>1.1<TAB>abc<TAB><TAB><TAB>6|5|ask 'abc' is not a number",
        "2024.01.02<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB>1,5<TAB><TAB>6|5|last '1,5' is not a number",
        "2024.01.02<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB>1e3<TAB>6|5|volume '1e3' is not a number",
        "2024.01.02<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB>-1<TAB>6|5|volume '-1' is negative",
        "2024.01.02<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB>0.00001<TAB>6|5|" +
            "volume '0.00001' has more than 4 decimals",
        "2024.01.02<TAB>00:00:00.000<TAB>1290.3301<TAB>1.2<TAB><TAB><TAB>6|3|bid '1290.3301' has more than 3 decimals",
        "2024.01.02<TAB>00:00:00.000<TAB>1.1<TAB>1.2.3<TAB><TAB><TAB>6|5|ask '1.2.3' is not a number",
        "2024.01.02<TAB>00:00:00.000<TAB>.<TAB>1.2<TAB><TAB><TAB>6|5|bid '.' is not a number",
        "2024.01.02<TAB>00:00:00.000<TAB>-<TAB>1.2<TAB><TAB><TAB>6|5|bid '-' is not a number",
        "2024.01.02<TAB>00:00:00.000<TAB> 1.1<TAB>1.2<TAB><TAB><TAB>6|5|bid ' 1.1' is not a number",
        "2024.01.02<TAB>00:00:00.000<TAB>99999999999999.1<TAB>1.2<TAB><TAB><TAB>6|5|" +
            "bid '99999999999999.1' is out of range",
        "2024.01.02<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>x|5|flags 'x' is not a non-negative integer",
        "2024.01.02<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>-6|5|flags '-6' is not a non-negative integer",
        "2024.01.02<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>99999999999|5|" +
            "flags '99999999999' is not a non-negative integer",
        "2024.01.02<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB>|5|" +
            "too few fields: expected 7 tab-separated fields, found 6",
        "2024.01.02 00:00:00.000 1.1 1.2   6|5|too few fields: expected 7 tab-separated fields, found 1",
        "2024.01.02<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6<TAB>extra|5|" +
            "too many fields: expected 7 tab-separated fields",
        "2024.02.30<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6|5|" +
            "date '2024.02.30' is not a valid YYYY.MM.DD date",
        "2023.02.29<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6|5|" +
            "date '2023.02.29' is not a valid YYYY.MM.DD date",
        "2024.04.31<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6|5|" +
            "date '2024.04.31' is not a valid YYYY.MM.DD date",
        "2024-01-02<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6|5|" +
            "date '2024-01-02' is not a valid YYYY.MM.DD date",
        "2024.1.2<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6|5|date '2024.1.2' is not a valid YYYY.MM.DD date",
        "2024.00.02<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6|5|" +
            "date '2024.00.02' is not a valid YYYY.MM.DD date",
        "<TAB>00:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6|5|date '' is not a valid YYYY.MM.DD date",
        "2024.01.02<TAB>00:60:00.000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6|5|" +
            "time '00:60:00.000' is not a valid HH:MM:SS[.mmm] time",
        "2024.01.02<TAB>00:00:60<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6|5|time '00:00:60' is not a valid HH:MM:SS[.mmm] time",
        "2024.01.02<TAB>0:00:00.000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6|5|" +
            "time '0:00:00.000' is not a valid HH:MM:SS[.mmm] time",
        "2024.01.02<TAB>00:00:00.0001<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6|5|" +
            "time '00:00:00.0001' is not a valid HH:MM:SS[.mmm] time",
        "2024.01.02<TAB>00:00:00.<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6|5|" +
            "time '00:00:00.' is not a valid HH:MM:SS[.mmm] time",
        "2024.01.02<TAB>00:00:00,000<TAB>1.1<TAB>1.2<TAB><TAB><TAB>6|5|" +
            "time '00:00:00,000' is not a valid HH:MM:SS[.mmm] time",
        "2024.01.02<TAB>00:00:00.000<TAB><TAB>1.2<TAB><TAB><TAB>4|5|first tick has no bid: nothing to carry forward",
        "2024.01.02<TAB>00:00:00.000<TAB>0<TAB>0<TAB><TAB><TAB>6|5|first tick has no bid: nothing to carry forward",
    })
    void malformedRowMessagesNameFileLineAndProblem(final String row, final int digits,
        final String reason) throws IOException
    {
        String r = row.replace("<TAB>", "\t");
        // line 2 is a good row (except when testing the first tick), the bad row is line 3
        boolean firstTick = reason.startsWith("first tick");
        Path p = firstTick
            ? write(tmp.resolve("EURUSD_bad.csv"), text("\r\n", r, GOOD_ANY_DIGITS), StandardCharsets.UTF_8)
            : write(tmp.resolve("EURUSD_bad.csv"), text("\r\n", GOOD_ANY_DIGITS, r, GOOD_ANY_DIGITS),
                StandardCharsets.UTF_8);
        long line = firstTick ? 2 : 3;
        MalformedTickRowException e = assertThrows(MalformedTickRowException.class, () -> TestTicks.readAll(p, digits));
        assertEquals("EURUSD_bad.csv:" + line + ": " + reason, e.getMessage());
        assertEquals(line, e.lineNumber());
        assertEquals(reason, e.reason());

        // with skipBadRows the same file delivers the good rows and counts the bad one
        try (Mt5TickReader sr = Mt5TickFile.builder(p).digits(digits).skipBadRows(true).build().open())
        {
            assertEquals(firstTick ? 1 : 2, sr.readAll(new Collector()));
            assertEquals(1, sr.rowsSkipped());
            assertEquals("EURUSD_bad.csv:" + line + ": " + reason, sr.lastSkipReason());
        }
    }

    @Test
    void longFieldsAreShortenedInMessages() throws IOException
    {
        String longBid = "1." + "x".repeat(100);
        Path p = write(tmp.resolve("EURUSD_long.csv"),
            text("\n", "2024.01.02\t00:00:00.000\t" + longBid + "\t1.2\t\t\t6"), StandardCharsets.UTF_8);
        MalformedTickRowException e = assertThrows(MalformedTickRowException.class, () -> TestTicks.readAll(p, 5));
        assertEquals("EURUSD_long.csv:2: bid '" + longBid.substring(0, 40) + "...' is not a number", e.getMessage());
    }

    @Test
    void overlongLineIsMalformedAndSkippable() throws IOException
    {
        String huge = "2024.01.02\t00:00:00.000\t1." + "1".repeat(Mt5TickReader.MAX_LINE_CHARS + 10) + "\t1.2\t\t\t6";
        Path p = write(tmp.resolve("EURUSD_huge.csv"), text("\r\n", GOOD, huge, GOOD), StandardCharsets.UTF_8);
        MalformedTickRowException e = assertThrows(MalformedTickRowException.class, () -> TestTicks.readAll(p, 5));
        assertEquals("EURUSD_huge.csv:3: line is longer than " + Mt5TickReader.MAX_LINE_CHARS + " characters",
            e.getMessage());
        try (Mt5TickReader r = Mt5TickFile.builder(p).digits(5).skipBadRows(true).build().open())
        {
            assertEquals(2, r.readAll(new Collector()));
            assertEquals(1, r.rowsSkipped());
            assertEquals(4, r.lineNumber());
        }
    }

    @Test
    void wrongHeaderIsAnErrorNamingTheFileEvenWithSkipBadRows() throws IOException
    {
        Path p = write(tmp.resolve("EURUSD_hdr.csv"),
            "<DATE>\t<TIME>\t<BID>\t<ASK>\r\n" + GOOD + "\r\n", StandardCharsets.UTF_8);
        MalformedTickRowException e = assertThrows(MalformedTickRowException.class,
            () -> Mt5TickFile.builder(p).digits(5).skipBadRows(true).build().open());
        assertTrue(e.getMessage().startsWith("EURUSD_hdr.csv:1: not an MT5 tick export header"), e.getMessage());
        assertTrue(e.getMessage().contains("found '<DATE>\\t<TIME>\\t<BID>\\t<ASK>'"), e.getMessage());

        Path noHeader = write(tmp.resolve("EURUSD_nohdr.csv"), GOOD + "\r\n", StandardCharsets.UTF_8);
        MalformedTickRowException e2 = assertThrows(MalformedTickRowException.class, () -> Mt5TickReader.open(noHeader,
            5));
        assertTrue(e2.getMessage().startsWith("EURUSD_nohdr.csv:1: not an MT5 tick export header"), e2.getMessage());
    }

    @Test
    void zeroByteFileIsAnErrorNamingTheFile() throws IOException
    {
        Path p = write(tmp.resolve("EURUSD_zero.csv"), new byte[0]);
        MalformedTickRowException e = assertThrows(MalformedTickRowException.class, () -> Mt5TickReader.open(p, 5));
        assertEquals("EURUSD_zero.csv:1: empty file: no MT5 header row", e.getMessage());
    }
}
