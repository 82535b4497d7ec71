package io.tradingcore.engine;

/**
 * The client order ids an account used most recently, so that a resent order is refused instead
 * of trading twice. Bounded (a ring of the last {@link #CAPACITY} ids) so that memory and
 * allocation stay flat however many orders an account sends; ids of live orders are always known
 * through the live-order index as well.
 * <p>
 * The look-up table is open addressing with linear probing over ring positions. Its hash keeps
 * ids that differ only in their low 15 bits in neighbouring slots, so an account that counts its
 * ids up (the usual case) touches a few cache lines per order instead of two random ones in a
 * large table; the high bits are scrambled so that ids far apart do not pile up in one place.
 */
final class RecentClientOrderIds
{
    static final int CAPACITY = 16_384;

    private static final int TABLE_SIZE = CAPACITY * 2;
    private static final int MASK = TABLE_SIZE - 1;
    private static final int LOCAL_BITS = 15;

    private final long[] ring = new long[CAPACITY];
    /** Ring position + 1 of the id stored in each slot; 0 for an empty slot. */
    private final int[] table = new int[TABLE_SIZE];
    private int next;
    private int size;
    /** The largest id ever added: an id above it needs no look-up at all. */
    private long largest = Long.MIN_VALUE;

    boolean contains(final long clientOrderId)
    {
        if (clientOrderId > largest)
        {
            return false;
        }
        int slot = home(clientOrderId);
        int entry;
        while ((entry = table[slot]) != 0)
        {
            if (ring[entry - 1] == clientOrderId)
            {
                return true;
            }
            slot = (slot + 1) & MASK;
        }
        return false;
    }

    /**
     * Remembers an id that {@link #contains} does not know (the engine refuses a known one before it gets here),
     * forgetting the oldest when full.
     */
    void add(final long clientOrderId)
    {
        if (size == CAPACITY)
        {
            removeEntryOf(next);
        }
        else
        {
            size++;
        }
        ring[next] = clientOrderId;
        int slot = home(clientOrderId);
        while (table[slot] != 0)
        {
            slot = (slot + 1) & MASK;
        }
        table[slot] = next + 1;
        largest = Math.max(largest, clientOrderId);
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

    private void removeEntryOf(final int ringPosition)
    {
        int slot = home(ring[ringPosition]);
        while (table[slot] != ringPosition + 1)
        {
            slot = (slot + 1) & MASK;
        }
        // Backward-shift deletion: move later entries of the probe run up so that no look-up stops early.
        int hole = slot;
        int probe = slot;
        while (true)
        {
            probe = (probe + 1) & MASK;
            final int entry = table[probe];
            if (entry == 0)
            {
                break;
            }
            final int entryHome = home(ring[entry - 1]);
            final boolean movable = hole <= probe ?
                entryHome <= hole || entryHome > probe :
                entryHome <= hole && entryHome > probe;
            if (movable)
            {
                table[hole] = entry;
                hole = probe;
            }
        }
        table[hole] = 0;
    }

    private static int home(final long clientOrderId)
    {
        final long block = clientOrderId >>> LOCAL_BITS;
        final long scrambled = (block ^ (block >>> 29)) * 0x9E37_79B9_7F4A_7C15L;
        return (int)(clientOrderId + (scrambled >>> 40)) & MASK;
    }
}
