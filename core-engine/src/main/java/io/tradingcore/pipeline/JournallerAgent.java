package io.tradingcore.pipeline;

import com.lmax.disruptor.EventPoller;
import io.tradingcore.journal.Journal;

import java.util.function.LongSupplier;

/** Appends every sequenced input to the input journal before the engine may see it (rule 3). */
final class JournallerAgent extends RingStage
{
    private final Journal inputJournal;

    JournallerAgent(final EventPoller<InputEvent> poller, final LongSupplier upstream, final Journal inputJournal)
    {
        super(poller, upstream);
        this.inputJournal = inputJournal;
    }

    @Override
    void process(final InputEvent event)
    {
        final long journaled = inputJournal.append(event.input, 0, event.inputLength());
        if (journaled != event.sequence)
        {
            throw new IllegalStateException(
                "input journal gave sequence " + journaled + " to input " + event.sequence + ": the journal was changed " +
                "by someone else while the core was running");
        }
    }

    @Override
    public String roleName()
    {
        return "journaller";
    }
}
