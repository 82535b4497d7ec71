package io.tradingcore.bridge.simulator;

import org.agrona.BitUtil;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The terminal's sequenced frames (TICKS, EXECUTION, ACCOUNT) from the lowest one the bridge has not yet
 * acknowledged up to the newest: everything that may have to be resent after a reconnect. Nothing is ever
 * dropped unacknowledged. {@link #hasRoom()} is the bound the terminal honours before starting new work;
 * frames that work produces (the executions of one order) are always taken, growing the ring if needed.
 * Slots are reused, so steady state allocates nothing. Single-threaded.
 */
final class ResendWindow
{
    private static final int INITIAL_SLOT_BYTES = 256;

    private final int bound;
    private ExpandableArrayBuffer[] slots;
    private int[] lengths;
    private int mask;
    private long firstSeq = 1;
    private long nextSeq = 1;

    ResendWindow(final int bound)
    {
        if (bound < 1)
        {
            throw new IllegalArgumentException("resend window must hold at least one frame: " + bound);
        }
        this.bound = bound;
        final int capacity = BitUtil.findNextPositivePowerOfTwo(Math.max(bound + 8, 16));
        slots = new ExpandableArrayBuffer[capacity];
        lengths = new int[capacity];
        mask = capacity - 1;
        for (int i = 0; i < capacity; i++)
        {
            slots[i] = new ExpandableArrayBuffer(INITIAL_SLOT_BYTES);
        }
    }

    int bound()
    {
        return bound;
    }

    /** The lowest sequence not yet acknowledged; {@link #nextSeq()} when the window is empty. */
    long firstSeq()
    {
        return firstSeq;
    }

    long nextSeq()
    {
        return nextSeq;
    }

    int size()
    {
        return (int)(nextSeq - firstSeq);
    }

    boolean isEmpty()
    {
        return nextSeq == firstSeq;
    }

    boolean hasRoom()
    {
        return size() < bound;
    }

    /** The buffer to write the frame of seq {@link #nextSeq()} into, at offset 0; then {@link #commit}. */
    MutableDirectBuffer claim()
    {
        if (size() == slots.length)
        {
            grow();
        }
        return slots[(int)nextSeq & mask];
    }

    /** Takes the frame written into the claimed buffer; returns its sequence. */
    long commit(final int length)
    {
        lengths[(int)nextSeq & mask] = length;
        return nextSeq++;
    }

    /** Forgets every frame up to {@code ack}; an ack behind an earlier one changes nothing. Returns frames freed. */
    int acknowledge(final long ack)
    {
        final long upTo = Math.min(ack, nextSeq - 1);
        if (upTo < firstSeq)
        {
            return 0;
        }
        final int freed = (int)(upTo + 1 - firstSeq);
        firstSeq = upTo + 1;
        return freed;
    }

    /** Restarts numbering at 1 with nothing held: what a HELLO with RESET promises the bridge. */
    void reset()
    {
        firstSeq = 1;
        nextSeq = 1;
    }

    MutableDirectBuffer frame(final long seq)
    {
        checkHeld(seq);
        return slots[(int)seq & mask];
    }

    int length(final long seq)
    {
        checkHeld(seq);
        return lengths[(int)seq & mask];
    }

    private void checkHeld(final long seq)
    {
        if (seq < firstSeq || seq >= nextSeq)
        {
            throw new IllegalArgumentException("seq " + seq + " is not held: window is " + firstSeq + ".." +
                (nextSeq - 1));
        }
    }

    private void grow()
    {
        final int capacity = slots.length * 2;
        final ExpandableArrayBuffer[] grown = new ExpandableArrayBuffer[capacity];
        final int[] grownLengths = new int[capacity];
        final int newMask = capacity - 1;
        for (long seq = firstSeq; seq < nextSeq; seq++)
        {
            grown[(int)seq & newMask] = slots[(int)seq & mask];
            grownLengths[(int)seq & newMask] = lengths[(int)seq & mask];
        }
        for (int i = 0; i < capacity; i++)
        {
            if (grown[i] == null)
            {
                grown[i] = new ExpandableArrayBuffer(INITIAL_SLOT_BYTES);
            }
        }
        slots = grown;
        lengths = grownLengths;
        mask = newMask;
    }
}
