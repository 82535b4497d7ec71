package io.tradingcore.backtest;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.marketdata.MalformedTickRowException;
import io.tradingcore.replay.ReplayVerifier;
import io.tradingcore.strategy.StrategyCatalog;
import io.tradingcore.venue.VenueSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backtests on hand-made MT5 tick files with a strategy whose result is known to the cent. */
class BacktestRunTest
{
    private static final long MONEY = 1_000_000L;
    private static final String HEADER = "<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>\r\n";

    @TempDir
    Path temp;

    private final ReferenceData reference = ReferenceData.defaults();

    private static StrategyCatalog catalog()
    {
        return ExampleStrategies.catalog().register(BuyThenSell.NAME, BuyThenSell::new);
    }

    /** 30 EURUSD ticks a second apart from 10:00:00 UTC: bid 1.10000 + 10 points a tick, spread 2 points. */
    private Path eurusd(final String name) throws IOException
    {
        final StringBuilder rows = new StringBuilder(HEADER);
        for (int i = 0; i < 30; i++)
        {
            rows.append(String.format("2024.03.05\t10:00:%02d.000\t1.%05d\t1.%05d\t\t\t6\r\n", i, 10_000 + 10 * i,
                10_002 + 10 * i));
        }
        return write(name, rows.toString());
    }

