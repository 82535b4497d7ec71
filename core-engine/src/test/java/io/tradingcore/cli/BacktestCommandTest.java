package io.tradingcore.cli;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.strategy.StrategyCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's answers: exit 0 on success, 2 with one line on bad input. */
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
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"first_tick_utc\": \"2024-03-05T08:00:00.000Z\""));
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
        assertEquals(2, BacktestCommand.run(new String[] {"--ticks", file, "--strategy", "ma-crossover", "--out", out,
            "--slippage", "-1"}));
        assertEquals(2, BacktestCommand.run(new String[] {"--strategy", "ma-crossover", "--out", out}));
        assertEquals(0, BacktestCommand.run(new String[] {"--list-strategies"}));
    }

    @Test
    void aClassThatIsNoStrategyIsRefused()
    {
        final StrategyCatalog catalog = ExampleStrategies.catalog();
        assertThrows(IllegalArgumentException.class, () -> BacktestCommand.registerClass(catalog, "java.lang.String"));
        BacktestCommand.registerClass(catalog, "io.tradingcore.strategy.examples.MeanReversionBand");
        assertTrue(catalog.contains("io.tradingcore.strategy.examples.MeanReversionBand"));
    }
}
