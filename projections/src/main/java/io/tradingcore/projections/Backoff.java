package io.tradingcore.projections;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Capped exponential backoff with jitter for a database that is down: the delay doubles from {@code initial} up to
 * {@code max}, and each wait is drawn from the upper half of it, so that projections that lost the same server do not
 * come back at the same instant.
 */
final class Backoff
{
    private final long initialNs;
    private final long maxNs;
    private long currentNs;
    private int failures;

    Backoff(final long initialMs, final long maxMs)
    {
        this.initialNs = TimeUnit.MILLISECONDS.toNanos(initialMs);
        this.maxNs = TimeUnit.MILLISECONDS.toNanos(maxMs);
        this.currentNs = initialNs;
    }

    /** The wait before the next attempt, in nanoseconds; doubles the one after. */
    long nextDelayNs()
    {
        final long delay = currentNs / 2 + ThreadLocalRandom.current().nextLong(currentNs / 2 + 1);
        currentNs = Math.min(maxNs, currentNs * 2);
        failures++;
        return delay;
    }

    /** Failures in a row since the last success. */
    int failures()
    {
        return failures;
    }

    void reset()
    {
        currentNs = initialNs;
        failures = 0;
    }
}
