package io.tradingcore.gateway.stream;

import org.agrona.collections.Long2LongHashMap;

/**
 * The most recent events of every tenant, serialized once, for resuming connections. Positions count every event
 * ever appended; the event at a position is kept while fewer than {@code capacity} events came after it. For each
 * tenant it remembers the highest sequence it has dropped, so that it can tell whether a resume point is still
 * covered. Not thread-safe: the endpoint holds its lock around every call.
 */
final class EventRing
{
    private static final long NONE_DROPPED = Long.MIN_VALUE;

    private final int capacity;
    private final int[] tenants;
    private final long[] sequences;
    private final byte[][] frames;
    private final Long2LongHashMap droppedSequence = new Long2LongHashMap(NONE_DROPPED);
    private long head;

    EventRing(final int capacity)
    {
        this.capacity = capacity;
        this.tenants = new int[capacity];
        this.sequences = new long[capacity];
        this.frames = new byte[capacity][];
    }

    void append(final int tenantId, final long sequence, final byte[] frame)
    {
        final int slot = (int)(head % capacity);
        if (head >= capacity)
        {
            final int droppedTenant = tenants[slot];
            if (sequences[slot] > droppedSequence.get(droppedTenant))
            {
                droppedSequence.put(droppedTenant, sequences[slot]);
            }
        }
        tenants[slot] = tenantId;
        sequences[slot] = sequence;
        frames[slot] = frame;
        head++;
    }

    /** The position the next event will take. */
    long head()
    {
        return head;
    }

    /** The oldest position still kept. */
    long oldest()
    {
        return Math.max(0, head - capacity);
    }

    /** True when every event of the tenant with a sequence after {@code from} is still kept. */
    boolean keepsAfter(final int tenantId, final long from)
    {
        return droppedSequence.get(tenantId) <= from;
    }

    int tenant(final long position)
    {
        return tenants[(int)(position % capacity)];
    }

    long sequence(final long position)
    {
        return sequences[(int)(position % capacity)];
    }

    byte[] frame(final long position)
    {
        return frames[(int)(position % capacity)];
    }
}
