package io.tradingcore.strategy;

/**
 * Trading logic embedded in the engine. A strategy runs on the engine thread, sees the same
 * inputs in the same order in live running, recovery, replay and backtests, and must therefore be
 * deterministic: no wall clock (use {@link StrategyContext#timeNs()}), no unseeded randomness, no
 * I/O. Orders it submits pass the same pre-trade risk checks as any other order; the results come
 * back through {@link #onOrderUpdate} and {@link #onFill}.
 *
 * <p>Its state must survive snapshots: {@link #saveState} writes everything the strategy would need
 * to carry on exactly where it was, {@link #loadState} reads it back after {@link #onStart}.
 */
public interface Strategy
{
    void onStart(StrategyContext context);

    default void onTick(final Quote quote)
    {
    }

    default void onOrderUpdate(final OrderView order)
    {
    }

    default void onFill(final FillView fill)
    {
    }

    default void onTimer(final long timerId, final long timeNs)
    {
    }

    void saveState(StateWriter state);

    void loadState(StateReader state);
}
