package io.tradingcore.strategy;

/** Reads back what {@link StateWriter} wrote, in the same order. */
public interface StateReader
{
    long getLong();

    int getInt();

    /** Reads an array written with {@link StateWriter#putLongs}; returns its count. */
    int getLongs(long[] into);
}
