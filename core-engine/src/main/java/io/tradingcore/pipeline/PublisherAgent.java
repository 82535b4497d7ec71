package io.tradingcore.pipeline;

import com.lmax.disruptor.EventPoller;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.Journal;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

import java.util.List;

/**
 * Makes the engine's outputs durable and visible: output journal first, then the Aeron
 * publication, then in-process listeners. Consumers that miss Aeron messages catch up from the
 * output journal, which holds every output keyed by the input sequence that caused it.
 */
final class PublisherAgent implements Agent, EventPoller.Handler<InputEvent>, OutputBatch.MessageHandler
{
    private final EventPoller<InputEvent> poller;
    private final Journal outputJournal;
    private final AeronEgress egress;
    private final CoreListener[] listeners;
    private volatile long publishedSequence;
    private long currentSequence;
    private int work;

    PublisherAgent(
        final EventPoller<InputEvent> poller, final Journal outputJournal, final AeronEgress egress,
        final List<CoreListener> listeners, final long lastSequence)
    {
        this.poller = poller;
        this.outputJournal = outputJournal;
        this.egress = egress;
        this.listeners = listeners.toArray(new CoreListener[0]);
        this.publishedSequence = lastSequence;
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
        work++;
        return true;
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
