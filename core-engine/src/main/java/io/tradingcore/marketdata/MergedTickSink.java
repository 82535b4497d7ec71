package io.tradingcore.marketdata;

/**
 * Receives ticks from an {@link Mt5TickMerge}. {@code sourceIndex} is the position of the tick's
 * file in the list the merge was opened with (see {@link Mt5TickMerge#source(int)} for its symbol
 * and digits); the other arguments are as in {@link TickSink#onTick}.
 */
@FunctionalInterface
public interface MergedTickSink
{
    void onTick(int sourceIndex, long timeMsc, long bid, long ask, long last, long volume, int flags);
}