    private Path write(final String name, final String text) throws IOException
    {
        final Path file = temp.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private BacktestSettings settings(final Path ticks, final String parameters, final VenueSettings venue,
        final long latencyNs, final String out)
    {
        return new BacktestSettings(List.of(BacktestSettings.tickFile(ticks, null, reference, Duration.ZERO, false)),
            BuyThenSell.NAME, parameters, reference, venue, latencyNs, temp.resolve(out));
    }

    private static BacktestResult run(final BacktestSettings settings) throws IOException
    {
        final BacktestResult result = BacktestRun.run(settings, catalog(), (fraction, ticks) -> { });
        BacktestFiles.write(result);
        return result;
    }

    @Test
    void knownTradeGivesExactPnlAndCommission() throws IOException
    {
        final BacktestResult result = run(settings(eurusd("EURUSD_20240305.csv"), "symbol=EURUSD",
            new VenueSettings(7 * MONEY, 0), 0, "known"));

        // bought 1 lot at the first ask 1.10002, sold at the 10th bid 1.10090: 88 points of $1, $14 commission
        assertEquals(1, result.trades().size());
        assertArrayEquals(new String[] {"1", "EURUSD", "BUY", "2024-03-05T10:00:00.000Z", "1.10002",
            "2024-03-05T10:00:09.000Z", "1.10090", "1.0000", "74.00", "14.00"},
            BacktestFiles.tradeRows(result.trades()).get(0));
        assertEquals("74.00", result.value("net_pnl"));
        assertEquals("14.00", result.value("commission"));
        assertEquals("100074.00", result.value("final_equity"));
        assertEquals("1", result.value("trades"));
        assertEquals("100.00", result.value("win_rate_pct"));
        assertEquals("n/a", result.value("profit_factor"));
        assertEquals("n/a", result.value("sharpe"));
        assertEquals("30", result.value("ticks_processed"));
        final String trades = Files.readString(temp.resolve("known").resolve("trades.csv"));
        assertEquals(String.join(",", BacktestFiles.TRADE_COLUMNS) + "\n" +
            "1,EURUSD,BUY,2024-03-05T10:00:00.000Z,1.10002,2024-03-05T10:00:09.000Z,1.10090,1.0000,74.00,14.00\n",
                trades);
        assertTrue(Files.readString(temp.resolve("known").resolve("summary.json")).contains("\"net_pnl\": 74.00,"));
        assertTrue(Files.readString(temp.resolve("known").resolve("equity.csv")).startsWith(
            "time_utc,balance,equity,drawdown\n2024-03-05T10:00:00.000Z,100000.00,100000.00,0.00\n"));
    }

    @Test
    void sameBacktestTwiceIsByteIdenticalAndReplays() throws IOException
    {
        final Path ticks = eurusd("EURUSD_20240305.csv");
        final VenueSettings venue = new VenueSettings(7 * MONEY, 5_000, 2);
        final BacktestResult first = run(settings(ticks, "symbol=EURUSD;lots=2", venue, 1_500_000_000L, "first"));
        final BacktestResult second = run(settings(ticks, "symbol=EURUSD;lots=2", venue, 1_500_000_000L, "second"));

        assertArrayEquals(Files.readAllBytes(temp.resolve("first").resolve("summary.json")),
            Files.readAllBytes(temp.resolve("second").resolve("summary.json")));
        assertArrayEquals(Files.readAllBytes(temp.resolve("first").resolve("trades.csv")),
            Files.readAllBytes(temp.resolve("second").resolve("trades.csv")));
        assertEquals(first.stateHash(), second.stateHash());

        final ReplayVerifier.Result replay = ReplayVerifier.verify(temp.resolve("first"), catalog(), (a, b) -> { });
        assertTrue(replay.identical(), () -> String.valueOf(replay.divergence()));
        assertEquals(first.stateHash(), replay.stateHash());
        assertEquals(first.inputs(), replay.inputs());
    }

    @Test
    void slippageMovesMarketFillsAgainstTheOrder() throws IOException
    {
        final BacktestResult result = run(settings(eurusd("EURUSD_20240305.csv"), "symbol=EURUSD",
            new VenueSettings(0, 0, 3), 0, "slipped"));

        final String[] trade = BacktestFiles.tradeRows(result.trades()).get(0);
        assertEquals("1.10005", trade[4]);
        assertEquals("1.10087", trade[6]);
        assertEquals("82.00", trade[8]);
    }

    @Test
    void latencyDelaysOrdersToTheVenueInEngineTime() throws IOException
    {
        final BacktestResult result = run(settings(eurusd("EURUSD_20240305.csv"), "symbol=EURUSD",
            VenueSettings.defaults(), 2_500_000_000L, "late"));

        // sent at 10:00:00 and 10:00:09, they reach the venue 2.5 s later: the touch of ticks 3 and 12
        final String[] trade = BacktestFiles.tradeRows(result.trades()).get(0);
        assertEquals("2024-03-05T10:00:02.500Z", trade[3]);
        assertEquals("1.10022", trade[4]);
        assertEquals("2024-03-05T10:00:11.500Z", trade[5]);
        assertEquals("1.10110", trade[6]);
    }

    @Test
    void partialFillsByVolumeCap() throws IOException
    {
        final BacktestResult result = run(settings(eurusd("EURUSD_20240305.csv"), "symbol=EURUSD;lots=2",
            new VenueSettings(0, 10_000), 0, "capped"));

        // the market orders are IOC: the cap fills 1 lot of 2 and the venue cancels the rest
        final String[] trade = BacktestFiles.tradeRows(result.trades()).get(0);
        assertEquals("1.10002", trade[4]);
        assertEquals("1.0000", trade[7]);
        assertEquals("88.00", trade[8]);
    }

    @Test
    void twoFilesAreMergedInTimeOrder() throws IOException
    {
        final Path eurusd = eurusd("EURUSD_20240305.csv");
        final StringBuilder gold = new StringBuilder(HEADER);
        for (int i = 0; i < 30; i++)
        {
            gold.append(String.format("2024.03.05\t10:00:%02d.500\t2100.%03d\t2100.%03d\t\t\t6\r\n", i, 100 + i,
                300 + i));
        }
        final Path xauusd = write("XAUUSD_20240305.csv", gold.toString());
        final BacktestSettings settings = new BacktestSettings(
            List.of(BacktestSettings.tickFile(xauusd, null, reference, Duration.ZERO, false),
                BacktestSettings.tickFile(eurusd, null, reference, Duration.ZERO, false)),
            BuyThenSell.NAME, "symbol=EURUSD", reference, VenueSettings.defaults(), 0, temp.resolve("merged"));
        final BacktestResult result = run(settings);

        assertEquals(60, result.ticks());
        assertEquals("2024-03-05T10:00:29.500Z", result.value("last_tick_utc"));
        // the EURUSD ticks come between the gold ticks, so the 10th EURUSD tick is still at 10:00:09
        assertEquals("2024-03-05T10:00:09.000Z", BacktestFiles.tradeRows(result.trades()).get(0)[5]);
        final ReplayVerifier.Result replay = ReplayVerifier.verify(temp.resolve("merged"), catalog(), (a, b) -> { });
        assertTrue(replay.identical());
    }

    @Test
    void malformedRowsStopWithFileAndLineOrAreCountedWhenSkipped() throws IOException
    {
        final String good = Files.readString(eurusd("good.csv"));
        final String bad = good.replace("1.10050\t1.10052", "1.1x050\t1.10052").replace("10:00:20.000", "10:0");
        final Path file = write("EURUSD_20240306.csv", bad);

        final MalformedTickRowException failure = assertThrows(MalformedTickRowException.class,
            () -> run(settings(file, "symbol=EURUSD", VenueSettings.defaults(), 0, "strict")));
        assertEquals("EURUSD_20240306.csv", failure.fileName());
        assertEquals(7, failure.lineNumber());

        final BacktestSettings skipping = new BacktestSettings(
            List.of(BacktestSettings.tickFile(file, null, reference, Duration.ZERO, true)), BuyThenSell.NAME,
            "symbol=EURUSD", reference, VenueSettings.defaults(), 0, temp.resolve("skipping"));
        final BacktestResult result = run(skipping);
        assertEquals(2, result.rowsSkipped());
        assertEquals("2", result.value("rows_skipped"));
        assertEquals(28, result.ticks());
    }

    @Test
    void unknownSymbolAndBadParametersAreClearErrors() throws IOException
    {
        final Path gbp = write("GBPUSD_20240305.csv", HEADER);
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> BacktestSettings.tickFile(gbp, null, reference, Duration.ZERO, false));
        assertTrue(unknown.getMessage().startsWith("symbol GBPUSD of GBPUSD_20240305.csv is not defined"));

        final BacktestSettings badParameter = settings(eurusd("EURUSD_20240305.csv"), "symbol=EURUSD;exit=ten",
            VenueSettings.defaults(), 0, "bad");
        assertThrows(IllegalArgumentException.class, () -> run(badParameter));
    }

