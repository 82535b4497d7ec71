package io.tradingcore.outputs;

import io.tradingcore.journal.JournalEntryHandler;
import io.tradingcore.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;

/**
 * Reads the output journal one input at a time: the entries of a batch that {@link OutputJournalWriter} split
 * (consecutive entries with the same input sequence) are handed over joined, as the one batch the engine emitted.
 * <p>
 * A batch is known to be whole when an entry of a later input follows it, or when the journal ends. The end of a
 * journal that is still being written may be the middle of a batch, so this reader is for journals read after the
 * fact (replay verification, the audit); a consumer following a live journal goes by entry, see the core-engine
 * README.
 * Not thread-safe, like the {@link JournalReader} it reads from, which the caller positions and closes.
 */
public final class OutputJournalReader
{
    /** The outputs of one input. */
    @FunctionalInterface
    public interface BatchHandler
    {
        /**
         * @param buffer holding the batch ({@link io.tradingcore.engine.OutputBatch}); valid until the next poll.
         */
        void onBatch(long inputSequence, DirectBuffer buffer, int offset, int length);
    }

    private static final long NONE = -1;

    private final JournalReader entries;
    private final JournalEntryHandler onEntry = this::onEntry;
    private ExpandableDirectByteBuffer batch = new ExpandableDirectByteBuffer(4096);
    private ExpandableDirectByteBuffer following = new ExpandableDirectByteBuffer(4096);
    private long batchInput = NONE;
    private int batchLength;
    private long followingInput = NONE;
    private int followingLength;

    public OutputJournalReader(final JournalReader entries)
    {
        this.entries = entries;
    }

    /**
     * Hands over the next whole batch, reading entries until one of a later input shows that the batch ended, or
     * until the journal does.
     *
     * @return false when the journal holds no further entry.
     */
    public boolean poll(final BatchHandler handler)
    {
        while (followingInput == NONE && entries.poll(onEntry, 1) > 0)
        {
            // onEntry joins the entries of the batch and keeps the first entry after it
        }
        if (batchInput == NONE)
        {
            return false;
        }
        handler.onBatch(batchInput, batch, 0, batchLength);
        final ExpandableDirectByteBuffer delivered = batch;
        batch = following;
        batchInput = followingInput;
        batchLength = followingLength;
        following = delivered;
        followingInput = NONE;
        followingLength = 0;
        return true;
    }

    private void onEntry(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < OutputJournalWriter.HEADER_LENGTH)
        {
            throw new IllegalStateException("output journal entry " + sequence + " of " + length +
                " bytes is shorter than its input sequence");
        }
        final long inputSequence = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        final int outputsLength = length - OutputJournalWriter.HEADER_LENGTH;
        if (batchInput == NONE)
        {
            batchInput = inputSequence;
            batch.putBytes(0, buffer, offset + OutputJournalWriter.HEADER_LENGTH, outputsLength);
            batchLength = outputsLength;
        }
        else if (inputSequence == batchInput)
        {
            batch.putBytes(batchLength, buffer, offset + OutputJournalWriter.HEADER_LENGTH, outputsLength);
            batchLength += outputsLength;
        }
        else
        {
            followingInput = inputSequence;
            following.putBytes(0, buffer, offset + OutputJournalWriter.HEADER_LENGTH, outputsLength);
            followingLength = outputsLength;
        }
    }
}
