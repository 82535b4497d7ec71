package io.tradingcore.backtest;

import io.tradingcore.codec.Side;

/**
 * One closed trade: the position left zero and came back to zero (or flipped). Prices are the
 * quantity-weighted averages of the entry and exit fills; {@code netPnl} is the realized P&L after
 * this trade's commission.
 */
public record RoundTrip(
    int number, int instrumentId, String symbol, int digits, Side side, long entryTimeNs, long entryPrice,
    long exitTimeNs, long exitPrice, long quantity, long netPnl, long commission)
{
}
