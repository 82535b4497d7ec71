package io.tradingcore.benchmarks;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A load that is free of coordinated omission: measured event {@code i} is due at {@code start + i * period},
 * whatever happened to the events before it, and its latency is taken from that intended time, not from when the
 * sender got round to it. A sender held up by a stall therefore sends late and every late event shows the stall, as a
 * real client's would; nothing is skipped and nothing is re-timed.
 * <p>
 * One thread (the caller of {@link #run}) sends; one other thread, the receiver of the responses, calls
 * {@link #onResponse} with the index the event carried. The sender never spins while it waits for an event's time
 * ({@link Pace}): on 2 cores a spinning sender would take a core from what it measures. The first
 * {@code warmupEvents} are sent at the same rate but not recorded, and the measured events start once every warm-up
 * event is answered. Any harness reuses it: the pipeline, the raw baselines, the peer, and the bridge's harness.
 */
final class FixedRateLoad
{
    /** Sends event {@code index}, due at {@code intendedNs} ({@link System#nanoTime()} time). */
    @FunctionalInterface
    interface Sender
    {
        void send(int index, long intendedNs) throws Exception;
    }

    /** How the sender waits for an event's time. */
    enum Pace
    {
        /** Park until shortly before it is due, then yield: on time to a few µs, but always runnable at high rates. */
        YIELD,
        /**
         * Park until it is due. A park oversleeps (some 50-90 µs on the 2-core VMs here), so at high rates the events
         * due meanwhile go out together, late, their latency counted from their intended times as always; in exchange
         * the sender leaves the cores to what it measures.
         */
        PARK
    }

    private static final long PARK_AHEAD_NS = 200_000;
    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);

    private final int ratePerSecond;
    private final int warmupEvents;
    private final int events;
    private final long periodNs;
    private final long[] intendedNs;
    private final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, 3);
    private volatile int responses;
    private long maxSendLagNs;
    private long sendNanos;
    private Pace pace = Pace.YIELD;

    /**
     * @param ratePerSecond events per second, spaced evenly.
     * @param warmupEvents  sent first, on the same schedule, not recorded.
     * @param measuredEvents recorded after the warm-up.
     */
    FixedRateLoad(final int ratePerSecond, final int warmupEvents, final int measuredEvents)
    {
        this.ratePerSecond = ratePerSecond;
        this.warmupEvents = warmupEvents;
        this.events = warmupEvents + measuredEvents;
        this.periodNs = 1_000_000_000L / ratePerSecond;
        this.intendedNs = new long[events];
    }

    int events()
    {
        return events;
    }

    FixedRateLoad pace(final Pace pace)
    {
        this.pace = pace;
        return this;
    }

    Pace pace()
    {
        return pace;
    }

    int ratePerSecond()
    {
        return ratePerSecond;
    }

    /**
     * The receiver's side: event {@code index} got its response now. Called from one thread only.
     */
    void onResponse(final int index)
    {
        final long now = System.nanoTime();
        if (index >= warmupEvents && index < events)
        {
            histogram.recordValue(Math.min(HIGHEST_TRACKABLE_NS, Math.max(0, now - intendedNs[index])));
        }
        responses++;
    }

    /**
     * Sends the warm-up events on schedule from this thread and waits for their responses, then sends the measured
     * events on a schedule of their own and waits for theirs.
     *
     * @return the latencies of the measured events, in nanoseconds.
     */
    @SuppressWarnings("try") // the resource is held open for the length of the block, not used in it
    Histogram run(final Sender sender, final long timeoutNs) throws Exception
    {
        schedule(0, warmupEvents);
        send(sender, 0, warmupEvents);
        // The measured events start from a drained system: a backlog the warm-up left (the JIT still compiling)
        // would otherwise be charged to the steady state the figures describe.
        awaitResponses(warmupEvents, timeoutNs);
        try (FigureProfile profile = FigureProfile.start(String.format("measured events at %,d/s", ratePerSecond)))
        {
            final long measuredStart = System.nanoTime();
            schedule(warmupEvents, events);
            send(sender, warmupEvents, events);
            sendNanos = System.nanoTime() - measuredStart;
            awaitResponses(events, timeoutNs);
        }
        return histogram;
    }

    private void schedule(final int from, final int to)
    {
        final long start = System.nanoTime() + 1_000_000;
        for (int i = from; i < to; i++)
        {
            intendedNs[i] = start + (i - from) * periodNs;
        }
    }

    private void send(final Sender sender, final int from, final int to) throws Exception
    {
        for (int i = from; i < to; i++)
        {
            final long due = intendedNs[i];
            long now;
            while ((now = System.nanoTime()) < due)
            {
                if (pace == Pace.PARK)
                {
                    LockSupport.parkNanos(due - now);
                    continue;
                }
                // Park while far ahead, then yield: at 100,000 events a second the gap is 10 µs, less than a park
                // takes, and a spinning sender would take a whole core from a pipeline on a 2-core machine.
                if (due - now > PARK_AHEAD_NS)
                {
                    LockSupport.parkNanos(due - now - PARK_AHEAD_NS);
                }
                else
                {
                    Thread.yield();
                }
            }
            if (i >= warmupEvents)
            {
                maxSendLagNs = Math.max(maxSendLagNs, now - due);
            }
            sender.send(i, due);
        }
    }

    private void awaitResponses(final int count, final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (responses < count)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException(String.format("%,d of %,d responses after the last send + %d s",
                    responses, count, TimeUnit.NANOSECONDS.toSeconds(timeoutNs)));
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** How far behind its schedule the sender ever was when it sent, in ns (every such delay is in the figures). */
    long maxSendLagNs()
    {
        return maxSendLagNs;
    }

    /** The rate the sender achieved over the measured events, events per second. */
    double achievedRate()
    {
        return (events - warmupEvents) * 1e9 / Math.max(1, sendNanos);
    }
}
