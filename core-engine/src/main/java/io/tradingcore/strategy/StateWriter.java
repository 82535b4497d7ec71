package io.tradingcore.strategy;

/** Where a strategy writes its state for a snapshot. Read back in the same order. */
public interface StateWriter
{
    void putLong(long value);

    void putInt(int value);

    void putLongs(long[] values, int count);
}
