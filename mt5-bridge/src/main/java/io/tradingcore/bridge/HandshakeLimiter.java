package io.tradingcore.bridge;

import org.agrona.concurrent.NanoClock;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Failed handshakes per remote address: after {@code maxFailures} within a window that opens at the first of them,
 * the address's new connections are refused for the block time, so a guesser gets a handful of tokens a minute
 * rather than thousands a second. Bridge thread only.
 */
final class HandshakeLimiter
{
    private static final class Record
    {
        long windowStartNs;
        int failures;
        long blockedUntilNs;
        boolean blocked;
    }

    private final int maxFailures;
    private final long windowNs;
    private final long blockNs;
    private final NanoClock clock;
    private final Map<InetAddress, Record> records = new HashMap<>();

    /** {@code maxFailures} 0 counts nothing and blocks no one. */
    HandshakeLimiter(final int maxFailures, final long windowMs, final long blockMs, final NanoClock clock)
    {
        this.maxFailures = maxFailures;
        this.windowNs = windowMs * 1_000_000L;
        this.blockNs = blockMs * 1_000_000L;
        this.clock = clock;
    }

    /** True when connections from {@code address} are refused now. */
    boolean isBlocked(final InetAddress address)
    {
        final Record record = records.get(address);
        if (record == null || !record.blocked)
        {
            return false;
        }
        if (clock.nanoTime() - record.blockedUntilNs >= 0)
        {
            records.remove(address);
            return false;
        }
        return true;
    }

    /** Counts one failed handshake of {@code address}; true when it is the one that starts a block. */
    boolean onFailure(final InetAddress address)
    {
        if (maxFailures == 0)
        {
            return false;
        }
        final long now = clock.nanoTime();
        final Record record = records.computeIfAbsent(address, ignored -> new Record());
        if (record.blocked)
        {
            // A connection accepted just before the block began and failing after it: the block stands as it is.
            return false;
        }
        if (record.failures == 0 || now - record.windowStartNs >= windowNs)
        {
            record.windowStartNs = now;
            record.failures = 0;
        }
        if (++record.failures < maxFailures)
        {
            return false;
        }
        record.blocked = true;
        record.blockedUntilNs = now + blockNs;
        return true;
    }

    /** Forgets the addresses whose window or block is over, so that many addresses trying once cost no memory. */
    void forgetExpired()
    {
        final long now = clock.nanoTime();
        final Iterator<Record> iterator = records.values().iterator();
        while (iterator.hasNext())
        {
            final Record record = iterator.next();
            final boolean over = record.blocked ? now - record.blockedUntilNs >= 0 :
                now - record.windowStartNs >= windowNs;
            if (over)
            {
                iterator.remove();
            }
        }
    }
}
