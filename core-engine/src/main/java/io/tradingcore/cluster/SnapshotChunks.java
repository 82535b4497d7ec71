package io.tradingcore.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The engine's canonical snapshot in Aeron Cluster's snapshot recording: a head (a mark and the length) and then the
 * bytes in chunks that each fit one Aeron message, so that a snapshot of any size goes through without fragments
 * being reassembled into one huge buffer.
 */
final class SnapshotChunks
{
    static final int MARK = 0x54435331;
    static final int CHUNK_LENGTH = 32 * 1024;
    private static final int HEAD_LENGTH = 2 * Integer.BYTES;

    private SnapshotChunks()
    {
    }

    static void write(
        final ExclusivePublication publication, final DirectBuffer snapshot, final int length, final IdleStrategy idle)
    {
        final UnsafeBuffer head = new UnsafeBuffer(new byte[HEAD_LENGTH]);
        head.putInt(0, MARK);
        head.putInt(Integer.BYTES, length);
        offer(publication, head, 0, HEAD_LENGTH, idle);
        final int chunk = Math.min(CHUNK_LENGTH, publication.maxPayloadLength());
        for (int offset = 0; offset < length; offset += chunk)
        {
            offer(publication, snapshot, offset, Math.min(chunk, length - offset), idle);
        }
    }

    /** Reads a whole snapshot into {@code into} from offset 0; returns its length. */
    static int read(final Image image, final ExpandableArrayBuffer into, final IdleStrategy idle)
    {
        final int[] state = {-1, 0};
        final FragmentHandler handler = (buffer, offset, length, header) ->
        {
            if (state[0] < 0)
            {
                if (length != HEAD_LENGTH || buffer.getInt(offset) != MARK)
                {
                    throw new IllegalStateException("the cluster snapshot is not the engine's");
                }
                state[0] = buffer.getInt(offset + Integer.BYTES);
            }
            else
            {
                into.putBytes(state[1], buffer, offset, length);
                state[1] += length;
            }
        };
        idle.reset();
        while (state[0] < 0 || state[1] < state[0])
        {
            final int fragments = image.poll(handler, 16);
            if (fragments == 0)
            {
                if (image.isEndOfStream() || image.isClosed())
                {
                    throw new IllegalStateException("the cluster snapshot ended after " + state[1] + " of " +
                        state[0] + " bytes");
                }
            }
            idle.idle(fragments);
        }
        return state[0];
    }

    private static void offer(
        final ExclusivePublication publication, final DirectBuffer buffer, final int offset, final int length,
        final IdleStrategy idle)
    {
        idle.reset();
        long result;
        while ((result = publication.offer(buffer, offset, length)) < 0)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new IllegalStateException("the snapshot publication refused a chunk: " +
                    Publication.errorString(result));
            }
            idle.idle();
        }
    }
}
