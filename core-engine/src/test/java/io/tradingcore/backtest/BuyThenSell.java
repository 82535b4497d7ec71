package io.tradingcore.backtest;

import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.strategy.Quote;
import io.tradingcore.strategy.StateReader;
import io.tradingcore.strategy.StateWriter;
import io.tradingcore.strategy.Strategy;
import io.tradingcore.strategy.StrategyContext;
import io.tradingcore.strategy.StrategyParameters;

/** Buys {@code lots} at market on the first tick and sells them on tick number {@code exit}: a known result. */
public final class BuyThenSell implements Strategy
{
    public static final String NAME = "buy-then-sell";

    private final String symbol;
    private final int exit;
    private final long quantity;
    private StrategyContext context;
    private int instrumentId;
    private int ticks;

    public BuyThenSell(final StrategyParameters parameters)
    {
        symbol = parameters.requiredString("symbol");
        exit = parameters.integer("exit", 10);
        quantity = parameters.fixed("lots", FixedPoint.QUANTITY_DIGITS, FixedPoint.QUANTITY_ONE);
    }

    @Override
    public void onStart(final StrategyContext context)
    {
        this.context = context;
        instrumentId = context.instrumentId(symbol);
    }

    @Override
    public void onTick(final Quote quote)
    {
        if (quote.instrumentId() != instrumentId)
        {
            return;
        }
        ticks++;
        if (ticks == 1 || ticks == exit)
        {
            context.submitOrder(instrumentId, ticks == 1 ? Side.BUY : Side.SELL, OrderType.MARKET, TimeInForce.IOC,
                quantity, 0, 0);
        }
    }

    @Override
    public void saveState(final StateWriter state)
    {
        state.putLong(ticks);
    }

    @Override
    public void loadState(final StateReader state)
    {
        ticks = (int)state.getLong();
    }
}
