package io.tradingcore.pipeline;

import com.lmax.disruptor.RingBuffer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ControlledMessageHandler;

import java.nio.ByteOrder;

/**
 * The single writer of the ring buffer: drains the venue lane, then the ingress queue, gives each input the next
 * sequence and the engine time, and publishes it. Sequences continue those of the input journal,
 * so that input N of the journal is input N of the engine everywhere.
 */
final class SequencerAgent implements Agent, PendingWork, ControlledMessageHandler
{
    private static final int BATCH_LIMIT = 256;

    private final Ingress venueIngress;
    private final Ingress ingress;
    private final RingBuffer<InputEvent> ring;
    private final EngineClock clock;
    private long nextSequence;
    private long lastTimeNs;
    private volatile long lastSequenced;
    private WakeableIdleStrategy wakeAfterWork;

    SequencerAgent(final Ingress venueIngress, final Ingress ingress, final RingBuffer<InputEvent> ring,
        final EngineClock clock, final long lastJournaledSequence, final long lastTimeNs)
    {
        this.venueIngress = venueIngress;
        this.ingress = ingress;
        this.ring = ring;
        this.clock = clock;
        this.nextSequence = lastJournaledSequence + 1;
        this.lastTimeNs = lastTimeNs;
        this.lastSequenced = lastJournaledSequence;
    }

    /** Whom to wake when inputs were put in the ring: the journaller's thread. */
    void wakeAfterWork(final WakeableIdleStrategy idle)
    {
        this.wakeAfterWork = idle;
    }

    @Override
    public int doWork()
    {
        clock.startBatch();
        final int work = venueIngress.queue().controlledRead(this, BATCH_LIMIT) +
            ingress.queue().controlledRead(this, BATCH_LIMIT);
        if (work > 0 && wakeAfterWork != null)
        {
            wakeAfterWork.wake();
        }
        return work;
    }

    /** Inputs wait and the ring has room for one: a full ring is the publisher's to free, and it wakes this thread. */
    @Override
    public boolean hasWork()
    {
        return (!venueIngress.isEmpty() || !ingress.isEmpty()) && ring.hasAvailableCapacity(1);
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
