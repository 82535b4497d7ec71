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
 * Trend following: long {@code quantity} lots once the fast moving average of the bar closes (mid
 * prices) is more than {@code band} points above the slow one, short once it is as far below, and
 * otherwise holding what it holds. Parameters: {@code symbol}; {@code bar}, the bar length in seconds
 * (default {@value #BAR_SECONDS}, 0 = every tick); {@code fast} and {@code slow}, in bars (default
 * {@value #FAST_BARS} and {@value #SLOW_BARS}); {@code band}, in points (default {@value #BAND_POINTS});
 * {@code quantity}, in lots (default 0.1).
 *
 * <p>Before bars existed the windows counted ticks, and journals keep the parameters they were attached
 * with. So that such a journal replays as it was recorded, {@code fast} or {@code slow} given without
 * {@code bar} still count ticks, with the tick defaults of then (20 and 100 ticks, no band).
 */
public final class MovingAverageCrossover implements Strategy
{
    public static final String NAME = "ma-crossover";
    static final int BAR_SECONDS = 300;
    static final int FAST_BARS = 12;
    static final int SLOW_BARS = 48;
    static final int BAND_POINTS = 5;
    private static final int FAST_TICKS = 20;
    private static final int SLOW_TICKS = 100;

    private final long quantity;
    private final long band;
    private final BarCloses bars;
    private final RollingMean fast;
    private final RollingMean slow;
    private final TargetPositionTrader trader;
    private long target;

    public MovingAverageCrossover(final StrategyParameters parameters)
    {
        trader = new TargetPositionTrader(parameters.requiredString("symbol"));
        final boolean tickWindows = !parameters.asMap().containsKey("bar") &&
            (parameters.asMap().containsKey("fast") || parameters.asMap().containsKey("slow"));
        bars = new BarCloses(tickWindows ? 0 : parameters.integer("bar", BAR_SECONDS));
        final int fastWindow = parameters.integer("fast", bars.everyTick() ? FAST_TICKS : FAST_BARS);
        final int slowWindow = parameters.integer("slow", bars.everyTick() ? SLOW_TICKS : SLOW_BARS);
        if (fastWindow >= slowWindow)
        {
            throw new IllegalArgumentException("fast (" + fastWindow + ") must be shorter than slow (" + slowWindow +
                ")");
        }
        band = parameters.integer("band", bars.everyTick() ? 0 : BAND_POINTS);
        if (band < 0)
        {
            throw new IllegalArgumentException("band must not be negative, got " + band);
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
        final boolean decided = bars.add(quote.timeMsc(), (quote.bid() + quote.ask()) / 2) && decide(bars.close());
        // on bars the target stands until the next close, so an order that could not go at the close goes later;
        // on ticks the next tick decides anew, as it always did
        if (decided || (!bars.everyTick() && target != 0))
        {
            trader.moveTo(target);
        }
    }

    /** Adds a bar close to both averages; true when they are further apart than the band, which sets the target. */
    private boolean decide(final long close)
    {
        fast.add(close);
        slow.add(close);
        if (!slow.isFull())
        {
            return false;
        }
        final long fastMean = fast.mean();
        final long slowMean = slow.mean();
        if (fastMean > slowMean + band)
        {
            target = quantity;
            return true;
        }
        if (fastMean < slowMean - band)
        {
            target = -quantity;
            return true;
        }
        return false;
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
        // a strategy on ticks keeps the layout it had before bars existed, so its old snapshots still load
        if (!bars.everyTick())
        {
            bars.save(state);
            state.putLong(target);
        }
    }

    @Override
    public void loadState(final StateReader state)
    {
        fast.load(state);
        slow.load(state);
        trader.load(state);
        if (!bars.everyTick())
        {
            bars.load(state);
            target = state.getLong();
        }
    }
}
