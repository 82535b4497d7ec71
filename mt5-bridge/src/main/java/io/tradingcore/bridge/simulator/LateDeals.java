package io.tradingcore.bridge.simulator;

/**
 * When the simulated terminal hears of its deals. MetaTrader hands each trade transaction to its own
 * OnTradeTransaction call, and the DEAL_ADD of a partly filled order can come after the answer to the cancel
 * (or the order's HISTORY_ADD) that ended it. These modes hold each fill back for
 * {@link TerminalSimulator.Context#lateDealDelayMs(long)} to emulate that, and differ in when the order's end
 * (CANCELLED, EXPIRED) is reported.
 */
public enum LateDeals
{
    /** Every report goes out the moment the trade server makes it: fills, then the end. */
    NONE,
    /** Deals come late and the end waits for them, so fills still precede it on the wire: what the EA does. */
    END_WAITS,
    /** Deals come late and the end goes out at once, before them: what the EA did before it deferred ends. */
    END_FIRST
}
