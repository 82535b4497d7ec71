package io.tradingcore.pipeline;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The idle strategy of the pipeline's threads: a thread parked on a park far longer than the test is woken by the
 * work handed to it, and a thread that is told there is work does not park at all.
 */
class WakeableIdleStrategyTest
{
    /** Longer than any test may take: a thread that comes back did so because it was woken. */
    private static final long HOUR_NS = TimeUnit.HOURS.toNanos(1);

    @Test
    void wakeEndsALongPark() throws Exception
    {
        final WakeableIdleStrategy idle = new WakeableIdleStrategy(1, 1, HOUR_NS, HOUR_NS);
        final AtomicBoolean work = new AtomicBoolean();
        final AtomicInteger idles = new AtomicInteger();
        final Thread consumer = new Thread(() ->
        {
            while (!work.get())
            {
                idle.idle(0);
                idles.incrementAndGet();
            }
        });
        consumer.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (consumer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.TIMED_WAITING, consumer.getState(), "the consumer reached its hour-long park");

        work.set(true);
        idle.wake();

        consumer.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(consumer.isAlive(), "woken from an hour-long park");
        assertTrue(idles.get() >= 3, "spun, yielded, then parked: " + idles.get());
    }

    @Test
    void workItHasNotSeenKeepsItFromParking() throws Exception
    {
        final WakeableIdleStrategy idle = new WakeableIdleStrategy(0, 0, HOUR_NS, HOUR_NS);
        final AtomicBoolean pending = new AtomicBoolean(true);
        idle.hasWork(pending::get);
        final Thread consumer = new Thread(() -> idle.idle(0));
        consumer.start();
        consumer.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(consumer.isAlive(), "went back to work instead of parking for an hour");
    }

    @Test
    void workResetsTheBackoff() throws Exception
    {
        final WakeableIdleStrategy idle = new WakeableIdleStrategy(2, 0, HOUR_NS, HOUR_NS);
        final Thread consumer = new Thread(() ->
        {
            // Two spins, work, two spins again: a backoff that was not reset by the work would park here.
            idle.idle(0);
            idle.idle(0);
            idle.idle(1);
            idle.idle(0);
            idle.idle(0);
        });
        consumer.start();
        consumer.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(consumer.isAlive(), "work sent it back to spinning");
    }
}
