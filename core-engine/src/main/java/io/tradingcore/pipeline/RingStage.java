package io.tradingcore.pipeline;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.Agent;

import java.util.function.LongSupplier;

/** A pipeline stage: an agent that handles, in order, the ring entries its poller lets through. */
abstract class RingStage implements Agent, PendingWork, EventPoller.Handler<InputEvent>
{
    private final EventPoller<InputEvent> poller;
    private final LongSupplier upstream;
    private WakeableIdleStrategy wakeAfterWork;
    private int work;

    /**
     * @param upstream how far the stage before this one has gone: the ring's cursor for the first stage, the previous
     *                 stage's sequence for the others.
     */
    RingStage(final EventPoller<InputEvent> poller, final LongSupplier upstream)
    {
        this.poller = poller;
        this.upstream = upstream;
    }

    /** Whom to wake when this stage has handled entries: the thread of the stage that waits for it. */
    void wakeAfterWork(final WakeableIdleStrategy idle)
    {
        this.wakeAfterWork = idle;
    }

    Sequence sequence()
    {
        return poller.getSequence();
    }

    @Override
    public int doWork() throws Exception
    {
        work = 0;
        poller.poll(this);
        if (work > 0 && wakeAfterWork != null)
        {
            wakeAfterWork.wake();
        }
        return work;
    }

    @Override
    public boolean hasWork()
    {
        return upstream.getAsLong() > poller.getSequence().get();
    }

    @Override
    public boolean onEvent(final InputEvent event, final long slot, final boolean endOfBatch)
    {
        process(event);
        work++;
        return true;
    }

    abstract void process(InputEvent event);
}
