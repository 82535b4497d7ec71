package io.tradingcore.engine;

import io.tradingcore.codec.KillScope;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/** The orders still live at the venue, by engine order id, and the ids the engine has issued so far. */
final class LiveOrders
{
    private final Long2ObjectHashMap<Order> byId = new Long2ObjectHashMap<>();
    private final OrderPool pool = new OrderPool(1024);
    private final FinishedOrders finished = new FinishedOrders();
    private final EngineEvents events;
    private long nextOrderId = 1;

    LiveOrders(final EngineEvents events)
    {
        this.events = events;
    }

    Order get(final long orderId)
    {
        return byId.get(orderId);
    }

    /** True when the engine issued this id, live or not. */
    boolean wasIssued(final long orderId)
    {
        return orderId > 0 && orderId < nextOrderId;
    }

    /** The id the next accepted order gets. */
    long nextOrderId()
    {
        return nextOrderId;
    }

    /** A recycled order object with the next order id; {@link #add} makes it live. */
    Order newOrder()
    {
        final Order order = pool.acquire();
        order.orderId = nextOrderId++;
        return order;
    }

    void add(final Account account, final InstrumentMarket market, final Order order)
    {
        link(account, market, order);
        account.usedClientOrderIds.add(order.clientOrderId);
    }

    /** Makes the order live: findable by both ids, counted, and its leaves in its position's worst case. */
    private void link(final Account account, final InstrumentMarket market, final Order order)
    {
        order.position = Accounts.position(account, market);
        byId.put(order.orderId, order);
        account.liveOrdersByClientId.put(order.clientOrderId, order);
        account.tenant.openOrders++;
        order.position.adjustOpenQuantity(order.side, order.leavesQuantity());
    }

    /** Takes a finished order out of the live set; {@link #recycle} once nothing reads it any more. */
    void remove(final Order order)
    {
        final Account account = order.position.account;
        byId.remove(order.orderId);
        account.liveOrdersByClientId.remove(order.clientOrderId);
        account.tenant.openOrders--;
    }

    /** Remembers an order that ended cancelled, expired or rejected, in case the broker fills it after all. */
    void rememberFinished(final Order order)
    {
        finished.record(order);
    }

    /** Copies a remembered finished order into {@code view}; false when it is not remembered. */
    boolean findFinished(final long orderId, final Order view)
    {
        return wasIssued(orderId) && finished.find(orderId, view);
    }

    void addFinishedFill(final long orderId, final long quantity)
    {
        finished.addFilled(orderId, quantity);
    }

    void recycle(final Order order)
    {
        pool.release(order);
    }

    /** The live orders in order id order, the canonical order of reports, snapshots and mass cancels. */
    Order[] sorted()
    {
        final Order[] sorted = byId.values().toArray(new Order[0]);
        Arrays.sort(sorted, (a, b) -> Long.compare(a.orderId, b.orderId));
        return sorted;
    }

    /** Routes a cancel for every live order in scope not already being cancelled, in order id order; how many. */
    int routeCancels(final KillScope scope, final int tenantId, final long accountId)
    {
        int count = 0;
        for (final Order order : sorted())
        {
            final boolean inScope = scope == KillScope.ALL ||
                (scope == KillScope.TENANT && order.tenantId == tenantId) ||
                (scope == KillScope.ACCOUNT && order.accountId == accountId);
            if (inScope && order.status != OrderStatus.PENDING_CANCEL)
            {
                order.status = OrderStatus.PENDING_CANCEL;
                events.orderRouted(order, RouteAction.CANCEL);
                count++;
            }
        }
        return count;
    }

    void writeSnapshot(final CanonicalWriter out)
    {
        out.putLong(nextOrderId);
        writeOrders(out);
        finished.writeSnapshot(out);
    }

    private void writeOrders(final CanonicalWriter out)
    {
        final Order[] sorted = sorted();
        out.putInt(sorted.length);
        for (final Order order : sorted)
        {
            out.putLong(order.orderId);
            out.putLong(order.clientOrderId);
            out.putInt(order.tenantId);
            out.putLong(order.accountId);
            out.putInt(order.instrumentId);
            out.putInt(order.strategyId);
            out.putInt(order.side.value());
            out.putInt(order.orderType.value());
            out.putInt(order.timeInForce.value());
            out.putInt(order.status.value());
            out.putLong(order.quantity);
            out.putLong(order.filledQuantity);
            out.putLong(order.price);
            out.putLong(order.stopPrice);
            out.putLong(order.expiryTimeNs);
            out.putLong(order.venueOrderId);
            out.putLong(order.pendingQuantity);
            out.putLong(order.pendingPrice);
            out.putLong(order.pendingStopPrice);
        }
    }

    void readSnapshot(final CanonicalReader in, final Accounts accounts, final Markets markets)
    {
        nextOrderId = in.getLong();
        readOrders(in, accounts, markets);
        finished.readSnapshot(in);
    }

    /** Snapshots before version 3 kept the next order id in their header. */
    void readOrders(final CanonicalReader in, final Accounts accounts, final Markets markets)
    {
        for (int i = 0, count = in.getInt(); i < count; i++)
        {
            final Order order = new Order();
            order.orderId = in.getLong();
            order.clientOrderId = in.getLong();
            order.tenantId = in.getInt();
            order.accountId = in.getLong();
            order.instrumentId = in.getInt();
            order.strategyId = in.getInt();
            order.side = Side.get((short)in.getInt());
            order.orderType = OrderType.get((short)in.getInt());
            order.timeInForce = TimeInForce.get((short)in.getInt());
            order.status = OrderStatus.get((short)in.getInt());
            order.quantity = in.getLong();
            order.filledQuantity = in.getLong();
            order.price = in.getLong();
            order.stopPrice = in.getLong();
            order.expiryTimeNs = in.getLong();
            order.venueOrderId = in.getLong();
            order.pendingQuantity = in.getLong();
            order.pendingPrice = in.getLong();
            order.pendingStopPrice = in.getLong();
            final Account account = accounts.ofTenant(order.tenantId, order.accountId);
            final InstrumentMarket market = markets.get(order.instrumentId);
            if (account == null || market == null)
            {
                throw new IllegalArgumentException("engine snapshot: order " + order.orderId +
                    " names an unknown account or instrument");
            }
            // The used client order ids come back with the account's own section.
            link(account, market, order);
        }
    }

    /** For snapshots before version 3, whose header held the next order id. */
    void restoreNextOrderId(final long nextOrderId)
    {
        this.nextOrderId = nextOrderId;
    }
}
