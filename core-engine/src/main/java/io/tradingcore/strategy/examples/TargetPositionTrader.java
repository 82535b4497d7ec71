package io.tradingcore.strategy.examples;

import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.strategy.OrderView;
import io.tradingcore.strategy.StateReader;
import io.tradingcore.strategy.StateWriter;
import io.tradingcore.strategy.StrategyContext;

/**
 * Moves the account's position in one instrument to a target with market orders, one order in
 * flight at a time, so that the example strategies only have to say where they want to be.
 */
final class TargetPositionTrader
{
    private long inFlightClientOrderId;

    void moveTo(final StrategyContext context, final int instrumentId, final long target)
    {
        if (inFlightClientOrderId != 0)
        {
            return;
        }
        final long delta = target - context.position(instrumentId);
        if (delta == 0)
        {
            return;
        }
        inFlightClientOrderId = context.submitOrder(
            instrumentId, delta > 0 ? Side.BUY : Side.SELL, OrderType.MARKET, TimeInForce.IOC, Math.abs(delta), 0, 0);
    }

    void onOrderUpdate(final OrderView order)
    {
        if (order.clientOrderId() == inFlightClientOrderId && isDone(order.status()))
        {
            inFlightClientOrderId = 0;
        }
    }

    private static boolean isDone(final OrderStatus status)
    {
        return status == OrderStatus.FILLED || status == OrderStatus.CANCELLED ||
            status == OrderStatus.EXPIRED || status == OrderStatus.REJECTED;
    }

    void save(final StateWriter state)
    {
        state.putLong(inFlightClientOrderId);
    }

    void load(final StateReader state)
    {
        inFlightClientOrderId = state.getLong();
    }
}
