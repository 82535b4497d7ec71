package io.tradingcore.engine;

import org.agrona.collections.LongHashSet;

/**
 * The client order ids an account used most recently, so that a resent order is refused instead
 * of trading twice. Bounded (a ring of the last {@link #CAPACITY} ids) so that memory and
 * allocation stay flat however many orders an account sends; ids of live orders are always known
 * through the live-order index as well.
 * <p>
 * Most clients count their ids up. While the ids in the ring only ever rise, the ring is sorted
 * and a look-up is a binary search in it, so an order touches no large hash table (keeping one
 * up to date cost two cache misses an order). The first id that does not rise builds the hash set
 * from the ring; it is kept up to date until that id has left the ring, so the rebuild happens at
 * most once per {@link #CAPACITY} ids.
 */
final class RecentClientOrderIds
{
    static final int CAPACITY = 16_384;

    private final LongHashSet ids = new LongHashSet(CAPACITY * 2);
    private final long[] ring = new long[CAPACITY];
    private int next;
    private int size;
    /** Neighbours in the ring (in the order added) where the later id is not above the earlier one. */
    private int descents;
    /** True while {@link #ids} holds exactly the ids of the ring. */
    private boolean indexed;

    boolean contains(final long clientOrderId)
    {
        if (descents == 0)
        {
            // Sorted: an id above the newest, the usual next one, is not there without a search.
            return size > 0 && clientOrderId <= newest() && sortedRingContains(clientOrderId);
        }
        return ids.contains(clientOrderId);
    }

    /**
     * Remembers an id that {@link #contains} does not know (the engine refuses a known one before it gets here),
     * forgetting the oldest when full.
     */
    void add(final long clientOrderId)
    {
        if (size == CAPACITY)
        {
            final long oldest = ring[next];
            if (ring[(next + 1) % CAPACITY] <= oldest)
            {
                descents--;
            }
            if (indexed)
            {
                ids.remove(oldest);
            }
        }
        else
        {
            size++;
        }
        if (size > 1 && clientOrderId <= ring[(next + CAPACITY - 1) % CAPACITY])
        {
            descents++;
        }
        ring[next] = clientOrderId;
        next = (next + 1) % CAPACITY;
        if (descents == 0)
        {
            if (indexed)
            {
                ids.clear();
                indexed = false;
            }
        }
        else if (indexed)
        {
            ids.add(clientOrderId);
        }
        else
        {
            for (int i = 0; i < size; i++)
            {
                ids.add(ring[i]);
            }
            indexed = true;
        }
    }

    /** Oldest first, for snapshots: replaying them through {@link #add} rebuilds the same state. */
    long[] inOrder()
    {
        final long[] ordered = new long[size];
        final int start = oldestPosition();
        for (int i = 0; i < size; i++)
        {
            ordered[i] = ring[(start + i) % CAPACITY];
        }
        return ordered;
    }

    private long newest()
    {
        return ring[(next + CAPACITY - 1) % CAPACITY];
    }

    private int oldestPosition()
    {
        return size == CAPACITY ? next : 0;
    }

    private boolean sortedRingContains(final long clientOrderId)
    {
        final int start = oldestPosition();
        int low = 0;
        int high = size - 1;
        while (low <= high)
        {
            final int middle = (low + high) >>> 1;
            final long id = ring[(start + middle) % CAPACITY];
            if (id < clientOrderId)
            {
                low = middle + 1;
            }
            else if (id > clientOrderId)
            {
                high = middle - 1;
            }
            else
            {
                return true;
            }
        }
        return false;
    }
}
