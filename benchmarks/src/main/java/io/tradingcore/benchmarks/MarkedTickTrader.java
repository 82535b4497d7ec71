package io.tradingcore.benchmarks;

import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.strategy.Quote;
import io.tradingcore.strategy.StateReader;
import io.tradingcore.strategy.StateWriter;
import io.tradingcore.strategy.Strategy;
import io.tradingcore.strategy.StrategyContext;
import io.tradingcore.strategy.StrategyParameters;

/**
 * Sends a market order, alternately buy and sell, on every tick of its symbol whose {@code last} is not zero.
 * The benchmark's terminal marks the ticks that should trade, so the order rate is the harness's choice at
 * every tick rate, and the position only swings between 0 and one order's quantity, which keeps every risk
 * limit out of the way.
 */
public final class MarkedTickTrader implements Strategy
{
    public static final String NAME = "marked-tick-trader";

    private final String symbol;
    private final long quantity;
    private StrategyContext context;
    private int instrumentId;
    private boolean buyNext = true;

    public MarkedTickTrader(final StrategyParameters parameters)
    {
        symbol = parameters.requiredString("symbol");
        // Lots x 10^4, as the engine counts volumes.
        quantity = parameters.fixed("quantity", 4, 100);
    }

    @Override
    public void onStart(final StrategyContext context)
    {
        this.context = context;
        instrumentId = context.instrumentId(symbol);
        if (instrumentId < 0)
        {
            throw new IllegalArgumentException("unknown symbol '" + symbol + "'");
        }
    }

    @Override
    public void onTick(final Quote quote)
    {
        if (quote.instrumentId() != instrumentId || quote.last() == 0)
        {
            return;
        }
        context.submitOrder(instrumentId, buyNext ? Side.BUY : Side.SELL, OrderType.MARKET, TimeInForce.IOC,
            quantity, 0, 0);
        buyNext = !buyNext;
    }

    @Override
    public void saveState(final StateWriter state)
    {
        state.putLong(buyNext ? 1 : 0);
    }

    @Override
    public void loadState(final StateReader state)
    {
        buyNext = state.getLong() == 1;
    }
}
