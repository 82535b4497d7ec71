package io.tradingcore.projections.clickhouse;

import io.tradingcore.projections.SinkException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The instrument of each recent order, for the outputs that name only the order (OrderStatusChanged): their price is
 * at the instrument's digits. Learnt from the outputs that name both; an order this process has not seen (accepted
 * before a restart, or forgotten as least recently used) is looked up once in order_events. An order's instrument
 * never changes, so what a failed batch taught stays true.
 */
final class OrderInstruments
{
    /** How many orders are remembered: far more than are live at once. */
    private static final int CAPACITY = 1 << 16;

    /** Looks an order's instrument up in the stored rows; 0 when none names it. */
    interface Lookup
    {
        int instrumentOf(long orderId) throws SinkException;
    }

    private final Lookup lookup;
    private final Map<Long, Integer> recent = new LinkedHashMap<>(1024, 0.75f, true)
    {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<Long, Integer> eldest)
        {
            return size() > CAPACITY;
        }
    };

    OrderInstruments(final Lookup lookup)
    {
        this.lookup = lookup;
    }

    void remember(final long orderId, final int instrumentId)
    {
        if (instrumentId != 0)
        {
            recent.put(orderId, instrumentId);
        }
    }

    /** The order's instrument, or 0 when no stored row names it. */
    int instrumentOf(final long orderId) throws SinkException
    {
        final Integer known = recent.get(orderId);
        if (known != null)
        {
            return known;
        }
        final int found = lookup.instrumentOf(orderId);
        remember(orderId, found);
        return found;
    }

    void clear()
    {
        recent.clear();
    }
}
