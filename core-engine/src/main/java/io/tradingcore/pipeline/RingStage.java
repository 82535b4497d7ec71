package io.tradingcore.pipeline;

import com.lmax.disruptor.EventPoller;
import org.agrona.concurrent.Agent;

/** A pipeline stage: an agent that handles, in order, the ring entries its poller lets through. */
abstract class RingStage implements Agent, EventPoller.Handler<InputEvent>
{
    private final EventPoller<InputEvent> poller;
    private int work;

    RingStage(final EventPoller<InputEvent> poller)
    {
        this.poller = poller;
    }

    @Override
    public int doWork() throws Exception
    {
        work = 0;
        poller.poll(this);
        return work;
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
