package io.tradingcore.backtest;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;

/**
 * A first-in first-out queue of messages, each with the engine time it becomes due, copied into one
 * growing buffer so that queueing allocates nothing in steady state. Due times must not decrease.
 */
final class FrameQueue
{
    private static final int FRAME_HEADER = Long.BYTES + Integer.BYTES;

    private final ExpandableArrayBuffer frames = new ExpandableArrayBuffer(4096);
    private int head;
    private int tail;

    void add(final long dueNs, final DirectBuffer buffer, final int offset, final int length)
    {
        frames.putLong(tail, dueNs, ByteOrder.LITTLE_ENDIAN);
        frames.putInt(tail + Long.BYTES, length, ByteOrder.LITTLE_ENDIAN);
        frames.putBytes(tail + FRAME_HEADER, buffer, offset, length);
        tail += FRAME_HEADER + length;
    }

    boolean isEmpty()
    {
        return head == tail;
    }

    long headDueNs()
    {
        return frames.getLong(head, ByteOrder.LITTLE_ENDIAN);
    }

    int headLength()
    {
        return frames.getInt(head + Long.BYTES, ByteOrder.LITTLE_ENDIAN);
    }

    int headOffset()
    {
        return head + FRAME_HEADER;
    }

    DirectBuffer buffer()
    {
        return frames;
    }

    /** Drops the head; the buffer space is reused once the queue runs empty. */
    void remove()
    {
        head += FRAME_HEADER + headLength();
        if (head == tail)
        {
            head = 0;
            tail = 0;
        }
    }
}
