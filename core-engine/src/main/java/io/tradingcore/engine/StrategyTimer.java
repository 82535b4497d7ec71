package io.tradingcore.engine;

/** A pending strategy timer; fired in deadline order, ties in the order they were set. */
final class StrategyTimer
{
    StrategyHost host;
    long timerId;
    long deadlineNs;
    long order;
}
