package io.tradingcore.engine;

import io.tradingcore.strategy.StateWriter;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Writes the engine's state in its canonical byte form, field after field; each part of the engine writes its own
 * section.
 */
final class CanonicalWriter implements StateWriter
{
    private final MutableDirectBuffer buffer;
    private int position;

    CanonicalWriter(final MutableDirectBuffer buffer)
    {
        this.buffer = buffer;
    }

    int position()
    {
        return position;
    }

    @Override
    public void putLong(final long value)
    {
        buffer.putLong(position, value);
        position += Long.BYTES;
    }

    @Override
    public void putInt(final int value)
    {
        buffer.putInt(position, value);
        position += Integer.BYTES;
    }

    @Override
    public void putLongs(final long[] values, final int count)
    {
        putInt(count);
        for (int i = 0; i < count; i++)
        {
            putLong(values[i]);
        }
    }

    void putBoolean(final boolean value)
    {
        buffer.putByte(position++, (byte)(value ? 1 : 0));
    }

    void putString(final String value)
    {
        final byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        putInt(bytes.length);
        buffer.putBytes(position, bytes);
        position += bytes.length;
    }

    /** Writes a section whose length comes first, so that a reader can check it read exactly that much. */
    void putSized(final StateSection section)
    {
        final int lengthAt = position;
        putInt(0);
        section.write(this);
        buffer.putInt(lengthAt, position - lengthAt - Integer.BYTES);
    }

    /** Something that writes itself into a snapshot. */
    interface StateSection
    {
        void write(CanonicalWriter out);
    }
}
