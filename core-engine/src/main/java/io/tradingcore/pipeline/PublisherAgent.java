package io.tradingcore.pipeline;

import com.lmax.disruptor.EventPoller;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.outputs.OutputJournalWriter;
import org.agrona.DirectBuffer;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * Makes the engine's outputs durable and visible: output journal first, then the Aeron
 * publication, then in-process listeners. Consumers that miss Aeron messages catch up from the
 * output journal, which holds every output keyed by the input sequence that caused it (in several
 * entries when one input's outputs exceed an entry, see {@link OutputJournalWriter}). Aeron and the
 * listeners get one message at a time, so a batch of any size reaches them whole.
 */
final class PublisherAgent extends RingStage implements OutputBatch.MessageHandler
{
    private final OutputJournalWriter outputJournal;
    private final JournalRollClock rollClock;
    private final AeronEgress egress;
    private final CoreListener[] listeners;
    private volatile long publishedSequence;
    private long currentSequence;

    PublisherAgent(
        final EventPoller<InputEvent> poller, final LongSupplier upstream, final OutputJournalWriter outputJournal,
        final JournalRollClock rollClock, final AeronEgress egress, final List<CoreListener> listeners,
        final long lastSequence)
    {
        super(poller, upstream);
        this.outputJournal = outputJournal;
        this.rollClock = rollClock;
        this.egress = egress;
        this.listeners = listeners.toArray(new CoreListener[0]);
        this.publishedSequence = lastSequence;
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
        currentSequence = event.sequence;
        for (final CoreListener listener : listeners)
        {
            listener.onInput(event.sequence, event.timeNs, event.input, InputEvent.INPUT_HEADER, event.messageLength);
        }
        if (event.outputLength > 0)
        {
            outputJournal.append(event.output, 0, event.outputLength);
            OutputBatch.forEach(event.output, InputEvent.OUTPUT_HEADER, event.outputLength - InputEvent.OUTPUT_HEADER,
                this);
        }
        publishedSequence = event.sequence;
    }

    @Override
    public void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (egress != null)
        {
            egress.publish(buffer, offset, length);
        }
        for (final CoreListener listener : listeners)
        {
            listener.onOutput(currentSequence, buffer, offset, length);
        }
    }

    /** Sequence of the last input whose outputs are journaled and published. */
    long publishedSequence()
    {
        return publishedSequence;
    }

    @Override
    public String roleName()
    {
        return "publisher";
    }
}
