package io.tradingcore.engine;

import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.FixedPoint;

import java.util.ArrayList;
import java.util.List;

/** A read-only copy of the engine's books for summaries, tools and tests, sorted by id. */
public record EngineStateReport(
    long lastSequence,
    long timeNs,
    List<AccountLine> accounts,
    List<PositionLine> positions,
    List<OrderLine> openOrders,
    List<InstrumentLine> instruments)
{
    public record InstrumentLine(
        int instrumentId, String symbol, int digits, long lastTickTimeMsc, long bid, long ask)
    {
    }

    public record AccountLine(
        int tenantId, long accountId, String currency, long balance, long equity, long realizedPnl,
        long unrealizedPnl, long commission, long marginUsed, int openOrders, boolean halted, boolean killed)
    {
    }

    public record PositionLine(
        int tenantId, long accountId, int instrumentId, String symbol, int digits, long netQuantity,
        long averagePrice, long realizedPnl, long unrealizedPnl)
    {
        @Override
        public String toString()
        {
            return symbol + " " + FixedPoint.formatQuantity(netQuantity) + " lots @ " +
                FixedPoint.format(averagePrice, digits) + ", realized " + FixedPoint.formatMoney(realizedPnl) +
                ", unrealized " + FixedPoint.formatMoney(unrealizedPnl);
        }
    }

    public record OrderLine(
        long orderId, long clientOrderId, long accountId, int instrumentId, Side side, OrderType type,
        TimeInForce timeInForce, OrderStatus status, long quantity, long filledQuantity, long price, long stopPrice,
        long expiryTimeNs, long venueOrderId)
    {
        public long leavesQuantity()
        {
            return quantity - filledQuantity;
        }
    }

    static EngineStateReport of(final Engine engine)
    {
        final List<AccountLine> accounts = new ArrayList<>();
        final List<PositionLine> positions = new ArrayList<>();
        for (final Account account : engine.accounts.sorted())
        {
            final long id = account.accountId;
            final long unrealized = Ledger.unrealizedPnl(account);
            accounts.add(new AccountLine(account.tenant.tenantId, id, account.currency, account.balance,
                account.balance + unrealized, account.realizedPnl, unrealized, account.commission,
                Ledger.marginUsed(account), account.openOrders(), account.halted, account.killed));
            account.positions.keySet().stream().mapToInt(Integer::intValue).sorted().forEach(instrumentId ->
            {
                final Position position = account.positions.get(instrumentId);
                if (position.netQuantity == 0 && position.realizedPnl == 0)
                {
                    return; // only ever had orders: nothing to report
                }
                positions.add(new PositionLine(account.tenant.tenantId, id, instrumentId,
                    position.instrument.symbol(), position.instrument.digits(), position.netQuantity,
                    position.averagePrice(), position.realizedPnl, position.unrealizedPnl()));
            });
        }
        final List<OrderLine> orders = new ArrayList<>();
        for (final Order order : engine.liveOrders.sorted())
        {
            orders.add(new OrderLine(order.orderId, order.clientOrderId, order.accountId, order.instrumentId,
                order.side, order.orderType, order.timeInForce, order.status, order.quantity, order.filledQuantity,
                order.price, order.stopPrice, order.expiryTimeNs, order.venueOrderId));
        }
        final List<InstrumentLine> instruments = new ArrayList<>();
        for (final InstrumentMarket market : engine.markets.sorted())
        {
            instruments.add(new InstrumentLine(market.spec.instrumentId(), market.spec.symbol(), market.spec.digits(),
                market.timeMsc, market.bid, market.ask));
        }
        return new EngineStateReport(engine.lastSequence(), engine.timeNs(), accounts, positions, orders, instruments);
    }
}
