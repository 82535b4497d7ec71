package io.tradingcore.projections;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * The events one write of a sink takes, in stream order, and the checkpoint that write stores with them. Inputs (from
 * the input journal) come before the outputs they caused. Each event is an SBE message, header included, copied into
 * this batch's buffer: a batch outlives the journal reader's or Aeron's buffers it came from.
 * <p>
 * An event may be marked parked: the sink stores it in its dead-letter store with the reason instead of applying it,
 * in the same write. Reused from batch to batch; one thread.
 */
public final class EventBatch
{
    private final ExpandableDirectByteBuffer data = new ExpandableDirectByteBuffer(64 * 1024);
    private int dataLength;
    private int size;
    private int[] offsets = new int[1024];
    private int[] lengths = new int[1024];
    private int[] templateIds = new int[1024];
    private int[] tenantIds = new int[1024];
    private int[] outputIndexes = new int[1024];
    private long[] inputSequences = new long[1024];
    private long[] accountIds = new long[1024];
    private long[] timesNs = new long[1024];
    private String[] parkReasons = new String[1024];
    private Checkpoint checkpoint = Checkpoint.ZERO;

    /** Empties the batch; its checkpoint stays until {@link #checkpoint(Checkpoint)} moves it. */
    public void clear()
    {
        Arrays.fill(parkReasons, 0, size, null);
        size = 0;
        dataLength = 0;
    }

    /**
     * Appends an event.
     *
     * @param outputIndex 0 for an input, else the output's index among its input's outputs, from 1.
     * @return its index in this batch.
     */
    public int add(
        final long inputSequence, final int outputIndex, final long timeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (size == offsets.length)
        {
            grow();
        }
        final int index = size++;
        data.putBytes(dataLength, buffer, offset, length);
        offsets[index] = dataLength;
        lengths[index] = length;
        dataLength += length;
        inputSequences[index] = inputSequence;
        outputIndexes[index] = outputIndex;
        timesNs[index] = timeNs;
        templateIds[index] = EventKeys.templateId(data, offsets[index]);
        tenantIds[index] = EventKeys.tenantId(data, offsets[index], length);
        accountIds[index] = EventKeys.accountId(data, offsets[index], length);
        return index;
    }

    /** Appends a parked event again, for {@code --replay-parked}. */
    public int add(final ParkedEvent event)
    {
        final int index = add(event.inputSequence(), event.outputIndex(), event.timeNs(),
            new UnsafeBuffer(event.message()), 0, event.message().length);
        tenantIds[index] = event.tenantId();
        accountIds[index] = event.accountId();
        return index;
    }

    public int size()
    {
        return size;
    }

    public boolean isEmpty()
    {
        return size == 0;
    }

    /** The buffer every event of this batch is in, at {@link #offset(int)}. */
    public MutableDirectBuffer buffer()
    {
        return data;
    }

    public int offset(final int index)
    {
        return offsets[index];
    }

    /** The SBE message's length, header included. */
    public int length(final int index)
    {
        return lengths[index];
    }

    public int templateId(final int index)
    {
        return templateIds[index];
    }

    public boolean isInput(final int index)
    {
        return outputIndexes[index] == 0;
    }

    /** The input's own sequence, or the sequence of the input that caused the output. */
    public long inputSequence(final int index)
    {
        return inputSequences[index];
    }

    /** 0 for an input; the output's index among its input's outputs, from 1. */
    public int outputIndex(final int index)
    {
        return outputIndexes[index];
    }

    /** Engine time of the event: the input's journal stamp, or the output's {@code timeNs}. Epoch nanoseconds. */
    public long timeNs(final int index)
    {
        return timesNs[index];
    }

    /** 0 when the event names no tenant. */
    public int tenantId(final int index)
    {
        return tenantIds[index];
    }

    /** 0 when the event names no account. */
    public long accountId(final int index)
    {
        return accountIds[index];
    }

    /** Marks the event to be stored as parked with the reason instead of applied. */
    public void park(final int index, final String reason)
    {
        parkReasons[index] = reason;
    }

    /** Why the event is parked; null when it is to be applied. */
    public String parkReason(final int index)
    {
        return parkReasons[index];
    }

    /** The event as a dead letter, its bytes copied. */
    public ParkedEvent toParked(final int index)
    {
        final byte[] message = new byte[lengths[index]];
        data.getBytes(offsets[index], message);
        return new ParkedEvent(isInput(index), inputSequences[index], outputIndexes[index], timesNs[index],
            tenantIds[index], accountIds[index], message, parkReasons[index]);
    }

    /** The checkpoint a write of this batch stores. */
    public Checkpoint checkpoint()
    {
        return checkpoint;
    }

    public void checkpoint(final Checkpoint checkpoint)
    {
        this.checkpoint = checkpoint;
    }

    private void grow()
    {
        final int capacity = offsets.length * 2;
        offsets = Arrays.copyOf(offsets, capacity);
        lengths = Arrays.copyOf(lengths, capacity);
        templateIds = Arrays.copyOf(templateIds, capacity);
        tenantIds = Arrays.copyOf(tenantIds, capacity);
        outputIndexes = Arrays.copyOf(outputIndexes, capacity);
        inputSequences = Arrays.copyOf(inputSequences, capacity);
        accountIds = Arrays.copyOf(accountIds, capacity);
        timesNs = Arrays.copyOf(timesNs, capacity);
        parkReasons = Arrays.copyOf(parkReasons, capacity);
    }
}