    @Test
    void sweepWritesOneRowPerCombinationInGridOrder() throws IOException
    {
        final ParameterGrid grid = ParameterGrid.parse(List.of("exit=10,20", "lots=1,0.5")).withDefault("symbol",
            "EURUSD");
        final BacktestSettings base = settings(eurusd("EURUSD_20240305.csv"), "", VenueSettings.defaults(), 0, "sweep");
        final List<BacktestResult> results = BacktestSweep.run(base, grid, catalog(), 2, result -> { });

        assertEquals(4, results.size());
        final List<String> lines = Files.readAllLines(temp.resolve("sweep").resolve("sweep.csv"));
        assertEquals(5, lines.size());
        assertTrue(lines.get(0).startsWith("exit,lots,symbol,net_pnl,"));
        assertTrue(lines.get(1).startsWith("10,1,EURUSD,88.00,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("10,0.5,EURUSD,44.00,"), lines.get(2));
        assertTrue(lines.get(3).startsWith("20,1,EURUSD,188.00,"), lines.get(3));
        assertTrue(lines.get(4).startsWith("20,0.5,EURUSD,94.00,"), lines.get(4));
        assertTrue(lines.get(4).endsWith(",exit=20_lots=0.5"));
        assertTrue(Files.isRegularFile(temp.resolve("sweep").resolve("exit=10_lots=1").resolve("summary.json")));
    }

    @Test
    void realSampleWithMovingAverageCrossoverTrades() throws IOException
    {
        final Path sample = Path.of("..", "samples", "EURUSD_20140508.mt5.csv.gz");
        final BacktestSettings settings = new BacktestSettings(
            List.of(BacktestSettings.tickFile(sample, null, reference, Duration.ZERO, false)), "ma-crossover",
            "symbol=EURUSD", reference, new VenueSettings(7 * MONEY, 0), 0, temp.resolve("sample"));
        final BacktestResult result = run(settings);

        assertEquals(167_430, result.ticks());
        assertTrue(result.trades().size() > 0);
        assertTrue(Long.parseLong(result.value("trades")) > 0);
        for (final String key : List.of("net_pnl", "return_pct", "max_drawdown", "sharpe", "sortino", "win_rate_pct",
            "profit_factor", "exposure_pct", "state_hash"))
        {
            assertNotNull(result.value(key), key);
        }
        final String summary = Files.readString(temp.resolve("sample").resolve("summary.json"));
        assertTrue(summary.startsWith("{\n  \"strategy\": \"ma-crossover\","));
        assertTrue(Files.readString(temp.resolve("sample").resolve("run.json")).contains("\"ticks_per_second\""));
    }
}
