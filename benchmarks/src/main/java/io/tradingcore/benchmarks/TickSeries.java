package io.tradingcore.benchmarks;

import io.tradingcore.backtest.BacktestSettings;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.marketdata.Mt5TickFile;
import io.tradingcore.marketdata.Mt5TickReader;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One real tick file and its copies shifted by whole weeks (written on demand): copy {@code k} is the
 * file {@code k * weeks()} weeks later, copy 0 the file itself.
 */
final class TickSeries
{
    private final Path file;
    private final String symbol;
    private final ReferenceData reference;
    private final Path folder;
    private final long ticks;
    private final long weeks;
    private final List<Mt5TickFile> copies = new ArrayList<>();

    private TickSeries(final Path file, final ReferenceData reference, final Path folder) throws IOException
    {
        this.file = file;
        this.symbol = Mt5TickFile.symbolFromFileName(file);
        this.reference = reference;
        this.folder = folder;
        final long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        try (Mt5TickReader reader = Mt5TickReader.open(tickFile(file)))
        {
            ticks = reader.readAll((timeMsc, bid, ask, last, volume, flags) ->
            {
                span[0] = Math.min(span[0], timeMsc);
                span[1] = Math.max(span[1], timeMsc);
            });
        }
        weeks = ShiftedTickFiles.weeksCovering(span[0], span[1]);
        copies.add(tickFile(file));
    }

    static TickSeries of(final Path file, final ReferenceData reference, final Path folder) throws IOException
    {
        return new TickSeries(file, reference, folder);
    }

    /** The first {@code count} copies, writing those not written yet. */
    List<Mt5TickFile> copies(final int count) throws IOException
    {
        while (copies.size() < count)
        {
            final long shift = copies.size() * weeks;
            copies.add(tickFile(ShiftedTickFiles.write(file, symbol, shift, folder)));
        }
        return List.copyOf(copies.subList(0, count));
    }

    private Mt5TickFile tickFile(final Path path)
    {
        return BacktestSettings.tickFile(path, symbol, reference, Duration.ZERO, false);
    }

    Path file()
    {
        return file;
    }

    String symbol()
    {
        return symbol;
    }

    long ticks()
    {
        return ticks;
    }

    long weeks()
    {
        return weeks;
    }
}
