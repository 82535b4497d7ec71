package io.tradingcore.strategy.examples;

import io.tradingcore.strategy.StateReader;
import io.tradingcore.strategy.StateWriter;

/**
 * Closing prices of fixed-length time bars, taken from ticks: a bar ends when the first tick of a later
 * bar arrives, and its close is the last price seen before that. Bars are aligned on the epoch in tick
 * time (MT5 {@code time_msc}), so a 300-second bar is the M5 bar a chart shows; tick time comes from the
 * journaled input, so replay sees the same bars. A length of 0 makes every tick a bar of its own.
 */
final class BarCloses
{
    private final long lengthMs;
    private long bar = Long.MIN_VALUE;
    private long last;
    private long close;

    BarCloses(final int lengthSeconds)
    {
        if (lengthSeconds < 0)
        {
            throw new IllegalArgumentException("bar must be 0 (every tick) or a number of seconds, got " +
                lengthSeconds);
        }
        this.lengthMs = lengthSeconds * 1000L;
    }

    boolean everyTick()
    {
        return lengthMs == 0;
    }

    /** Takes a tick's price; true when it ended a bar, whose close {@link #close()} then gives. */
    boolean add(final long timeMsc, final long price)
    {
        if (lengthMs == 0)
        {
            close = price;
            return true;
        }
        final long tickBar = Math.floorDiv(timeMsc, lengthMs);
        // a tick stamped earlier than the bar in progress (a broker's clock stepping back) still counts in it
        final boolean ended = bar != Long.MIN_VALUE && tickBar > bar;
        if (ended)
        {
            close = last;
        }
        if (tickBar > bar)
        {
            bar = tickBar;
        }
        last = price;
        return ended;
    }

    long close()
    {
        return close;
    }

    /** Writes nothing when every tick is a bar: such a strategy's state is laid out as before bars existed. */
    void save(final StateWriter state)
    {
        if (lengthMs != 0)
        {
            state.putLong(bar);
            state.putLong(last);
            state.putLong(close);
        }
    }

    void load(final StateReader state)
    {
        if (lengthMs != 0)
        {
            bar = state.getLong();
            last = state.getLong();
            close = state.getLong();
        }
    }
}
