package io.tradingcore.engine;

import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;

/**
 * The last orders that ended cancelled, expired or rejected by the venue, remembered so that a fill the broker
 * reports for one of them afterwards can still be booked: a real MT5 server may execute an order after the terminal
 * gave up on it, and the broker's books are the truth. A ring indexed by order id (ids are issued in sequence), of
 * {@link #CAPACITY} slots: an order is remembered until a later one that ended the same way takes its slot.
 */
final class FinishedOrders
{
    static final int CAPACITY = 4096;
    private static final int MASK = CAPACITY - 1;

    private final long[] orderIds = new long[CAPACITY];
    private final long[] clientOrderIds = new long[CAPACITY];
    private final int[] tenantIds = new int[CAPACITY];
    private final long[] accountIds = new long[CAPACITY];
    private final int[] instrumentIds = new int[CAPACITY];
    private final int[] strategyIds = new int[CAPACITY];
    private final byte[] sides = new byte[CAPACITY];
    private final byte[] statuses = new byte[CAPACITY];
    private final long[] quantities = new long[CAPACITY];
    private final long[] filledQuantities = new long[CAPACITY];

    /** Remembers an order that has just ended without being filled in full. */
    void record(final Order order)
    {
        final int slot = (int)(order.orderId & MASK);
        orderIds[slot] = order.orderId;
        clientOrderIds[slot] = order.clientOrderId;
        tenantIds[slot] = order.tenantId;
        accountIds[slot] = order.accountId;
        instrumentIds[slot] = order.instrumentId;
        strategyIds[slot] = order.strategyId;
        sides[slot] = (byte)order.side.value();
        statuses[slot] = (byte)order.status.value();
        quantities[slot] = order.quantity;
        filledQuantities[slot] = order.filledQuantity;
    }

    /** Copies the finished order into {@code view} and returns true, or returns false when it is not remembered. */
    boolean find(final long orderId, final Order view)
    {
        final int slot = (int)(orderId & MASK);
        if (orderId <= 0 || orderIds[slot] != orderId)
        {
            return false;
        }
        view.reset();
        view.orderId = orderId;
        view.clientOrderId = clientOrderIds[slot];
        view.tenantId = tenantIds[slot];
        view.accountId = accountIds[slot];
        view.instrumentId = instrumentIds[slot];
        view.strategyId = strategyIds[slot];
        view.side = Side.get(sides[slot]);
        view.orderType = OrderType.MARKET;
        view.timeInForce = TimeInForce.GTC;
        view.status = OrderStatus.get(statuses[slot]);
        view.quantity = quantities[slot];
        view.filledQuantity = filledQuantities[slot];
        return true;
    }

    /** A late fill of a remembered order was booked. */
    void addFilled(final long orderId, final long quantity)
    {
        filledQuantities[(int)(orderId & MASK)] += quantity;
    }

    void writeSnapshot(final CanonicalWriter out)
    {
        int count = 0;
        long lowest = Long.MAX_VALUE;
        for (int slot = 0; slot < CAPACITY; slot++)
        {
            if (orderIds[slot] != 0)
            {
                count++;
                lowest = Math.min(lowest, orderIds[slot]);
            }
        }
        out.putInt(count);
        // From the oldest remembered id's slot round the ring: equal states write equal bytes.
        for (int i = 0; i < CAPACITY && count > 0; i++)
        {
            final int slot = (int)((lowest + i) & MASK);
            if (orderIds[slot] != 0)
            {
                out.putLong(orderIds[slot]);
                out.putLong(clientOrderIds[slot]);
                out.putInt(tenantIds[slot]);
                out.putLong(accountIds[slot]);
                out.putInt(instrumentIds[slot]);
                out.putInt(strategyIds[slot]);
                out.putInt(sides[slot]);
                out.putInt(statuses[slot]);
                out.putLong(quantities[slot]);
                out.putLong(filledQuantities[slot]);
            }
        }
    }

    void readSnapshot(final CanonicalReader in)
    {
        for (int i = 0, count = in.getInt(); i < count; i++)
        {
            final long orderId = in.getLong();
            if (orderId <= 0)
            {
                throw new IllegalArgumentException("engine snapshot: finished order id " + orderId);
            }
            final int slot = (int)(orderId & MASK);
            orderIds[slot] = orderId;
            clientOrderIds[slot] = in.getLong();
            tenantIds[slot] = in.getInt();
            accountIds[slot] = in.getLong();
            instrumentIds[slot] = in.getInt();
            strategyIds[slot] = in.getInt();
            sides[slot] = (byte)in.getInt();
            statuses[slot] = (byte)in.getInt();
            quantities[slot] = in.getLong();
            filledQuantities[slot] = in.getLong();
        }
    }
}
