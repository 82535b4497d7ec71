package io.tradingcore.benchmarks;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.backtest.BacktestFiles;
import io.tradingcore.backtest.BacktestResult;
import io.tradingcore.backtest.BacktestRun;
import io.tradingcore.backtest.BacktestSettings;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.marketdata.Mt5TickFile;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.marketdata.TickSink;
import io.tradingcore.strategy.StrategyCatalog;
import io.tradingcore.venue.VenueSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A backtest as {@code scripts/backtest} runs it with no options but the tick files and the strategy's
 * parameters: ma-crossover on the files' symbol with {@link BenchReferenceData#TICK_STRATEGY} (an order for
 * about 1% of the ticks, as in every recorded figure), the built-in reference data, a venue filling at the
 * touch with no latency, journals and result files in a fresh folder. Beside it, the same files merely
 * parsed, the floor under any backtest of them.
 */
final class BacktestRate
{
    static final String STRATEGY = "ma-crossover";

    private final List<Mt5TickFile> files;
    private final ReferenceData reference;
    private final String symbol;

    BacktestRate(final List<Mt5TickFile> files, final ReferenceData reference)
    {
        this.files = List.copyOf(files);
        this.reference = reference;
        this.symbol = files.get(0).symbol();
    }

    /** Every file through {@link Mt5TickReader} into a sink that only adds up the fields. */
    TrialResult parseOnly() throws IOException
    {
        final SummingSink sink = new SummingSink();
        final long start = System.nanoTime();
        for (final Mt5TickFile file : files)
        {
            try (Mt5TickReader reader = Mt5TickReader.open(file))
            {
                reader.readAll(sink);
            }
        }
        final long nanos = System.nanoTime() - start;
        return new TrialResult(sink.ticks, nanos, String.format("%,d ticks parsed (field sum %d)", sink.ticks,
            sink.sum));
    }

    /** One whole backtest in a fresh temp folder, deleted after; timed from the call to the files written. */
    TrialResult endToEnd() throws IOException
    {
        final Path out = TempDirectory.create("backtest");
        try
        {
            final StrategyCatalog catalog = ExampleStrategies.catalog();
            final long start = System.nanoTime();
            final BacktestResult result = BacktestRun.run(settings(out), catalog, (fraction, ticks) -> { });
            BacktestFiles.write(result);
            final long nanos = System.nanoTime() - start;
            return new TrialResult(result.ticks(), nanos, describe(result));
        }
        finally
        {
            TempDirectory.delete(out);
        }
    }

    /** One backtest whose folder ({@code out}, which must not hold a journal yet) is kept for what follows. */
    BacktestResult keep(final Path out, final BacktestRun.ProgressListener progress) throws IOException
    {
        final BacktestResult result = BacktestRun.run(settings(out), ExampleStrategies.catalog(), progress);
        BacktestFiles.write(result);
        return result;
    }

    static String describe(final BacktestResult result)
    {
        return String.format("%,d ticks, %,d inputs journaled, %,d trades, state hash %s", result.ticks(),
            result.inputs(), Long.parseLong(result.value("trades")), shortHash(result.stateHash()));
    }

    static String shortHash(final String hash)
    {
        return hash.length() > 16 ? hash.substring(0, 16) + "..." : hash;
    }

    private BacktestSettings settings(final Path out)
    {
        return new BacktestSettings(files, STRATEGY, "symbol=" + symbol + ";" +
            BenchReferenceData.TICK_STRATEGY.replace(' ', ';'), reference, VenueSettings.defaults(), 0, out);
    }

    /** Touches every field so that the parse cannot be optimised away; the sum is printed. */
    private static final class SummingSink implements TickSink
    {
        long ticks;
        long sum;

        @Override
        public void onTick(final long timeMsc, final long bid, final long ask, final long last, final long volume,
            final int flags)
        {
            ticks++;
            sum += timeMsc + bid + ask + last + volume + flags;
        }
    }
}
