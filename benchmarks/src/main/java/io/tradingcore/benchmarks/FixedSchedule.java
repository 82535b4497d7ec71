package io.tradingcore.benchmarks;

import java.util.concurrent.locks.LockSupport;

/**
 * The send schedule of a fixed-rate load: message {@code i} is due at {@code start + i * period}. Latency is
 * measured from the due time, not from the moment the sender got round to it, so a stall of the sender or of
 * the system under test counts against every message it delayed (no coordinated omission).
 */
final class FixedSchedule
{
    // Parking for less than this overshoots by about as much on Linux, so the last stretch spins.
    private static final long SPIN_NS = 20_000;

    private final long startNs;
    private final double periodNs;

    FixedSchedule(final long startNs, final long ratePerSecond)
    {
        this.startNs = startNs;
        this.periodNs = 1e9 / ratePerSecond;
    }

    long dueNs(final long index)
    {
        return startNs + (long)(index * periodNs);
    }

    /** Waits until message {@code index} is due. */
    void awaitDue(final long index)
    {
        final long due = dueNs(index);
        while (true)
        {
            final long remaining = due - System.nanoTime();
            if (remaining <= 0)
            {
                return;
            }
            if (remaining > SPIN_NS)
            {
                LockSupport.parkNanos(remaining - SPIN_NS);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }

    /** How many messages from {@code from} on are due now, at most {@code max} and at most up to {@code end}. */
    int dueCount(final long from, final long end, final int max)
    {
        final long now = System.nanoTime();
        int count = 0;
        while (count < max && from + count < end && dueNs(from + count) <= now)
        {
            count++;
        }
        return Math.max(1, count);
    }
}
