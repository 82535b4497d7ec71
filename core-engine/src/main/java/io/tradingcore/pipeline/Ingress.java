package io.tradingcore.pipeline;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * Where inputs enter the core from any thread: a lock-free many-to-one queue that the sequencer
 * drains into the single-writer ring buffer. Offers never block and never allocate; they answer
 * with a code, Aeron-style, so callers decide how to wait.
 */
public final class Ingress
{
    /** The input was queued. */
    public static final long OK = 1;
    /** The queue is full: the core is behind; try again shortly. */
    public static final long BACK_PRESSURED = -2;
    /** The message is larger than the ring's input slots. */
    public static final long MESSAGE_TOO_LARGE = -3;
    /** The core is closed. */
    public static final long CLOSED = -4;

    static final int INPUT_MESSAGE_TYPE = 1;

    private final ManyToOneRingBuffer queue;
    private final int maxMessageLength;
    private volatile boolean closed;
    private volatile WakeableIdleStrategy sequencerIdle;

    Ingress(final int capacityBytes, final int maxMessageLength)
    {
        this.queue = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        this.maxMessageLength = maxMessageLength;
    }

    /** Queues one SBE input message (header included). Thread-safe. */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (closed)
        {
            return CLOSED;
        }
        if (length > maxMessageLength || length <= 0)
        {
            return MESSAGE_TOO_LARGE;
        }
        if (!queue.write(INPUT_MESSAGE_TYPE, buffer, offset, length))
        {
            return BACK_PRESSURED;
        }
        final WakeableIdleStrategy idle = sequencerIdle;
        if (idle != null)
        {
            idle.wake();
        }
        return OK;
    }

    /** The sequencer's thread idles with this: every offer wakes it, so an input never waits for a park to end. */
    void wakeOnOffer(final WakeableIdleStrategy idle)
    {
        this.sequencerIdle = idle;
    }

    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    /** Bytes waiting to be sequenced, for producers that keep their backlog short. */
    public int queuedBytes()
    {
        return queue.size();
    }

    /**
     * How far producers have written, in queue bytes; read right after an offer it is at or past
     * the end of that offer, for {@link JournaledWatermark}.
     */
    public long producerPosition()
    {
        return queue.producerPosition();
    }

    /** How far the sequencer has taken inputs out of the queue, in queue bytes. */
    public long consumerPosition()
    {
        return queue.consumerPosition();
    }

    /** True when nothing waits to be sequenced. */
    public boolean isEmpty()
    {
        return queue.size() == 0;
    }

    ManyToOneRingBuffer queue()
    {
        return queue;
    }

    void close()
    {
        closed = true;
    }

    /** A human-readable name for an offer result. */
    public static String describe(final long result)
    {
        if (result == OK)
        {
            return "OK";
        }
        if (result == BACK_PRESSURED)
        {
            return "BACK_PRESSURED";
        }
        if (result == MESSAGE_TOO_LARGE)
        {
            return "MESSAGE_TOO_LARGE";
        }
        return result == CLOSED ? "CLOSED" : "UNKNOWN(" + result + ")";
    }
}
