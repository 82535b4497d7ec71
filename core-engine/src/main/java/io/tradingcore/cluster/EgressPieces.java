package io.tradingcore.cluster;

import io.aeron.cluster.service.ClientSession;
import io.tradingcore.outputs.OutputJournalWriter;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;

/**
 * Sends one input's outputs to a client as the output journal holds them: the input sequence, then the batch. A batch
 * longer than an egress message may be (a kill switch cancelling thousands of orders) goes in pieces cut between
 * messages, each headed by the same input sequence, so a client reads every piece the same way. The service's thread
 * only.
 */
final class EgressPieces
{
    /** Well under an egress message's limit of an eighth of the client's egress term (clients use 1 MiB terms). */
    static final int MAX_PIECE_LENGTH = 64 * 1024;

    private final ExpandableDirectByteBuffer piece = new ExpandableDirectByteBuffer(MAX_PIECE_LENGTH);

    /**
     * Offers the entry, trying again at once a few times under back pressure but never waiting: the engine's thread
     * does not wait for a client that stopped reading. Such a client loses these outputs, and resends what it sent and
     * saw no answer to.
     *
     * @return true when every piece was offered.
     */
    boolean send(final ClientSession session, final DirectBuffer entry, final int length, final int attempts)
    {
        if (length <= MAX_PIECE_LENGTH)
        {
            return offer(session, entry, length, attempts);
        }
        final long inputSequence = entry.getLong(0, ByteOrder.LITTLE_ENDIAN);
        int start = OutputJournalWriter.HEADER_LENGTH;
        while (start < length)
        {
            int end = start;
            while (end < length)
            {
                final int framed = Integer.BYTES + entry.getInt(end, ByteOrder.LITTLE_ENDIAN);
                if (end > start && end + framed - start > MAX_PIECE_LENGTH - OutputJournalWriter.HEADER_LENGTH)
                {
                    break;
                }
                end += framed;
            }
            piece.putLong(0, inputSequence, ByteOrder.LITTLE_ENDIAN);
            piece.putBytes(OutputJournalWriter.HEADER_LENGTH, entry, start, end - start);
            if (!offer(session, piece, OutputJournalWriter.HEADER_LENGTH + end - start, attempts))
            {
                return false;
            }
            start = end;
        }
        return true;
    }

    private static boolean offer(
        final ClientSession session, final DirectBuffer buffer, final int length, final int attempts)
    {
        for (int i = 0; i < attempts; i++)
        {
            if (session.offer(buffer, 0, length) > 0)
            {
                return true;
            }
        }
        return false;
    }
}
