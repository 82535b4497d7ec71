package io.tradingcore.engine;

import org.agrona.AbstractMutableDirectBuffer;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;

/**
 * The memory the engine encodes its output events into. {@link EngineEvents} reserves room for a whole message before
 * encoding it, so this buffer leaves out the per-field bounds check that an {@code UnsafeBuffer} makes on every put
 * (it cost more than the fields themselves on the order path). Reads and the bulk copies keep their checks. Only the
 * engine's own encoders write here; input, which comes from outside, is still read through checked buffers.
 */
final class OutputBatchBuffer extends AbstractMutableDirectBuffer
{
    private ByteBuffer byteBuffer;

    OutputBatchBuffer(final ByteBuffer buffer)
    {
        wrap(buffer);
    }

    @Override
    protected void ensureCapacity(final int index, final int length)
    {
        // Room was reserved for the whole message before any field is written.
    }

    @Override
    public void wrap(final byte[] buffer)
    {
        throw new UnsupportedOperationException("direct memory only");
    }

    @Override
    public void wrap(final byte[] buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException("direct memory only");
    }

    @Override
    public void wrap(final ByteBuffer buffer)
    {
        if (!buffer.isDirect())
        {
            throw new IllegalArgumentException("direct memory only");
        }
        byteBuffer = buffer;
        byteArray = null;
        addressOffset = BufferUtil.address(buffer);
        capacity = buffer.capacity();
    }

    @Override
    public void wrap(final ByteBuffer buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException("whole buffers only");
    }

    @Override
    public void wrap(final DirectBuffer buffer)
    {
        throw new UnsupportedOperationException("whole buffers only");
    }

    @Override
    public void wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException("whole buffers only");
    }

    @Override
    public void wrap(final long address, final int length)
    {
        throw new UnsupportedOperationException("whole buffers only");
    }

    @Override
    public ByteBuffer byteBuffer()
    {
        return byteBuffer;
    }

    @Override
    public int wrapAdjustment()
    {
        return 0;
    }

    @Override
    public boolean isExpandable()
    {
        return false;
    }

    @Override
    public void checkLimit(final int limit)
    {
        if (limit > capacity)
        {
            throw new IndexOutOfBoundsException("limit=" + limit + " is beyond capacity=" + capacity);
        }
    }
}
