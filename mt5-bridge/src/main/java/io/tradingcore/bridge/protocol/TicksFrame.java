package io.tradingcore.bridge.protocol;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/** A flyweight over a decoded TICKS frame: read tick {@code i} without copying. */
public final class TicksFrame
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    private int offset;
    private int count;

    TicksFrame wrap(final DirectBuffer buffer, final int frameOffset, final int count)
    {
        this.buffer = buffer;
        this.offset = frameOffset + Frame.TICKS_FIRST_OFFSET;
        this.count = count;
        return this;
    }

    public int count()
    {
        return count;
    }

    public int symbolIndex(final int i)
    {
        return buffer.getInt(at(i) + Frame.TICK_SYMBOL_OFFSET, LE);
    }

    public long timeMsc(final int i)
    {
        return buffer.getLong(at(i) + Frame.TICK_TIME_OFFSET, LE);
    }

    public long bid(final int i)
    {
        return buffer.getLong(at(i) + Frame.TICK_BID_OFFSET, LE);
    }

    public long ask(final int i)
    {
        return buffer.getLong(at(i) + Frame.TICK_ASK_OFFSET, LE);
    }

    public long last(final int i)
    {
        return buffer.getLong(at(i) + Frame.TICK_LAST_OFFSET, LE);
    }

    public long volume(final int i)
    {
        return buffer.getLong(at(i) + Frame.TICK_VOLUME_OFFSET, LE);
    }

    public int flags(final int i)
    {
        return buffer.getInt(at(i) + Frame.TICK_FLAGS_OFFSET, LE);
    }

    private int at(final int i)
    {
        return offset + i * Frame.TICK_LENGTH;
    }
}
