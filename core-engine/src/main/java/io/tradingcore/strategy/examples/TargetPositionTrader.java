package io.tradingcore.strategy.examples;

import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.strategy.OrderView;
import io.tradingcore.strategy.Quote;
import io.tradingcore.strategy.StateReader;
import io.tradingcore.strategy.StateWriter;
import io.tradingcore.strategy.StrategyContext;

/**
 * Moves the account's position in one instrument to a target with market orders, one order in
 * flight at a time, so that the example strategies only have to say where they want to be.
 */
final class TargetPositionTrader
{
    private final String symbol;
    private StrategyContext context;
    private int instrumentId;
    private long inFlightClientOrderId;

    TargetPositionTrader(final String symbol)
    {
        this.symbol = symbol;
    }

    void start(final StrategyContext context)
    {
        this.context = context;
        instrumentId = context.instrumentId(symbol);
        if (instrumentId < 0)
        {
            throw new IllegalArgumentException("unknown symbol '" + symbol + "'");
        }
    }

    /** True for ticks of the traded instrument. */
    boolean trades(final Quote quote)
    {
        return quote.instrumentId() == instrumentId;
    }

    void moveTo(final long target)
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
