package io.tradingcore.bridge.protocol;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/** A flyweight over a decoded EXECUTION frame. */
public final class ExecutionFrame
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    private int offset;

    ExecutionFrame wrap(final DirectBuffer buffer, final int frameOffset)
    {
        this.buffer = buffer;
        this.offset = frameOffset;
        return this;
    }

    public long orderId()
    {
        return buffer.getLong(offset + Frame.EXECUTION_ORDER_ID_OFFSET, LE);
    }

    public int execType()
    {
        return buffer.getByte(offset + Frame.EXECUTION_TYPE_OFFSET) & 0xFF;
    }

    public int retcode()
    {
        return buffer.getInt(offset + Frame.EXECUTION_RETCODE_OFFSET, LE);
    }

    public long venueOrderId()
    {
        return buffer.getLong(offset + Frame.EXECUTION_VENUE_ORDER_ID_OFFSET, LE);
    }

    public long dealId()
    {
        return buffer.getLong(offset + Frame.EXECUTION_DEAL_ID_OFFSET, LE);
    }

    public long lastQuantity()
    {
        return buffer.getLong(offset + Frame.EXECUTION_QUANTITY_OFFSET, LE);
    }

    public long lastPrice()
    {
        return buffer.getLong(offset + Frame.EXECUTION_PRICE_OFFSET, LE);
    }

    public long commission()
    {
        return buffer.getLong(offset + Frame.EXECUTION_COMMISSION_OFFSET, LE);
    }

    public String text()
    {
        final int length = buffer.getByte(offset + Frame.EXECUTION_TEXT_OFFSET) & 0xFF;
        return buffer.getStringWithoutLengthAscii(offset + Frame.EXECUTION_TEXT_OFFSET + 1, length);
    }
}
