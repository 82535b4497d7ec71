package io.tradingcore.pipeline;

import com.lmax.disruptor.EventPoller;
import io.tradingcore.journal.Journal;

import java.util.function.LongSupplier;

/** Appends every sequenced input to the input journal before the engine may see it (ARCHITECTURE.md, engine rule 3). */
final class JournallerAgent extends RingStage
{
    private final Journal inputJournal;
    private final JournalRollClock rollClock;

    JournallerAgent(
        final EventPoller<InputEvent> poller, final LongSupplier upstream, final Journal inputJournal,
        final JournalRollClock rollClock)
    {
        super(poller, upstream);
        this.inputJournal = inputJournal;
        this.rollClock = rollClock;
    }

    @Override
    public int doWork() throws Exception
    {
        rollClock.refresh();
        return super.doWork();
    }

    @Override
    void process(final InputEvent event)
    {
        final long journaled = inputJournal.append(event.input, 0, event.inputLength());
        if (journaled != event.sequence)
        {
            throw new IllegalStateException(
                "input journal gave sequence " + journaled + " to input " + event.sequence
                    + ": the journal was changed " +
                "by someone else while the core was running");
        }
    }

    @Override
    public String roleName()
    {
        return "journaller";
    }
}
