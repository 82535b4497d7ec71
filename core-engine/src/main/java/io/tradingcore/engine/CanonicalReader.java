package io.tradingcore.engine;

import io.tradingcore.strategy.StateReader;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/** Reads the fields of an engine snapshot in the order {@link CanonicalWriter} wrote them, refusing to read past it. */
final class CanonicalReader implements StateReader
{
    private final DirectBuffer buffer;
    private final int end;
    private final int version;
    private int position;

    CanonicalReader(final DirectBuffer buffer, final int offset, final int length, final int version)
    {
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
        this.version = version;
    }

    /** The snapshot's format version, for sections whose layout changed. */
    int version()
    {
        return version;
    }

    int position()
    {
        return position;
    }

    private void require(final int bytes)
    {
        if (bytes < 0 || position + bytes > end)
        {
            throw new IllegalArgumentException("engine snapshot is truncated at byte " + position);
        }
    }

    @Override
    public long getLong()
    {
        require(Long.BYTES);
        final long value = buffer.getLong(position);
        position += Long.BYTES;
        return value;
    }

    @Override
    public int getInt()
    {
        require(Integer.BYTES);
        final int value = buffer.getInt(position);
        position += Integer.BYTES;
        return value;
    }

    int peekInt()
    {
        require(Integer.BYTES);
        return buffer.getInt(position);
    }

    @Override
    public int getLongs(final long[] into)
    {
        final int count = getInt();
        if (count > into.length)
        {
            throw new IllegalArgumentException("snapshot array of " + count + " does not fit " + into.length);
        }
        for (int i = 0; i < count; i++)
        {
            into[i] = getLong();
        }
        return count;
    }

    /** Reads an array of longs written by {@link CanonicalWriter#putLongs}, sized by its count. */
    long[] getLongs()
    {
        final int count = peekInt();
        if (count < 0 || (long)count * Long.BYTES > end - position - Integer.BYTES)
        {
            throw new IllegalArgumentException("engine snapshot is truncated at byte " + position);
        }
        final long[] values = new long[count];
        getLongs(values);
        return values;
    }

    boolean getBoolean()
    {
        require(1);
        return buffer.getByte(position++) != 0;
    }

    String getString()
    {
        final int length = getInt();
        require(length);
        final byte[] bytes = new byte[length];
        buffer.getBytes(position, bytes);
        position += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
