package io.tradingcore.projections;

import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.JournalEntryHandler;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.outputs.OutputJournalWriter;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The outputs, read from the output journal from a checkpoint on. Each entry is an input sequence and whole
 * messages; the entries of one input (a batch split for size) follow each other, so an output's index counts on across
 * them. The entry being handed over is held in a buffer of this source's: a poll may stop inside it (the batch is full,
 * or the inputs have not got that far yet) and the next poll goes on from there.
 */
final class OutputJournalSource implements AutoCloseable
{
    /** Every output message starts with its input sequence and its engine time. */
    static final int TIME_NS_OFFSET = MessageHeaderDecoder.ENCODED_LENGTH + Long.BYTES;

    private final JournalFollower journal;
    private final ExpandableDirectByteBuffer entry = new ExpandableDirectByteBuffer(4096);
    private final JournalEntryHandler onEntry = this::onEntry;
    private Checkpoint resumeAt;
    private long entryInput;
    private int entryLength;
    private int entryPosition;
    private long currentInput;
    private int currentIndex;
    private long lastEntrySequence;
    private Checkpoint skipTo = Checkpoint.ZERO;
    private long probeInput;

    OutputJournalSource(final Path directory)
    {
        journal = new JournalFollower(directory);
    }

    /** The next poll hands over the first output after {@code checkpoint}. */
    void resumeAt(final Checkpoint checkpoint)
    {
        resumeAt = checkpoint;
        entryLength = 0;
        entryPosition = 0;
        currentInput = 0;
        currentIndex = 0;
    }

    /**
     * Hands over outputs of inputs up to {@code maxInput}, at most {@code limit} of them.
     *
     * @return how many were handed over; 0 at the journal's end, while it does not exist, or when the next output's
     * input is beyond {@code maxInput}.
     */
    int poll(final OutputHandler handler, final int limit, final long maxInput)
    {
        final JournalReader reader = journal.reader();
        if (reader == null)
        {
            return 0;
        }
        if (resumeAt != null)
        {
            position(reader, resumeAt);
            resumeAt = null;
        }
        int delivered = 0;
        while (delivered < limit)
        {
            if (entryPosition >= entryLength)
            {
                if (reader.poll(onEntry, 1) == 0)
                {
                    break;
                }
                continue;
            }
            if (entryInput > maxInput)
            {
                break;
            }
            final int messageLength = entry.getInt(entryPosition, ByteOrder.LITTLE_ENDIAN);
            final int messageOffset = entryPosition + OutputBatch.LENGTH_PREFIX;
            entryPosition = messageOffset + messageLength;
            currentIndex++;
            if (resumeCovers(entryInput, currentIndex))
            {
                continue;
            }
            handler.onOutput(entryInput, currentIndex, entry.getLong(messageOffset + TIME_NS_OFFSET,
                ByteOrder.LITTLE_ENDIAN), entry, messageOffset, messageLength);
            delivered++;
        }
        return delivered;
    }

    /** True when everything the journal holds was handed over. */
    boolean atEnd()
    {
        return entryPosition >= entryLength && lastEntrySequence >= journal.lastSequence();
    }

    private boolean resumeCovers(final long inputSequence, final int index)
    {
        return skipTo.covers(inputSequence, index);
    }

    private void onEntry(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        lastEntrySequence = sequence;
        final long inputSequence = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        if (inputSequence != currentInput)
        {
            currentInput = inputSequence;
            currentIndex = 0;
        }
        entryInput = inputSequence;
        entryLength = length - OutputJournalWriter.HEADER_LENGTH;
        entry.putBytes(0, buffer, offset + OutputJournalWriter.HEADER_LENGTH, entryLength);
        entryPosition = 0;
    }

    /**
     * Positions the reader at the first entry of the checkpoint's input (or the first after it), found by bisection
     * over entry sequences: input sequences grow with entries. Outputs up to the checkpoint are skipped as they pass.
     */
    private void position(final JournalReader reader, final Checkpoint checkpoint)
    {
        skipTo = checkpoint;
        if (checkpoint.outputInput() == 0)
        {
            reader.toStart();
            return;
        }
        long low = 1;
        long high = journal.lastSequence();
        long found = high + 1;
        while (low <= high)
        {
            final long middle = (low + high) >>> 1;
            if (inputAt(reader, middle) >= checkpoint.outputInput())
            {
                found = middle;
                high = middle - 1;
            }
            else
            {
                low = middle + 1;
            }
        }
        if (found > journal.lastSequence())
        {
            reader.resumeAfter(journal.lastSequence());
        }
        else
        {
            reader.seek(found);
        }
        entryLength = 0;
        entryPosition = 0;
    }

    private long inputAt(final JournalReader reader, final long sequence)
    {
        if (!reader.seek(sequence))
        {
            throw new IllegalStateException("output journal entry " + sequence + " is missing from " +
                journal.directory());
        }
        probeInput = -1;
        reader.poll((entrySequence, buffer, offset, length) ->
            probeInput = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN), 1);
        return probeInput;
    }

    @Override
    public void close()
    {
        journal.close();
    }
}
