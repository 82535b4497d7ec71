package io.tradingcore.pipeline;

import org.agrona.concurrent.IdleStrategy;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A backoff idle strategy (spin, then yield, then park from a short period doubling up to a long one) whose parks a
 * producer can cut short with {@link #wake()}.
 * <p>
 * Why: on the shared VMs this runs on a park oversleeps badly (a microsecond's park lasts tens of microseconds), and
 * two pipeline threads that hand work to each other under a plain backoff take turns sleeping: the sequencer fills
 * the ring and parks, the publisher drains it and parks, each park growing while the other works, so neither core
 * is busy and inputs wait for a timer. Here the thread that makes work for a parked thread unparks it, so a
 * hand-off costs one wake-up, and the long park stays long (an idle core is still woken only by work or by its
 * longest park).
 * <p>
 * No wake-up is lost for long: the thread announces that it is about to park, then asks {@code hasWork} once more
 * before it parks; a producer makes its work visible, then (after a full fence) reads the announcement. Either the
 * thread sees the work or the producer sees the thread parking and unparks it. Work that {@code hasWork} does not
 * cover is found at the latest when the park ends.
 */
public final class WakeableIdleStrategy implements IdleStrategy
{
    private final long maxSpins;
    private final long maxYields;
    private final long minParkPeriodNs;
    private final long maxParkPeriodNs;
    private volatile Thread parking;
    private volatile BooleanSupplier hasWork = () -> false;
    private long spins;
    private long yields;
    private long parkPeriodNs;

    public WakeableIdleStrategy(
        final long maxSpins, final long maxYields, final long minParkPeriodNs, final long maxParkPeriodNs)
    {
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkPeriodNs = minParkPeriodNs;
        this.maxParkPeriodNs = maxParkPeriodNs;
        reset();
    }

    /** What the idling thread asks just before it parks: is there work it has not seen yet? */
    void hasWork(final BooleanSupplier hasWork)
    {
        this.hasWork = hasWork;
    }

    /** Cuts the idling thread's park short, if it is parking. Any thread; cheap when it is not. */
    public void wake()
    {
        // The caller's work (a release store) must be visible before the announcement is read: see the class comment.
        VarHandle.fullFence();
        final Thread thread = parking;
        if (thread != null)
        {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        if (spins < maxSpins)
        {
            spins++;
            Thread.onSpinWait();
        }
        else if (yields < maxYields)
        {
            yields++;
            Thread.yield();
        }
        else
        {
            parking = Thread.currentThread();
            VarHandle.fullFence();
            if (hasWork.getAsBoolean())
            {
                parking = null;
                reset();
                return;
            }
            LockSupport.parkNanos(parkPeriodNs);
            parking = null;
            parkPeriodNs = Math.min(parkPeriodNs << 1, maxParkPeriodNs);
        }
    }

    @Override
    public void reset()
    {
        spins = 0;
        yields = 0;
        parkPeriodNs = minParkPeriodNs;
    }

    @Override
    public String alias()
    {
        return "wakeable-backoff";
    }
}
