package io.tradingcore.backtest;

import io.tradingcore.strategy.StrategyCatalog;
import io.tradingcore.strategy.StrategyParameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A parameter sweep: one backtest per combination of the grid, each in its own folder under the output
 * folder, run on a few threads (each backtest is single-threaded and shares nothing), and
 * {@code sweep.csv} with one summary row per combination in grid order, whatever order they finish in.
 */
public final class BacktestSweep
{
    /** The summary fields that make up a row of {@code sweep.csv}, after the parameters. */
    public static final List<String> COLUMNS = List.of("net_pnl", "return_pct", "max_drawdown", "max_drawdown_pct",
        "sharpe", "sortino", "trades", "win_rate_pct", "profit_factor", "commission", "exposure_pct",
        "ticks_processed", "state_hash");

    private BacktestSweep()
    {
    }

    /**
     * @param base     the settings every combination shares; its output folder holds the sweep
     * @param finished told about each finished backtest, on the thread that ran it
     * @return the results in grid order
     */
    public static List<BacktestResult> run(
        final BacktestSettings base, final ParameterGrid grid, final StrategyCatalog catalog, final int threads,
        final Consumer<BacktestResult> finished) throws IOException
    {
        final List<List<String>> combinations = grid.combinations();
        for (final List<String> combination : combinations)
        {
            // Every combination must build before any runs: a typo should not surface after an hour.
            catalog.create(base.strategyName(),
                StrategyParameters.parse(grid.parametersText(combination)));
        }
        Files.createDirectories(base.outDirectory());
        final ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, threads), runnable ->
        {
            final Thread thread = new Thread(runnable, "backtest");
            thread.setDaemon(true);
            return thread;
        });
        final List<Future<BacktestResult>> futures = new ArrayList<>();
        try
        {
            for (final List<String> combination : combinations)
            {
                final BacktestSettings settings = base.withParameters(grid.parametersText(combination),
                    base.outDirectory().resolve(grid.folderName(combination)));
                futures.add(executor.submit(() ->
                {
                    final BacktestResult result = BacktestRun.run(settings, catalog, (fraction, ticks) -> { });
                    BacktestFiles.write(result);
                    finished.accept(result);
                    return result;
                }));
            }
            final List<BacktestResult> results = new ArrayList<>();
            for (final Future<BacktestResult> future : futures)
            {
                results.add(future.get());
            }
            Files.writeString(base.outDirectory().resolve("sweep.csv"), sweepCsv(grid, combinations, results),
                StandardCharsets.UTF_8);
            return results;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted");
        }
        catch (final ExecutionException ex)
        {
            throw rethrow(ex.getCause());
        }
        finally
        {
            executor.shutdownNow();
        }
    }

    private static RuntimeException rethrow(final Throwable cause) throws IOException
    {
        if (cause instanceof IOException io)
        {
            throw io;
        }
        if (cause instanceof UncheckedIOException io)
        {
            throw io.getCause();
        }
        if (cause instanceof RuntimeException runtime)
        {
            return runtime;
        }
        return new IllegalStateException(cause);
    }

    static String sweepCsv(final ParameterGrid grid, final List<List<String>> combinations,
        final List<BacktestResult> results)
    {
        final List<String> header = new ArrayList<>(grid.keys());
        header.addAll(COLUMNS);
        header.add("folder");
        final List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < combinations.size(); i++)
        {
            final List<String> row = new ArrayList<>(combinations.get(i));
            for (final String column : COLUMNS)
            {
                row.add(results.get(i).value(column));
            }
            row.add(grid.folderName(combinations.get(i)));
            rows.add(row.toArray(new String[0]));
        }
        return BacktestFiles.csv(header.toArray(new String[0]), rows);
    }
}
