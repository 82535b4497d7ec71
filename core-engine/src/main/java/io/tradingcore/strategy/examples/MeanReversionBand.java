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
 * Mean reversion: buys {@code quantity} lots when a bar closes (mid price) {@code band} points below
 * the moving average of the closes, sells when one closes as far above, and goes flat when a close
 * crosses back over the average. Parameters: {@code symbol}; {@code bar}, the bar length in seconds
 * (default {@value #BAR_SECONDS}, 0 = every tick); {@code window}, in bars (default {@value #WINDOW_BARS});
 * {@code band}, in points (default {@value #BAND_POINTS}); {@code quantity}, in lots (default 0.1).
 *
 * <p>Before bars existed the window counted ticks, and journals keep the parameters they were attached
 * with. So that such a journal replays as it was recorded, {@code window} or {@code band} given without
 * {@code bar} still work on ticks, with the defaults of then (a window of 200 ticks, a band of 20 points).
 */
public final class MeanReversionBand implements Strategy
{
    public static final String NAME = "mean-reversion";
    static final int BAR_SECONDS = 300;
    static final int WINDOW_BARS = 24;
    static final int BAND_POINTS = 50;
    private static final int WINDOW_TICKS = 200;
    private static final int BAND_POINTS_ON_TICKS = 20;

    private final long quantity;
    private final long band;
    private final BarCloses bars;
    private final RollingMean mean;
    private final TargetPositionTrader trader;
    private long target;

    public MeanReversionBand(final StrategyParameters parameters)
    {
        trader = new TargetPositionTrader(parameters.requiredString("symbol"));
        final boolean tickWindow = !parameters.asMap().containsKey("bar") &&
            (parameters.asMap().containsKey("window") || parameters.asMap().containsKey("band"));
        bars = new BarCloses(tickWindow ? 0 : parameters.integer("bar", BAR_SECONDS));
        mean = new RollingMean(parameters.integer("window", bars.everyTick() ? WINDOW_TICKS : WINDOW_BARS));
        band = parameters.integer("band", bars.everyTick() ? BAND_POINTS_ON_TICKS : BAND_POINTS);
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
        final boolean closed = bars.add(quote.timeMsc(), (quote.bid() + quote.ask()) / 2);
        if (closed && !decide(bars.close()))
        {
            return;
        }
        // between closes the target stands, so an order that could not go at the close goes on a later tick
        if (closed || (!bars.everyTick() && mean.isFull()))
        {
            trader.moveTo(target);
        }
    }

    /** Adds a bar close to the average and sets the target from it; false until the window is full. */
    private boolean decide(final long close)
    {
        mean.add(close);
        if (!mean.isFull())
        {
            return false;
        }
        final long average = mean.mean();
        if (close <= average - band)
        {
            target = quantity;
        }
        else if (close >= average + band)
        {
            target = -quantity;
        }
        else if ((target > 0 && close >= average) || (target < 0 && close <= average))
        {
            target = 0;
        }
        return true;
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
        // a strategy on ticks keeps the layout it had before bars existed, so its old snapshots still load
        bars.save(state);
    }

    @Override
    public void loadState(final StateReader state)
    {
        mean.load(state);
        target = state.getLong();
        trader.load(state);
        bars.load(state);
    }
}
