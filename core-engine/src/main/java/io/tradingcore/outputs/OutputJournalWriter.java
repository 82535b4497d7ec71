package io.tradingcore.outputs;

import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.Journal;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;

/**
 * Appends the engine's outputs to the output journal. An entry is the input sequence that caused the outputs
 * (8 bytes, little-endian) and then their batch ({@link OutputBatch}). A batch longer than an entry may be (the
 * journal's {@link Journal#maxPayloadLength()}, 1 MiB by default) is split over consecutive entries, each headed by
 * the same input sequence: a kill switch over tens of thousands of live orders answers one input with megabytes of
 * cancels, and refusing them would stop the core (ARCHITECTURE.md, engine rule 5). Entries are cut between messages,
 * so each holds whole messages; only a single message longer than an entry is itself cut, which no message the engine
 * emits comes near.
 * The batch is always the entries' payloads after their headers, joined in order: {@link OutputJournalReader}.
 * <p>
 * One thread at a time, like the journal's appends. A batch that fits in one entry goes to the journal as given, with
 * no copy; a split one is copied piece by piece into a buffer of this writer's.
 */
public final class OutputJournalWriter
{
    /** Bytes before the batch in every entry: the input sequence. */
    public static final int HEADER_LENGTH = Long.BYTES;

    private final Journal journal;
    private final int maxEntryLength;
    private final ExpandableDirectByteBuffer piece = new ExpandableDirectByteBuffer(64);

    public OutputJournalWriter(final Journal journal)
    {
        if (journal.maxPayloadLength() <= HEADER_LENGTH)
        {
            throw new IllegalArgumentException("output journal " + journal.directory() + " takes entries of at most " +
                journal.maxPayloadLength() + " bytes: no room for outputs after the " + HEADER_LENGTH +
                "-byte input sequence");
        }
        this.journal = journal;
        this.maxEntryLength = journal.maxPayloadLength();
    }

    /**
     * Appends the outputs of one input, laid out as one entry: the input sequence at {@code offset}, the batch after
     * it, {@code length} bytes in all.
     *
     * @return the number of entries appended.
     */
    public int append(final DirectBuffer entry, final int offset, final int length)
    {
        if (length <= maxEntryLength)
        {
            journal.append(entry, offset, length);
            return 1;
        }
        final long inputSequence = entry.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        final int maxPieceLength = maxEntryLength - HEADER_LENGTH;
        final int end = offset + length;
        int pieceStart = offset + HEADER_LENGTH;
        // The piece so far runs from pieceStart to position; messageEnd is where the message at position ends.
        int position = pieceStart;
        int messageEnd = nextMessage(entry, position, end);
        int entries = 0;
        while (true)
        {
            if (messageEnd - pieceStart <= maxPieceLength)
            {
                position = messageEnd;
                if (position == end)
                {
                    appendPiece(inputSequence, entry, pieceStart, end - pieceStart);
                    return entries + 1;
                }
                messageEnd = nextMessage(entry, position, end);
                continue;
            }
            // The piece ends before the message that does not fit; a message that alone does not fit is cut, and its
            // rest starts the next piece.
            final int pieceEnd = position > pieceStart ? position : pieceStart + maxPieceLength;
            appendPiece(inputSequence, entry, pieceStart, pieceEnd - pieceStart);
            entries++;
            pieceStart = pieceEnd;
            position = pieceEnd;
        }
    }

    /** Where the message framed at {@code position} ends; the batch's end if its frame says it runs past it. */
    private static int nextMessage(final DirectBuffer batch, final int position, final int end)
    {
        if (position + OutputBatch.LENGTH_PREFIX > end)
        {
            return end;
        }
        final int messageLength = batch.getInt(position, ByteOrder.LITTLE_ENDIAN);
        final long next = (long)position + OutputBatch.LENGTH_PREFIX + messageLength;
        return messageLength < 0 || next > end ? end : (int)next;
    }

    private void appendPiece(final long inputSequence, final DirectBuffer batch, final int offset, final int length)
    {
        piece.putLong(0, inputSequence, ByteOrder.LITTLE_ENDIAN);
        piece.putBytes(HEADER_LENGTH, batch, offset, length);
        journal.append(piece, 0, HEADER_LENGTH + length);
    }
}
