package io.tradingcore.cli;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.strategy.StrategyCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's answers: exit 0 on success, 2 with the reason on bad input, the usage after a wrong option. */
class BacktestCommandTest
{
    @TempDir
    Path temp;

    private Path ticks() throws IOException
    {
        final StringBuilder rows = new StringBuilder("<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>\r\n");
        for (int i = 0; i < 200; i++)
        {
            rows.append(String.format("2024.03.05\t10:%02d:%02d.000\t1.%05d\t1.%05d\t\t\t6\r\n", i / 60, i % 60,
                10_000 + (i % 37) * 3, 10_002 + (i % 37) * 3));
        }
        final Path file = temp.resolve("EURUSD_20240305.csv");
        Files.writeString(file, rows, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void runsAStrategyGivenByClassNameAndWritesItsFiles() throws IOException
    {
        final Path out = temp.resolve("out");
        assertEquals(0, BacktestCommand.run(new String[] {"--ticks", ticks().toString(), "--strategy",
            "io.tradingcore.strategy.examples.MovingAverageCrossover", "--param", "fast=3", "--param", "slow=10",
            "--tz", "+02:00", "--out", out.toString()}));
        for (final String file : new String[] {"summary.json", "trades.csv", "equity.csv", "run.json"})
        {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
        assertTrue(Files.readString(out.resolve("summary.json")).contains(
            "\"first_tick_utc\": \"2024-03-05T08:00:00.000Z\""));
    }

    @Test
    void badInputExitsWithTwo() throws IOException
    {
        final String file = ticks().toString();
        final String out = temp.resolve("bad").toString();
        assertEquals(2, BacktestCommand.run(new String[] {"--ticks", file, "--strategy", "no-such", "--out", out}));
        assertEquals(2, BacktestCommand.run(new String[] {"--ticks", "missing.csv", "--strategy", "ma-crossover",
            "--out", out}));
        assertEquals(2, BacktestCommand.run(new String[] {"--ticks", file, "--strategy", "ma-crossover", "--param",
            "fast=x", "--out", out}));
        assertEquals(2, BacktestCommand.run(new String[] {"--ticks", file, "--strategy", "ma-crossover", "--symbol",
            "GBPUSD", "--out", out}));
        assertEquals(2, BacktestCommand.run(new String[] {"--ticks", file, "--strategy", "ma-crossover", "--symbol",
            "EURUSD,EURUSD", "--out", out}));
        assertEquals(2, BacktestCommand.run(new String[] {"--ticks", file, "--strategy", "ma-crossover", "--out", out,
            "--slippage", "-1"}));
        assertEquals(2, BacktestCommand.run(new String[] {"--strategy", "ma-crossover", "--out", out}));
        assertEquals(0, BacktestCommand.run(new String[] {"--list-strategies"}));
    }

    @Test
    void equalsSignsAndSpacesGiveTheSameBacktest() throws IOException
    {
        final String file = ticks().toString();
        final Path spaced = temp.resolve("spaced");
        final Path joined = temp.resolve("joined");
        final Outcome first = backtest("--ticks", file, "--strategy", "ma-crossover", "--param", "fast=3", "slow=10",
            "--tz", "-01:30", "--commission", "7.00", "--slippage", "1", "--latency-ms", "50", "--out",
            spaced.toString());
        final Outcome second = backtest("--ticks=" + file, "--strategy=ma-crossover", "--param=fast=3",
            "--param=slow=10",
            "--tz=-01:30", "--commission=7.00", "--slippage=1", "--latency-ms=50", "--out=" + joined);
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(0, second.exitCode(), second.err());
        final String summary = Files.readString(spaced.resolve("summary.json"));
        assertTrue(summary.contains("\"first_tick_utc\": \"2024-03-05T11:30:00.000Z\""), summary);
        assertTrue(summary.contains("slow=10"), "both --param values reached the strategy: " + summary);
        assertEquals(summary, Files.readString(joined.resolve("summary.json")));
    }

    @Test
    void aWrongOptionIsNamedAboveTheUsage() throws IOException
    {
        final Outcome unknown = backtest("--strategy", "ma-crossover", "--tick", "x.csv");
        assertEquals(2, unknown.exitCode());
        final List<String> lines = unknown.err().lines().toList();
        assertEquals("backtest: Unknown options: '--tick', 'x.csv'", lines.get(0));
        assertEquals("Usage: scripts/backtest --ticks FILE... --strategy NAME|CLASS --out DIR [options]", lines.get(1));

        final Outcome badValue = backtest("--tz", "Mars", "--list-strategies");
        assertEquals(2, badValue.exitCode());
        assertEquals("backtest: Invalid value for option '--tz': 'Mars' is not an offset like +02:00, -5 or 3",
            badValue.err().lines().findFirst().orElseThrow());
        final Outcome negative = backtest("--ticks", ticks().toString(), "--strategy", "ma-crossover", "--out",
            temp.resolve("negative").toString(), "--slippage=-1");
        assertEquals(2, negative.exitCode());
        assertEquals("backtest: --slippage must not be negative, got '-1'", negative.err().lines().findFirst()
            .orElseThrow());
    }

    @Test
    void helpListsEveryOption()
    {
        final Outcome help = backtest("--help");
        assertEquals(0, help.exitCode(), help.err());
        assertEquals("", help.err());
        for (final String option : List.of("--ticks", "--strategy", "--param", "--out", "--tz", "--symbol",
            "--skip-bad-rows", "--config", "--slippage", "--latency-ms", "--max-fill", "--commission", "--threads",
            "--list-strategies"))
        {
            assertTrue(help.out().contains("  " + option), option + " in " + help.out());
        }
        assertFalse(help.out().contains(CommandLines.COMPLETION), help.out());
        final Outcome script = backtest(CommandLines.COMPLETION);
        assertEquals(0, script.exitCode(), script.err());
        assertTrue(script.out().contains("complete -F _complete_scripts/backtest "), script.out());
    }

    @Test
    void aClassThatIsNoStrategyIsRefused()
    {
        final StrategyCatalog catalog = ExampleStrategies.catalog();
        assertThrows(IllegalArgumentException.class, () -> BacktestCommand.registerClass(catalog, "java.lang.String"));
        BacktestCommand.registerClass(catalog, "io.tradingcore.strategy.examples.MeanReversionBand");
        assertTrue(catalog.contains("io.tradingcore.strategy.examples.MeanReversionBand"));
    }

    private record Outcome(int exitCode, String out, String err)
    {
    }

    private static Outcome backtest(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = BacktestCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
