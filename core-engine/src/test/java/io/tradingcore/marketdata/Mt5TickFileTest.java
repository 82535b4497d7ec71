package io.tradingcore.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Mt5TickFileTest
{

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value =
    {
        "EURUSD_20140508.mt5.csv|EURUSD",
        "EURUSD_202401020000_202401312359.csv|EURUSD",
        "XAUUSD.a_20140508.csv|XAUUSD.a",
        "EURUSD_20140501_20140515.mt5.csv.gz|EURUSD",
        "/data/ticks/GBPUSD_20240102.csv|GBPUSD",
        "relative/dir/USDJPY.m_202401020000_202401312359.csv.gz|USDJPY.m",
        "GER40_cash_202401020000_202401312359.csv|GER40_cash",
        "EURUSD_fixture.mt5.csv|EURUSD",
        "EURUSD.csv|EURUSD",
        "XAUUSD.a.mt5.csv.gz|XAUUSD.a",
        "BTCUSD|BTCUSD",
    })
    void symbolFromFileName(final String path, final String expected)
    {
        assertEquals(expected, Mt5TickFile.symbolFromFileName(Path.of(path)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"_20140508.csv", ".csv"})
    void symbolFromFileNameRejectsNamesWithoutSymbol(final String name)
    {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Mt5TickFile.symbolFromFileName(Path.of(name)));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void symbolFromFileNameRejectsRootPath()
    {
        assertThrows(IllegalArgumentException.class, () -> Mt5TickFile.symbolFromFileName(Path.of("/")));
    }

    @Test
    void builderDefaultsAndSettings()
    {
        Mt5TickFile f = Mt5TickFile.of(Path.of("EURUSD_20140508.mt5.csv"), 5);
        assertEquals("EURUSD", f.symbol());
        assertEquals(5, f.digits());
        assertEquals(100_000L, f.priceScale());
        assertEquals(Duration.ZERO, f.timeZoneOffset());
        assertFalse(f.skipBadRows());

        Mt5TickFile g = Mt5TickFile.builder(Path.of("x/XAUUSD.a_20140508.csv"))
            .digits(3).timeZoneOffset("+02:00").skipBadRows(true).symbol("XAUUSD").build();
        assertEquals("XAUUSD", g.symbol());
        assertEquals(1_000L, g.priceScale());
        assertEquals(Duration.ofHours(2), g.timeZoneOffset());
        assertEquals(7_200_000L, g.timeZoneOffsetMillis());
        assertTrue(g.skipBadRows());
        assertEquals(Path.of("x/XAUUSD.a_20140508.csv"), g.path());
    }

    @Test
    void timeZoneOffsetForms()
    {
        Path p = Path.of("EURUSD_20140508.csv");
        assertEquals(Duration.ofMinutes(-330),
            Mt5TickFile.builder(p).digits(5).timeZoneOffsetMinutes(-330).build().timeZoneOffset());
        assertEquals(Duration.ofHours(3),
            Mt5TickFile.builder(p).digits(5).timeZoneOffset(ZoneOffset.ofHours(3)).build().timeZoneOffset());
        assertEquals(Duration.ofHours(-5),
            Mt5TickFile.builder(p).digits(5).timeZoneOffset(Duration.ofHours(-5)).build().timeZoneOffset());
    }

    @Test
    void builderValidation()
    {
        Mt5TickFile.Builder b = Mt5TickFile.builder(Path.of("EURUSD_20140508.csv"));
        assertThrows(IllegalStateException.class, b::build); // digits required
        assertThrows(IllegalArgumentException.class, () -> b.digits(-1));
        assertThrows(IllegalArgumentException.class, () -> b.digits(Mt5TickFile.MAX_DIGITS + 1));
        assertThrows(IllegalArgumentException.class, () -> b.timeZoneOffset(Duration.ofHours(19)));
        assertThrows(IllegalArgumentException.class, () -> b.timeZoneOffset(Duration.ofNanos(1)));
        assertThrows(IllegalArgumentException.class, () -> b.symbol(""));
        assertEquals(1_000_000_000L, Mt5TickFile.priceScale(9));
        assertEquals(1L, Mt5TickFile.priceScale(0));
    }
}
