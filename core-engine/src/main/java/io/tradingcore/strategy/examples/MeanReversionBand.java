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
 * Mean reversion: buys {@code quantity} lots when the mid falls {@code band} points below its
 * moving average, sells when it rises as far above, and goes flat when the mid crosses back over
 * the average. Parameters: {@code symbol}, {@code window} (ticks, default 200), {@code band}
 * (points, default 20), {@code quantity} (lots, default 0.1).
 */
public final class MeanReversionBand implements Strategy
{
    public static final String NAME = "mean-reversion";

    private final long quantity;
    private final long band;
    private final RollingMean mean;
    private final TargetPositionTrader trader;
    private long target;

    public MeanReversionBand(final StrategyParameters parameters)
    {
        trader = new TargetPositionTrader(parameters.requiredString("symbol"));
        mean = new RollingMean(parameters.integer("window", 200));
        band = parameters.integer("band", 20);
        if (band <= 0)
        {
            throw new IllegalArgumentException("band must be positive, got " + band);
        }
        quantity = parameters.fixed("quantity", FixedPoint.QUANTITY_DIGITS, FixedPoint.QUANTITY_ONE / 10);
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
        mean.add(mid);
        if (!mean.isFull())
        {
            return;
        }
        final long average = mean.mean();
        if (mid <= average - band)
        {
            target = quantity;
        }
        else if (mid >= average + band)
        {
            target = -quantity;
        }
        else if ((target > 0 && mid >= average) || (target < 0 && mid <= average))
        {
            target = 0;
        }
        trader.moveTo(target);
    }

    @Override
    public void onOrderUpdate(final OrderView order)
    {
        trader.onOrderUpdate(order);
    }

    @Override
    public void saveState(final StateWriter state)
    {
        mean.save(state);
        state.putLong(target);
        trader.save(state);
    }

    @Override
    public void loadState(final StateReader state)
    {
        mean.load(state);
        target = state.getLong();
        trader.load(state);
    }
}
