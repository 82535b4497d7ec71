package io.tradingcore.engine;

import org.agrona.collections.LongHashSet;

/**
 * The client order ids an account used most recently, so that a resent order is refused instead
 * of trading twice. Bounded (a ring of the last {@link #CAPACITY} ids) so that memory and
 * allocation stay flat however many orders an account sends; ids of live orders are always known
 * through the live-order index as well.
 */
final class RecentClientOrderIds
{
    static final int CAPACITY = 16_384;

    private final LongHashSet ids = new LongHashSet(CAPACITY * 2);
    private final long[] ring = new long[CAPACITY];
    private int next;
    private int size;

    boolean contains(final long clientOrderId)
    {
        return ids.contains(clientOrderId);
    }

    void add(final long clientOrderId)
    {
        if (size == CAPACITY)
        {
            ids.remove(ring[next]);
        }
        else
        {
            size++;
        }
        ring[next] = clientOrderId;
        ids.add(clientOrderId);
        next = (next + 1) % CAPACITY;
    }

    /** Oldest first, for snapshots: replaying them through {@link #add} rebuilds the same state. */
    long[] inOrder()
    {
        final long[] ordered = new long[size];
        final int start = size == CAPACITY ? next : 0;
        for (int i = 0; i < size; i++)
        {
            ordered[i] = ring[(start + i) % CAPACITY];
        }
        return ordered;
    }
}
