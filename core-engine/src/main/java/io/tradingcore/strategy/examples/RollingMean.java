package io.tradingcore.strategy.examples;

import io.tradingcore.strategy.StateReader;
import io.tradingcore.strategy.StateWriter;

/** Simple moving average of fixed-point prices over the last {@code window} values, without allocation. */
final class RollingMean
{
    private final long[] values;
    private int count;
    private int next;
    private long sum;

    RollingMean(final int window)
    {
        if (window <= 0)
        {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.values = new long[window];
    }

    void add(final long value)
    {
        if (count == values.length)
        {
            sum -= values[next];
        }
        else
        {
            count++;
        }
        values[next] = value;
        sum += value;
        next = (next + 1) % values.length;
    }

    boolean isFull()
    {
        return count == values.length;
    }

    /** Mean rounded toward zero; exact enough for signals, which only compare means. */
    long mean()
    {
        return count == 0 ? 0 : sum / count;
    }

    void save(final StateWriter state)
    {
        state.putInt(count);
        state.putInt(next);
        state.putLong(sum);
        state.putLongs(values, values.length);
    }

    void load(final StateReader state)
    {
        count = state.getInt();
        next = state.getInt();
        sum = state.getLong();
        state.getLongs(values);
    }
}
