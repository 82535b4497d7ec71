package io.tradingcore.bridge.simulator;

import org.agrona.collections.Long2LongHashMap;

/**
 * When each recent tick was written to the socket, by symbol index and server time, so an ORDER that names
 * its cause tick can be timed from that tick's write. Holds the latest {@code capacity} ticks; an order
 * caused by an older tick is not timed. Two ticks of a symbol in the same millisecond share a key: the
 * first write is kept, so the latency measured is never the smaller one. Single-threaded.
 */
final class TickSendTimes
{
    static final long UNKNOWN = -1;

    private final Long2LongHashMap sendTimes;
    private final long[] keys;
    private int next;
    private int held;

    TickSendTimes(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        keys = new long[capacity];
        sendTimes = new Long2LongHashMap(capacity * 2, 0.65f, UNKNOWN);
    }

    /** Server times are epoch ms below 2^48 (year 10889); the symbol index takes the bits above. */
    static long key(final int symbolIndex, final long timeMsc)
    {
        return ((long)symbolIndex << 48) | (timeMsc & 0xFFFF_FFFF_FFFFL);
    }

    void onSent(final int symbolIndex, final long timeMsc, final long sendTimeNs)
    {
        final long key = key(symbolIndex, timeMsc);
        if (sendTimes.get(key) != UNKNOWN)
        {
            return;
        }
        if (held == keys.length)
        {
            sendTimes.remove(keys[next]);
        }
        else
        {
            held++;
        }
        keys[next] = key;
        next = next + 1 == keys.length ? 0 : next + 1;
        sendTimes.put(key, sendTimeNs);
    }

    /** The nanoTime the tick was first written, or {@link #UNKNOWN}. */
    long sendTimeNs(final int symbolIndex, final long timeMsc)
    {
        return sendTimes.get(key(symbolIndex, timeMsc));
    }
}
