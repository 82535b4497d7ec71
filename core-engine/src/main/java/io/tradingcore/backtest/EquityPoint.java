package io.tradingcore.backtest;

/** The account at one moment: money x 10^6, drawdown from the highest equity so far. */
public record EquityPoint(long timeNs, long balance, long equity, long drawdown)
{
}
