package io.tradingcore.bridge.protocol;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/** A flyweight over a decoded ORDER frame. */
public final class OrderFrame
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    private int offset;

    OrderFrame wrap(final DirectBuffer buffer, final int frameOffset)
    {
        this.buffer = buffer;
        this.offset = frameOffset;
        return this;
    }

    public long orderId()
    {
        return buffer.getLong(offset + Frame.ORDER_ID_OFFSET, LE);
    }

    public long clientOrderId()
    {
        return buffer.getLong(offset + Frame.ORDER_CLIENT_ORDER_ID_OFFSET, LE);
    }

    public int symbolIndex()
    {
        return buffer.getInt(offset + Frame.ORDER_SYMBOL_OFFSET, LE);
    }

    public int action()
    {
        return buffer.getByte(offset + Frame.ORDER_ACTION_OFFSET) & 0xFF;
    }

    public int side()
    {
        return buffer.getByte(offset + Frame.ORDER_SIDE_OFFSET) & 0xFF;
    }

    public int orderType()
    {
        return buffer.getByte(offset + Frame.ORDER_TYPE_OFFSET) & 0xFF;
    }

    public int timeInForce()
    {
        return buffer.getByte(offset + Frame.ORDER_TIME_IN_FORCE_OFFSET) & 0xFF;
    }

    public long quantity()
    {
        return buffer.getLong(offset + Frame.ORDER_QUANTITY_OFFSET, LE);
    }

    public long price()
    {
        return buffer.getLong(offset + Frame.ORDER_PRICE_OFFSET, LE);
    }

    public long stopPrice()
    {
        return buffer.getLong(offset + Frame.ORDER_STOP_PRICE_OFFSET, LE);
    }

    public long expiryTimeMsc()
    {
        return buffer.getLong(offset + Frame.ORDER_EXPIRY_OFFSET, LE);
    }

    public long venueOrderId()
    {
        return buffer.getLong(offset + Frame.ORDER_VENUE_ORDER_ID_OFFSET, LE);
    }

    public long causeTickTimeMsc()
    {
        return buffer.getLong(offset + Frame.ORDER_CAUSE_TICK_TIME_OFFSET, LE);
    }
}
