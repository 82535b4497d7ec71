package io.tradingcore.bridge.protocol;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Cuts a TCP byte stream into whole frames. The 4-byte length is checked the moment it is
 * complete, before a single body byte is buffered, so a claimed length of 2 GB is refused at once
 * and memory stays bounded by {@code maxFrameBytes}. Not thread-safe: one per connection.
 */
public final class FrameAssembler
{
    /** Receives each whole frame; the buffer is reused after the call. */
    @FunctionalInterface
    public interface FrameSink
    {
        void onFrame(DirectBuffer buffer, int offset, int length);
    }

    private final int maxFrameBytes;
    private final UnsafeBuffer frame;
    private int filled;
    private int frameLength;

    public FrameAssembler(final int maxFrameBytes)
    {
        if (maxFrameBytes < Frame.HEADER_LENGTH)
        {
            throw new IllegalArgumentException("maxFrameBytes " + maxFrameBytes + " is below the header's 24");
        }
        this.maxFrameBytes = maxFrameBytes;
        this.frame = new UnsafeBuffer(new byte[maxFrameBytes]);
    }

    /**
     * Takes the next bytes of the stream and passes on every frame they complete.
     *
     * @throws ProtocolException FRAME_TOO_LARGE when a length field is out of range
     */
    public void feed(final DirectBuffer bytes, final int offset, final int length, final FrameSink sink)
    {
        int position = offset;
        final int end = offset + length;
        while (position < end)
        {
            final int wanted = (filled < Frame.LENGTH_FIELD_SIZE ? Frame.LENGTH_FIELD_SIZE : frameLength) - filled;
            final int chunk = Math.min(wanted, end - position);
            frame.putBytes(filled, bytes, position, chunk);
            filled += chunk;
            position += chunk;
            if (filled == Frame.LENGTH_FIELD_SIZE && frameLength == 0)
            {
                frameLength = checkedFrameLength(frame.getInt(0, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL);
            }
            if (frameLength != 0 && filled == frameLength)
            {
                final int complete = frameLength;
                filled = 0;
                frameLength = 0;
                sink.onFrame(frame, 0, complete);
            }
        }
    }

    /** Bytes of an unfinished frame held: nonzero when a stream ends mid-frame. */
    public int pendingBytes()
    {
        return filled;
    }

    public void reset()
    {
        filled = 0;
        frameLength = 0;
    }

    private int checkedFrameLength(final long declared)
    {
        if (declared < Frame.MIN_LENGTH_VALUE || declared > maxFrameBytes - Frame.LENGTH_FIELD_SIZE)
        {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, "frame length field " + declared +
                " is outside " + Frame.MIN_LENGTH_VALUE + ".." + (maxFrameBytes - Frame.LENGTH_FIELD_SIZE));
        }
        return (int)declared + Frame.LENGTH_FIELD_SIZE;
    }
}
