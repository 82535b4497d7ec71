package io.tradingcore.engine;

import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.strategy.Strategy;
import io.tradingcore.strategy.StrategyContext;
import io.tradingcore.strategy.StrategyParameters;

/**
 * One attached strategy and its view of the engine. Requests are queued on the engine and run
 * once the strategy's callback has returned, so a strategy never re-enters itself.
 */
final class StrategyHost implements StrategyContext
{
    /** Strategy client order ids live in their own range so they never collide with a terminal's. */
    private static final long CLIENT_ORDER_ID_BASE = 1L << 62;

    private final StrategyHosting hosting;
    private final Markets markets;
    private final CurrentInput input;
    final int strategyId;
    final Account account;
    final String name;
    final StrategyParameters parameters;
    final Strategy strategy;
    long ordersSubmitted;
    boolean failed;

    StrategyHost(
        final StrategyHosting hosting, final Markets markets, final CurrentInput input, final int strategyId,
        final Account account, final String name, final StrategyParameters parameters, final Strategy strategy)
    {
        this.hosting = hosting;
        this.markets = markets;
        this.input = input;
        this.strategyId = strategyId;
        this.account = account;
        this.name = name;
        this.parameters = parameters;
        this.strategy = strategy;
    }

    @Override
    public int strategyId()
    {
        return strategyId;
    }

    @Override
    public int tenantId()
    {
        return account.tenant.tenantId;
    }

    @Override
    public long accountId()
    {
        return account.accountId;
    }

    @Override
    public long timeNs()
    {
        return input.timeNs;
    }

    @Override
    public StrategyParameters parameters()
    {
        return parameters;
    }

    @Override
    public int instrumentId(final String symbol)
    {
        return markets.idOf(symbol);
    }

    @Override
    public InstrumentSpec instrument(final int instrumentId)
    {
        final InstrumentMarket market = markets.get(instrumentId);
        return market == null ? null : market.spec;
    }

    @Override
    public long bid(final int instrumentId)
    {
        final InstrumentMarket market = markets.get(instrumentId);
        return market == null ? 0 : market.bid;
    }

    @Override
    public long ask(final int instrumentId)
    {
        final InstrumentMarket market = markets.get(instrumentId);
        return market == null ? 0 : market.ask;
    }

    @Override
    public long position(final int instrumentId)
    {
        final Position position = account.positions.get(instrumentId);
        return position == null ? 0 : position.netQuantity;
    }

    @Override
    public long submitOrder(
        final int instrumentId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long quantity, final long price, final long stopPrice)
    {
        final long clientOrderId = CLIENT_ORDER_ID_BASE | ((long)strategyId << 32) | (++ordersSubmitted & 0xFFFF_FFFFL);
        hosting.queue(this, StrategyCommand.SUBMIT, clientOrderId, instrumentId, side, orderType,
            timeInForce, quantity, price, stopPrice);
        return clientOrderId;
    }

    @Override
    public void cancelOrder(final long clientOrderId)
    {
        hosting.queue(this, StrategyCommand.CANCEL, clientOrderId, 0, null, null, null, 0, 0, 0);
    }

    @Override
    public void modifyOrder(final long clientOrderId, final long quantity, final long price, final long stopPrice)
    {
        hosting.queue(
            this, StrategyCommand.MODIFY, clientOrderId, 0, null, null, null, quantity, price, stopPrice);
    }

    @Override
    public void scheduleTimer(final long timerId, final long deadlineNs)
    {
        hosting.scheduleTimer(this, timerId, deadlineNs);
    }
}
