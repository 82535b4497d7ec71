package io.tradingcore.strategy.examples;

import io.tradingcore.backtest.BacktestResult;
import io.tradingcore.backtest.BacktestRun;
import io.tradingcore.backtest.BacktestSettings;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.strategy.StrategyParameters;
import io.tradingcore.venue.VenueSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The example strategies on the shipped sample day with a commission of 7.00 a lot: their defaults trade a
 * handful of times, the built-in config attaches the crossover with exactly those defaults, and windows given
 * without a bar length still count ticks, so journals attached before bar closes replay as recorded.
 */
class ExampleStrategiesTest
{
    private static final long MONEY = 1_000_000L;
    private static final Path SAMPLE = Path.of("..", "samples", "EURUSD_20140508.mt5.csv.gz");

    private final ReferenceData reference = ReferenceData.defaults();
    private int runs;

    @TempDir
    Path temp;

    private BacktestResult backtest(final String strategy, final String parameters) throws IOException
    {
        final BacktestSettings settings = new BacktestSettings(
            List.of(BacktestSettings.tickFile(SAMPLE, null, reference, Duration.ZERO, false)), strategy, parameters,
            reference, new VenueSettings(7 * MONEY, 0), 0, temp.resolve("run-" + ++runs));
        return BacktestRun.run(settings, ExampleStrategies.catalog(), (fraction, ticks) -> { });
    }

    @Test
    void defaultsTradeAHandfulOfTimesOnTheSampleDay() throws IOException
    {
        // the figures core-engine/README.md gives; on windows of ticks the same day took 1,910 and 312 round trips
        final BacktestResult crossover = backtest(MovingAverageCrossover.NAME, "symbol=EURUSD");
        assertEquals("4", crossover.value("trades"));
        assertEquals("-25.80", crossover.value("net_pnl"));
        final BacktestResult reversion = backtest(MeanReversionBand.NAME, "symbol=EURUSD");
        assertEquals("8", reversion.value("trades"));
        assertEquals("-19.90", reversion.value("net_pnl"));
    }

    @Test
    void theBuiltInConfigAttachesTheCrossoverWithItsDefaults() throws IOException
    {
        final String line = builtInConfig().lines().filter(l -> l.startsWith("strategy 1 ma-crossover "))
            .findFirst().orElse(null);
        assertNotNull(line, "the built-in config attaches ma-crossover as strategy 1");
        final String parameters = Arrays.stream(line.split(" ")).skip(3)
            .filter(pair -> !pair.startsWith("account=") && !pair.startsWith("tenant="))
            .collect(Collectors.joining(";"));
        assertEquals("symbol=EURUSD;bar=" + MovingAverageCrossover.BAR_SECONDS + ";fast=" +
            MovingAverageCrossover.FAST_BARS + ";slow=" + MovingAverageCrossover.SLOW_BARS + ";band=" +
            MovingAverageCrossover.BAND_POINTS + ";quantity=0.10", parameters, "every default spelled out");

        final BacktestResult spelled = backtest(MovingAverageCrossover.NAME, parameters);
        final BacktestResult defaults = backtest(MovingAverageCrossover.NAME, "symbol=EURUSD");
        assertEquals(defaults.trades(), spelled.trades());
        assertEquals(defaults.value("net_pnl"), spelled.value("net_pnl"));
    }

    @Test
    void windowsGivenWithoutABarCountTicksAsBeforeBarCloses() throws IOException
    {
        // 1,910 and 312: what the examples traded on the sample with these windows before they took bar closes
        final BacktestResult crossover = backtest(MovingAverageCrossover.NAME, "symbol=EURUSD;fast=20;slow=100");
        assertEquals("1910", crossover.value("trades"));
        assertEquals(backtest(MovingAverageCrossover.NAME, "symbol=EURUSD;bar=0;fast=20;slow=100").trades(),
            crossover.trades(), "no bar is bar=0 once a window is given");

        final BacktestResult reversion = backtest(MeanReversionBand.NAME, "symbol=EURUSD;window=200");
        assertEquals("312", reversion.value("trades"));
        assertEquals(backtest(MeanReversionBand.NAME, "symbol=EURUSD;bar=0;window=200;band=20").trades(),
            reversion.trades(), "no bar is bar=0, band 20 once the window or band is given");
    }

    @Test
    void badParametersAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> crossover("symbol=EURUSD;bar=-1"));
        assertThrows(IllegalArgumentException.class, () -> crossover("symbol=EURUSD;bar=300;fast=48;slow=12"));
        assertThrows(IllegalArgumentException.class, () -> crossover("symbol=EURUSD;band=-5"));
        assertThrows(IllegalArgumentException.class, () -> new MeanReversionBand(
            StrategyParameters.parse("symbol=EURUSD;bar=300;band=0")));
        assertNotNull(crossover("symbol=EURUSD;bar=60;fast=5;slow=20;band=0"), "a band of 0 switches on any gap");
    }

    private static MovingAverageCrossover crossover(final String parameters)
    {
        return new MovingAverageCrossover(StrategyParameters.parse(parameters));
    }

    private static String builtInConfig() throws IOException
    {
        try (InputStream in = ReferenceData.class.getResourceAsStream("/config/default-core.conf"))
        {
            assertNotNull(in, "the built-in config is on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
