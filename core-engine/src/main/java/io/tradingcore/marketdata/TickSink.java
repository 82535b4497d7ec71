package io.tradingcore.marketdata;

/**
 * Receives ticks from an {@link Mt5TickReader}.
 *
 * <p>All prices are fixed-point longs scaled by {@code 10^digits} of the instrument (see
 * {@link Mt5TickFile#digits()}); bid, ask and last are the current values after carrying
 * unchanged sides forward. {@code volume} is fixed-point with 4 decimals (1 lot = 10000) and is
 * the volume of this tick (0 when the row had none). {@code timeMsc} is epoch milliseconds UTC,
 * like MT5's {@code MqlTick.time_msc}. {@code flags} is the row's FLAGS column as written.
 */
@FunctionalInterface
public interface TickSink
{
    void onTick(long timeMsc, long bid, long ask, long last, long volume, int flags);
}
