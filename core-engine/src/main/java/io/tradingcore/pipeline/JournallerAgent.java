package io.tradingcore.pipeline;

import com.lmax.disruptor.EventPoller;
import io.tradingcore.journal.Journal;
import org.agrona.concurrent.Agent;

/** Appends every sequenced input to the input journal before the engine may see it (rule 3). */
final class JournallerAgent implements Agent, EventPoller.Handler<InputEvent>
{
    private final EventPoller<InputEvent> poller;
    private final Journal inputJournal;
    private int work;

    JournallerAgent(final EventPoller<InputEvent> poller, final Journal inputJournal)
    {
        this.poller = poller;
        this.inputJournal = inputJournal;
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
        final long journaled = inputJournal.append(event.input, 0, event.inputLength());
        if (journaled != event.sequence)
        {
            throw new IllegalStateException(
                "input journal gave sequence " + journaled + " to input " + event.sequence + ": the journal was changed " +
                "by someone else while the core was running");
        }
        work++;
        return true;
    }

    @Override
    public String roleName()
    {
        return "journaller";
    }
}
