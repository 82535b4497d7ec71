package io.tradingcore.pipeline;

import com.lmax.disruptor.RingBuffer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ControlledMessageHandler;

import java.nio.ByteOrder;

/**
 * The single writer of the ring buffer: drains the ingress queue, gives each input the next
 * sequence and the engine time, and publishes it. Sequences continue those of the input journal,
 * so that input N of the journal is input N of the engine everywhere.
 */
final class SequencerAgent implements Agent, ControlledMessageHandler
{
    private static final int BATCH_LIMIT = 256;

    private final Ingress ingress;
    private final RingBuffer<InputEvent> ring;
    private final EngineClock clock;
    private long nextSequence;
    private long lastTimeNs;
    private volatile long lastSequenced;

    SequencerAgent(final Ingress ingress, final RingBuffer<InputEvent> ring, final EngineClock clock,
        final long lastJournaledSequence, final long lastTimeNs)
    {
        this.ingress = ingress;
        this.ring = ring;
        this.clock = clock;
        this.nextSequence = lastJournaledSequence + 1;
        this.lastTimeNs = lastTimeNs;
        this.lastSequenced = lastJournaledSequence;
    }

    @Override
    public int doWork()
    {
        return ingress.queue().controlledRead(this, BATCH_LIMIT);
    }

    @Override
    public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (!ring.hasAvailableCapacity(1))
        {
            return Action.ABORT;
        }
        final long slot = ring.next();
        final InputEvent event = ring.get(slot);
        final long timeNs = Math.max(lastTimeNs, clock.stamp(buffer, index, length));
        lastTimeNs = timeNs;
        event.sequence = nextSequence++;
        event.timeNs = timeNs;
        event.messageLength = length;
        event.input.putLong(0, timeNs, ByteOrder.LITTLE_ENDIAN);
        event.input.putBytes(InputEvent.INPUT_HEADER, buffer, index, length);
        ring.publish(slot);
        lastSequenced = event.sequence;
        return Action.COMMIT;
    }

    /** Sequence of the last input given to the ring. */
    long lastSequenced()
    {
        return lastSequenced;
    }

    @Override
    public String roleName()
    {
        return "sequencer";
    }

    static long readStamp(final DirectBuffer entry, final int offset)
    {
        return entry.getLong(offset, ByteOrder.LITTLE_ENDIAN);
    }
}
