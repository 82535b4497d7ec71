package io.tradingcore.bridge.simulator;

import java.util.Locale;

/**
 * How fast ticks are replayed: at the pace of their own time stamps ({@link #REALTIME}), that pace
 * times a factor, or {@link #MAX}: as fast as the bridge acknowledges them (the resend window is then
 * the only brake).
 */
public final class ReplaySpeed
{
    public static final ReplaySpeed REALTIME = new ReplaySpeed(1.0);
    public static final ReplaySpeed MAX = new ReplaySpeed(Double.POSITIVE_INFINITY);

    private final double factor;

    private ReplaySpeed(final double factor)
    {
        this.factor = factor;
    }

    /** {@code factor} times real time: 10 replays ten seconds of ticks in one. */
    public static ReplaySpeed times(final double factor)
    {
        if (!(factor > 0) || Double.isNaN(factor))
        {
            throw new IllegalArgumentException("speed factor must be positive: " + factor);
        }
        return Double.isInfinite(factor) ? MAX : new ReplaySpeed(factor);
    }

    /** Parses {@code realtime}, {@code max}, or a factor such as {@code 10} or {@code 10x}. */
    public static ReplaySpeed parse(final String text)
    {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("realtime") || value.equals("real-time"))
        {
            return REALTIME;
        }
        if (value.equals("max"))
        {
            return MAX;
        }
        final String number = value.endsWith("x") ? value.substring(0, value.length() - 1) : value;
        try
        {
            return times(Double.parseDouble(number));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("speed is realtime, max or a factor such as 10: '" + text + "'", ex);
        }
    }

    public boolean isMax()
    {
        return Double.isInfinite(factor);
    }

    public double factor()
    {
        return factor;
    }

    /** Wall-clock nanoseconds after the first tick at which a tick {@code dataMillis} later is due. */
    public long wallNanos(final long dataMillis)
    {
        return isMax() ? 0 : (long)(dataMillis * 1_000_000.0 / factor);
    }

    @Override
    public String toString()
    {
        return isMax() ? "max" : factor == 1.0 ? "realtime" : factor + "x";
    }
}
