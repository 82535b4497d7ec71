package io.tradingcore.benchmarks;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * A fixed-rate load for a client that offers and reads its answers on one thread (a cluster client must: its offer
 * and its poll share state), free of coordinated omission as {@link FixedRateLoad}: input {@code i} of a phase is due
 * at {@code start + i * period} whatever happened before it, and its latency runs from that intended time to the
 * moment the thread sees its answer. Between inputs the thread polls the client, backing off when there is nothing
 * to do (10 spins, 20 yields, then parks of 1 µs doubling to {@value #MAX_PARK_US} µs), so an answer is seen at most
 * that late, the same for every target; it never spins for long on the 2 cores here. Answers come back in the order
 * of the inputs (one session, one log), so the target counts them.
 */
final class PolledLoad
{
    private static final long MAX_PARK_US = 50;
    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(120);

    /** What the load drives: a cluster client, a raw cluster client to the echo, the pipeline. */
    interface Target
    {
        /** Offers input {@code index} (counted over the target's life from 0); false when it must poll first. */
        boolean offer(long index);

        /** Does the client's work (reads answers, sends what waits); the amount of work done. */
        int poll();

        /** How many inputs are answered so far. */
        long answered();
    }

    /** One phase's figures; the histogram is null for a flat-out phase. */
    record Result(Histogram histogram, long inputs, double sentRate, double answeredRate, long maxSendLagNs)
    {
    }

    private final IdleStrategy idle =
        new BackoffIdleStrategy(10, 20, 1_000, TimeUnit.MICROSECONDS.toNanos(MAX_PARK_US));
    private long offered;

    /**
     * Inputs at {@code ratePerSecond} for {@code warmupSeconds}, not recorded, until every one is answered; then for
     * {@code seconds}, recorded.
     */
    Result fixedRate(final Target target, final int ratePerSecond, final double warmupSeconds, final double seconds,
        final long timeoutNs)
    {
        phase(target, ratePerSecond, (long)(ratePerSecond * warmupSeconds), null, timeoutNs);
        return phase(target, ratePerSecond, (long)(ratePerSecond * seconds),
            new Histogram(HIGHEST_TRACKABLE_NS, 3), timeoutNs);
    }

    private Result phase(final Target target, final int ratePerSecond, final long inputs, final Histogram histogram,
        final long timeoutNs)
    {
        final long base = offered;
        final double periodNs = 1e9 / ratePerSecond;
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        final long deadline = start + (long)(inputs * periodNs) + timeoutNs;
        long next = 0;
        long seen = 0;
        long maxLag = 0;
        long lastSentNs = start;
        long lastAnswerNs = start;
        while (seen < inputs)
        {
            long now = System.nanoTime();
            int work = 0;
            while (next < inputs && start + (long)(next * periodNs) <= now && target.offer(base + next))
            {
                maxLag = Math.max(maxLag, now - (start + (long)(next * periodNs)));
                lastSentNs = now;
                next++;
                offered++;
                work++;
            }
            work += target.poll();
            final long answered = Math.min(inputs, target.answered() - base);
            if (answered > seen)
            {
                now = System.nanoTime();
                for (long i = seen; i < answered; i++)
                {
                    if (null != histogram)
                    {
                        histogram.recordValue(Math.min(HIGHEST_TRACKABLE_NS,
                            Math.max(0, now - (start + (long)(i * periodNs)))));
                    }
                }
                seen = answered;
                lastAnswerNs = now;
                work++;
            }
            if (now > deadline)
            {
                throw new IllegalStateException(String.format("%,d of %,d inputs answered (%,d sent) at %,d/s, " +
                    "%d s after the last was due", seen, inputs, next, ratePerSecond,
                    TimeUnit.NANOSECONDS.toSeconds(timeoutNs)));
            }
            idle.idle(work);
        }
        return new Result(histogram, inputs, inputs * 1e9 / Math.max(1, lastSentNs - start),
            inputs * 1e9 / Math.max(1, lastAnswerNs - start), maxLag);
    }

    /**
     * {@code inputs} offered as fast as the target takes them, never more than {@code window} unanswered; timed from
     * the first offer to the last answer.
     */
    Result flatOut(final Target target, final long inputs, final int window, final long timeoutNs)
    {
        final long base = offered;
        final long start = System.nanoTime();
        final long deadline = start + timeoutNs;
        long next = 0;
        long seen = 0;
        long lastSentNs = start;
        while (seen < inputs)
        {
            int work = 0;
            while (next < inputs && next - seen < window && target.offer(base + next))
            {
                next++;
                offered++;
                work++;
                lastSentNs = System.nanoTime();
            }
            work += target.poll();
            final long answered = Math.min(inputs, target.answered() - base);
            if (answered > seen)
            {
                seen = answered;
                work++;
            }
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException(String.format("flat out: %,d of %,d inputs answered (%,d sent) " +
                    "after %d s", seen, inputs, next, TimeUnit.NANOSECONDS.toSeconds(timeoutNs)));
            }
            idle.idle(work);
        }
        final long end = System.nanoTime();
        return new Result(null, inputs, inputs * 1e9 / Math.max(1, lastSentNs - start),
            inputs * 1e9 / Math.max(1, end - start), 0);
    }

    /** Polls until every input offered is answered. */
    void drain(final Target target, final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (target.answered() < offered)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException(String.format("%,d of %,d inputs answered", target.answered(),
                    offered));
            }
            idle.idle(target.poll());
        }
    }

    /** How many inputs this load offered in all (the next input's index). */
    long offered()
    {
        return offered;
    }

    /** Counts an input offered outside the load's phases (the failover stream), so that indices stay in step. */
    void countOffered()
    {
        offered++;
    }

    IdleStrategy idle()
    {
        return idle;
    }
}
