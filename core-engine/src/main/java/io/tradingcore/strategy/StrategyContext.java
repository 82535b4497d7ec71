package io.tradingcore.strategy;

import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.InstrumentSpec;

/** What a strategy may see and do. Valid only on the engine thread, inside a callback. */
public interface StrategyContext
{
    int strategyId();

    int tenantId();

    long accountId();

    /** Engine time of the input being processed, epoch nanoseconds. */
    long timeNs();

    StrategyParameters parameters();

    /** The instrument's id, or -1 when no instrument has that symbol. */
    int instrumentId(String symbol);

    InstrumentSpec instrument(int instrumentId);

    /** Last bid, 0 before the first tick. */
    long bid(int instrumentId);

    /** Last ask, 0 before the first tick. */
    long ask(int instrumentId);

    /** Net position of this strategy's account, signed (long is positive), in lots x 10^4. */
    long position(int instrumentId);

    /**
     * Queues an order; it is risk-checked and routed as soon as the current callback returns.
     * Returns the client order id that later updates carry.
     */
    long submitOrder(
        int instrumentId, Side side, OrderType orderType, TimeInForce timeInForce, long quantity, long price,
        long stopPrice);

    void cancelOrder(long clientOrderId);

    void modifyOrder(long clientOrderId, long quantity, long price, long stopPrice);

    /** Calls {@link Strategy#onTimer} with this id at the first input at or after the deadline. */
    void scheduleTimer(long timerId, long deadlineNs);
}
