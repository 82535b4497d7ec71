package io.tradingcore.bridge.simulator;

import io.tradingcore.marketdata.MergedTickSink;
import io.tradingcore.marketdata.Mt5TickFile;
import io.tradingcore.marketdata.Mt5TickMerge;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The terminal's tick stream: every symbol's export merged in time order, one tick looked ahead so the
 * pacing can ask when it is due before it is taken. Times are the broker's server time, as MqlTick.time_msc
 * has them: the exports are in server time and read with the terminal's server-time offset, so
 * {@code utc + offset} gives the file's own times back. Stops after {@code tickLimit} ticks. Single-threaded.
 */
final class TickReplay implements MergedTickSink, AutoCloseable
{
    private final Mt5TickMerge merge;
    private final long offsetMillis;
    private final long tickLimit;
    private long taken;
    private boolean looked;
    private boolean exhausted;

    private int symbolIndex;
    private long timeMsc;
    private long utcMsc;
    private long bid;
    private long ask;
    private long last;
    private long volume;
    private int flags;

    private TickReplay(final Mt5TickMerge merge, final long offsetMillis, final long tickLimit)
    {
        this.merge = merge;
        this.offsetMillis = offsetMillis;
        this.tickLimit = tickLimit;
    }

    static TickReplay open(final List<ReplayedSymbol> symbols, final int serverTimeOffsetSeconds, final long tickLimit)
        throws IOException
    {
        final List<Mt5TickFile> files = new ArrayList<>(symbols.size());
        for (final ReplayedSymbol symbol : symbols)
        {
            files.add(Mt5TickFile.builder(symbol.tickFile())
                .symbol(symbol.symbol().brokerSymbol())
                .digits(symbol.symbol().digits())
                .timeZoneOffset(Duration.ofSeconds(serverTimeOffsetSeconds))
                .build());
        }
        return new TickReplay(Mt5TickMerge.open(files), serverTimeOffsetSeconds * 1000L, tickLimit);
    }

    /** Counts the ticks a replay of these files would deliver, up to {@code tickLimit}. */
    static long count(final List<ReplayedSymbol> symbols, final int serverTimeOffsetSeconds, final long tickLimit)
        throws IOException
    {
        try (TickReplay replay = open(symbols, serverTimeOffsetSeconds, tickLimit))
        {
            long count = 0;
            while (replay.hasNext())
            {
                replay.take();
                count++;
            }
            return count;
        }
    }

    boolean hasNext()
    {
        if (!looked && !exhausted)
        {
            exhausted = taken >= tickLimit || merge.read(this, 1) == 0;
            looked = !exhausted;
        }
        return looked;
    }

    /** Consumes the tick the accessors describe; call {@link #hasNext()} first. */
    void take()
    {
        if (!hasNext())
        {
            throw new IllegalStateException("no tick left");
        }
        looked = false;
        taken++;
    }

    long taken()
    {
        return taken;
    }

    @Override
    public void onTick(
        final int sourceIndex, final long utcTimeMsc, final long bid, final long ask, final long last,
        final long volume, final int flags)
    {
        this.symbolIndex = sourceIndex;
        this.utcMsc = utcTimeMsc;
        this.timeMsc = utcTimeMsc + offsetMillis;
        this.bid = bid;
        this.ask = ask;
        this.last = last;
        this.volume = volume;
        this.flags = flags;
    }

    int symbolIndex()
    {
        return symbolIndex;
    }

    /** Server time, epoch ms: what goes on the wire. */
    long timeMsc()
    {
        return timeMsc;
    }

    long utcMsc()
    {
        return utcMsc;
    }

    long bid()
    {
        return bid;
    }

    long ask()
    {
        return ask;
    }

    long last()
    {
        return last;
    }

    long volume()
    {
        return volume;
    }

    int flags()
    {
        return flags;
    }

    @Override
    public void close()
    {
        merge.close();
    }
}
