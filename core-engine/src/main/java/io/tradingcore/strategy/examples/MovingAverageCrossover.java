package io.tradingcore.strategy.examples;

import io.tradingcore.domain.FixedPoint;
import io.tradingcore.strategy.OrderView;
import io.tradingcore.strategy.Quote;
import io.tradingcore.strategy.StateReader;
import io.tradingcore.strategy.StateWriter;
import io.tradingcore.strategy.Strategy;
import io.tradingcore.strategy.StrategyContext;
import io.tradingcore.strategy.StrategyParameters;

/**
 * Trend following: long {@code quantity} lots while the fast moving average of the mid price is
 * above the slow one, short while below. Parameters: {@code symbol}, {@code fast} and {@code slow}
 * (ticks, default 20 and 100), {@code quantity} (lots, default 0.1).
 */
public final class MovingAverageCrossover implements Strategy
{
    public static final String NAME = "ma-crossover";

    private final long quantity;
    private final RollingMean fast;
    private final RollingMean slow;
    private final TargetPositionTrader trader;

    public MovingAverageCrossover(final StrategyParameters parameters)
    {
        trader = new TargetPositionTrader(parameters.requiredString("symbol"));
        final int fastWindow = parameters.integer("fast", 20);
        final int slowWindow = parameters.integer("slow", 100);
        if (fastWindow >= slowWindow)
        {
            throw new IllegalArgumentException("fast (" + fastWindow + ") must be shorter than slow (" + slowWindow
                + ")");
        }
        quantity = parameters.fixed("quantity", FixedPoint.QUANTITY_DIGITS, FixedPoint.QUANTITY_ONE / 10);
        fast = new RollingMean(fastWindow);
        slow = new RollingMean(slowWindow);
    }

    @Override
    public void onStart(final StrategyContext context)
    {
        trader.start(context);
    }

    @Override
    public void onTick(final Quote quote)
    {
        if (!trader.trades(quote))
        {
            return;
        }
        final long mid = (quote.bid() + quote.ask()) / 2;
        fast.add(mid);
        slow.add(mid);
        if (!slow.isFull())
        {
            return;
        }
        final long fastMean = fast.mean();
        final long slowMean = slow.mean();
        if (fastMean > slowMean)
        {
            trader.moveTo(quantity);
        }
        else if (fastMean < slowMean)
        {
            trader.moveTo(-quantity);
        }
    }

    @Override
    public void onOrderUpdate(final OrderView order)
    {
        trader.onOrderUpdate(order);
    }

    @Override
    public void saveState(final StateWriter state)
    {
        fast.save(state);
        slow.save(state);
        trader.save(state);
    }

    @Override
    public void loadState(final StateReader state)
    {
        fast.load(state);
        slow.load(state);
        trader.load(state);
    }
}
