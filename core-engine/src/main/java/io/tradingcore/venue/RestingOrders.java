package io.tradingcore.venue;

import java.util.Arrays;

/**
 * The venue's live orders, kept sorted by engine order id so that every pass over them runs in the
 * same order in every run. Engine ids only grow, so an insert is almost always an append. Order
 * objects are pooled.
 */
final class RestingOrders
{
    private VenueOrder[] orders = new VenueOrder[64];
    private int size;
    private VenueOrder[] pool = new VenueOrder[64];
    private int pooled;

    int size()
    {
        return size;
    }

    VenueOrder get(final int index)
    {
        return orders[index];
    }

    VenueOrder find(final long orderId)
    {
        final int index = indexOf(orderId);
        return index >= 0 ? orders[index] : null;
    }

    /** A cleared order inserted at its place; the caller must not hold one with the same id. */
    VenueOrder add(final long orderId)
    {
        final int index = indexOf(orderId);
        if (index >= 0)
        {
            throw new IllegalStateException("order " + orderId + " is already resting");
        }
        final int at = -index - 1;
        if (size == orders.length)
        {
            orders = Arrays.copyOf(orders, size * 2);
        }
        System.arraycopy(orders, at, orders, at + 1, size - at);
        final VenueOrder order = pooled > 0 ? pool[--pooled] : new VenueOrder();
        pool[pooled] = null;
        order.clear();
        order.orderId = orderId;
        orders[at] = order;
        size++;
        return order;
    }

    void removeAt(final int index)
    {
        final VenueOrder order = orders[index];
        System.arraycopy(orders, index + 1, orders, index, size - index - 1);
        orders[--size] = null;
        order.clear();
        if (pooled == pool.length)
        {
            pool = Arrays.copyOf(pool, pooled * 2);
        }
        pool[pooled++] = order;
    }

    void remove(final VenueOrder order)
    {
        final int index = indexOf(order.orderId);
        if (index >= 0 && orders[index] == order)
        {
            removeAt(index);
        }
    }

    /** Index of the order, or {@code -(insertion point) - 1}. */
    int indexOf(final long orderId)
    {
        int low = 0;
        int high = size - 1;
        if (size > 0 && orders[high].orderId < orderId)
        {
            return -size - 1; // the usual case: a new, higher id
        }
        while (low <= high)
        {
            final int middle = (low + high) >>> 1;
            final long id = orders[middle].orderId;
            if (id < orderId)
            {
                low = middle + 1;
            }
            else if (id > orderId)
            {
                high = middle - 1;
            }
            else
            {
                return middle;
            }
        }
        return -low - 1;
    }
}
