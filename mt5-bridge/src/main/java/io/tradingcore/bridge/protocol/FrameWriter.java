package io.tradingcore.bridge.protocol;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes frames of PROTOCOL.md into a caller's buffer; each method returns the frame's length.
 * Stateless: sequence numbers and acks are the caller's.
 */
public final class FrameWriter
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private FrameWriter()
    {
    }

    public static int hello(final MutableDirectBuffer buffer, final int offset, final Hello hello)
    {
        buffer.putShort(offset + Frame.HELLO_VERSION_OFFSET, (short)hello.protocolVersion(), LE);
        buffer.putShort(offset + Frame.HELLO_FLAGS_OFFSET, (short)hello.flags(), LE);
        buffer.putInt(offset + Frame.HELLO_TENANT_OFFSET, hello.tenantId(), LE);
        buffer.putLong(offset + Frame.HELLO_ACCOUNT_OFFSET, hello.accountId(), LE);
        buffer.putInt(offset + Frame.HELLO_SERVER_OFFSET_OFFSET, hello.serverTimeOffsetSeconds(), LE);
        buffer.putLong(offset + Frame.HELLO_RESUME_OFFSET, hello.resumeFromSeq(), LE);
        int position = putString(buffer, offset + Frame.HELLO_TERMINAL_ID_OFFSET, hello.terminalId());
        position = putString(buffer, position, hello.token());
        buffer.putShort(position, (short)hello.symbols().size(), LE);
        position += 2;
        for (final TerminalSymbol symbol : hello.symbols())
        {
            position = putString(buffer, position, symbol.brokerSymbol());
            position = putString(buffer, position, symbol.coreSymbol());
            buffer.putByte(position, (byte)symbol.digits());
            buffer.putByte(position + 1, (byte)symbol.fillingModes());
            buffer.putLong(position + 2, symbol.contractSize(), LE);
            buffer.putLong(position + 10, symbol.volumeMin(), LE);
            buffer.putLong(position + 18, symbol.volumeStep(), LE);
            buffer.putLong(position + 26, symbol.volumeMax(), LE);
            position += Frame.SYMBOL_FIXED_LENGTH;
        }
        return header(buffer, offset, position - offset, FrameType.HELLO, 0, hello.ack());
    }

    public static int welcome(final MutableDirectBuffer buffer, final int offset, final Welcome welcome)
    {
        buffer.putShort(offset + Frame.WELCOME_VERSION_OFFSET, (short)welcome.protocolVersion(), LE);
        buffer.putShort(offset + Frame.WELCOME_VERSION_OFFSET + 2, (short)0, LE);
        buffer.putInt(offset + Frame.WELCOME_HEARTBEAT_INTERVAL_OFFSET, welcome.heartbeatIntervalMs(), LE);
        buffer.putInt(offset + Frame.WELCOME_HEARTBEAT_TIMEOUT_OFFSET, welcome.heartbeatTimeoutMs(), LE);
        buffer.putInt(offset + Frame.WELCOME_MAX_FRAME_BYTES_OFFSET, welcome.maxFrameBytes(), LE);
        buffer.putInt(offset + Frame.WELCOME_MAX_FRAMES_PER_SECOND_OFFSET, welcome.maxFramesPerSecond(), LE);
        buffer.putShort(offset + Frame.WELCOME_SYMBOL_COUNT_OFFSET, (short)welcome.symbols().size(), LE);
        int position = offset + Frame.WELCOME_SYMBOLS_OFFSET;
        for (final SymbolAnswer symbol : welcome.symbols())
        {
            buffer.putInt(position, symbol.instrumentId(), LE);
            position = putString(buffer, position + 4, symbol.note());
        }
        return header(buffer, offset, position - offset, FrameType.WELCOME, 0, welcome.ack());
    }

    /** Starts a TICKS frame of {@code count} ticks; fill them with {@link #tick}. */
    public static int ticks(
        final MutableDirectBuffer buffer, final int offset, final long seq, final long ack, final int count)
    {
        buffer.putShort(offset + Frame.TICKS_COUNT_OFFSET, (short)count, LE);
        buffer.putShort(offset + Frame.TICKS_COUNT_OFFSET + 2, (short)0, LE);
        return header(buffer, offset, Frame.TICKS_FIRST_OFFSET + count * Frame.TICK_LENGTH, FrameType.TICKS, seq, ack);
    }

    public static void tick(
        final MutableDirectBuffer buffer, final int frameOffset, final int index, final int symbolIndex,
        final long timeMsc, final long bid, final long ask, final long last, final long volume, final int flags)
    {
        final int at = frameOffset + Frame.TICKS_FIRST_OFFSET + index * Frame.TICK_LENGTH;
        buffer.putInt(at + Frame.TICK_SYMBOL_OFFSET, symbolIndex, LE);
        buffer.putLong(at + Frame.TICK_TIME_OFFSET, timeMsc, LE);
        buffer.putLong(at + Frame.TICK_BID_OFFSET, bid, LE);
        buffer.putLong(at + Frame.TICK_ASK_OFFSET, ask, LE);
        buffer.putLong(at + Frame.TICK_LAST_OFFSET, last, LE);
        buffer.putLong(at + Frame.TICK_VOLUME_OFFSET, volume, LE);
        buffer.putInt(at + Frame.TICK_FLAGS_OFFSET, flags, LE);
    }

    public static int execution(
        final MutableDirectBuffer buffer, final int offset, final long seq, final long ack, final long orderId,
        final int execType, final int retcode, final long venueOrderId, final long dealId, final long lastQuantity,
        final long lastPrice, final long commission, final String text)
    {
        buffer.putLong(offset + Frame.EXECUTION_ORDER_ID_OFFSET, orderId, LE);
        buffer.putByte(offset + Frame.EXECUTION_TYPE_OFFSET, (byte)execType);
        buffer.putByte(offset + Frame.EXECUTION_TYPE_OFFSET + 1, (byte)0);
        buffer.putShort(offset + Frame.EXECUTION_TYPE_OFFSET + 2, (short)0, LE);
        buffer.putInt(offset + Frame.EXECUTION_RETCODE_OFFSET, retcode, LE);
        buffer.putLong(offset + Frame.EXECUTION_VENUE_ORDER_ID_OFFSET, venueOrderId, LE);
        buffer.putLong(offset + Frame.EXECUTION_DEAL_ID_OFFSET, dealId, LE);
        buffer.putLong(offset + Frame.EXECUTION_QUANTITY_OFFSET, lastQuantity, LE);
        buffer.putLong(offset + Frame.EXECUTION_PRICE_OFFSET, lastPrice, LE);
        buffer.putLong(offset + Frame.EXECUTION_COMMISSION_OFFSET, commission, LE);
        final int end = putString(buffer, offset + Frame.EXECUTION_TEXT_OFFSET, text);
        return header(buffer, offset, end - offset, FrameType.EXECUTION, seq, ack);
    }

    public static int account(
        final MutableDirectBuffer buffer, final int offset, final long seq, final long ack,
        final AccountSnapshot account)
    {
        buffer.putLong(offset + Frame.ACCOUNT_BALANCE_OFFSET, account.balance(), LE);
        buffer.putLong(offset + Frame.ACCOUNT_EQUITY_OFFSET, account.equity(), LE);
        buffer.putLong(offset + Frame.ACCOUNT_MARGIN_OFFSET, account.margin(), LE);
        buffer.putInt(offset + Frame.ACCOUNT_LEVERAGE_OFFSET, account.leverage(), LE);
        buffer.putShort(offset + Frame.ACCOUNT_POSITION_COUNT_OFFSET, (short)account.positions().size(), LE);
        buffer.putShort(offset + Frame.ACCOUNT_POSITION_COUNT_OFFSET + 2, (short)0, LE);
        int position = offset + Frame.ACCOUNT_POSITIONS_OFFSET;
        for (final TerminalPosition net : account.positions())
        {
            buffer.putInt(position, net.symbolIndex(), LE);
            buffer.putLong(position + 4, net.netVolume(), LE);
            buffer.putLong(position + 12, net.averagePrice(), LE);
            position += Frame.POSITION_LENGTH;
        }
        return header(buffer, offset, position - offset, FrameType.ACCOUNT, seq, ack);
    }

    public static int order(
        final MutableDirectBuffer buffer, final int offset, final long seq, final long ack, final long orderId,
        final long clientOrderId, final int symbolIndex, final int action, final int side, final int orderType,
        final int timeInForce, final long quantity, final long price, final long stopPrice, final long expiryTimeMsc,
        final long venueOrderId, final long causeTickTimeMsc)
    {
        buffer.putLong(offset + Frame.ORDER_ID_OFFSET, orderId, LE);
        buffer.putLong(offset + Frame.ORDER_CLIENT_ORDER_ID_OFFSET, clientOrderId, LE);
        buffer.putInt(offset + Frame.ORDER_SYMBOL_OFFSET, symbolIndex, LE);
        buffer.putByte(offset + Frame.ORDER_ACTION_OFFSET, (byte)action);
        buffer.putByte(offset + Frame.ORDER_SIDE_OFFSET, (byte)side);
        buffer.putByte(offset + Frame.ORDER_TYPE_OFFSET, (byte)orderType);
        buffer.putByte(offset + Frame.ORDER_TIME_IN_FORCE_OFFSET, (byte)timeInForce);
        buffer.putLong(offset + Frame.ORDER_QUANTITY_OFFSET, quantity, LE);
        buffer.putLong(offset + Frame.ORDER_PRICE_OFFSET, price, LE);
        buffer.putLong(offset + Frame.ORDER_STOP_PRICE_OFFSET, stopPrice, LE);
        buffer.putLong(offset + Frame.ORDER_EXPIRY_OFFSET, expiryTimeMsc, LE);
        buffer.putLong(offset + Frame.ORDER_VENUE_ORDER_ID_OFFSET, venueOrderId, LE);
        buffer.putLong(offset + Frame.ORDER_CAUSE_TICK_TIME_OFFSET, causeTickTimeMsc, LE);
        return header(buffer, offset, Frame.ORDER_LENGTH, FrameType.ORDER, seq, ack);
    }

    public static int heartbeat(
        final MutableDirectBuffer buffer, final int offset, final long ack, final long sendTimeNs,
        final long echoTimeNs)
    {
        buffer.putLong(offset + Frame.HEARTBEAT_SEND_TIME_OFFSET, sendTimeNs, LE);
        buffer.putLong(offset + Frame.HEARTBEAT_ECHO_TIME_OFFSET, echoTimeNs, LE);
        return header(buffer, offset, Frame.HEARTBEAT_LENGTH, FrameType.HEARTBEAT, 0, ack);
    }

    public static int error(final MutableDirectBuffer buffer, final int offset, final int code, final String text)
    {
        final byte[] bytes = ascii(text, Frame.MAX_ERROR_TEXT);
        buffer.putShort(offset + Frame.ERROR_CODE_OFFSET, (short)code, LE);
        buffer.putShort(offset + Frame.ERROR_TEXT_LENGTH_OFFSET, (short)bytes.length, LE);
        buffer.putBytes(offset + Frame.ERROR_TEXT_OFFSET, bytes);
        return header(buffer, offset, Frame.ERROR_TEXT_OFFSET + bytes.length, FrameType.ERROR, 0, 0);
    }

    /** Rewrites the ack of a frame already written, as a resent frame carries the current ack. */
    public static void ack(final MutableDirectBuffer buffer, final int offset, final long ack)
    {
        buffer.putLong(offset + Frame.ACK_OFFSET, ack, LE);
    }

    private static int header(
        final MutableDirectBuffer buffer, final int offset, final int frameLength, final int type, final long seq,
        final long ack)
    {
        buffer.putInt(offset + Frame.LENGTH_OFFSET, frameLength - Frame.LENGTH_FIELD_SIZE, LE);
        buffer.putShort(offset + Frame.TYPE_OFFSET, (short)type, LE);
        buffer.putShort(offset + Frame.FLAGS_OFFSET, (short)0, LE);
        buffer.putLong(offset + Frame.SEQ_OFFSET, seq, LE);
        buffer.putLong(offset + Frame.ACK_OFFSET, ack, LE);
        return frameLength;
    }

    /** Writes a u8-length string, cut to 255 bytes; returns the position after it. */
    private static int putString(final MutableDirectBuffer buffer, final int position, final String value)
    {
        final byte[] bytes = ascii(value, Frame.MAX_STRING);
        buffer.putByte(position, (byte)bytes.length);
        buffer.putBytes(position + 1, bytes);
        return position + 1 + bytes.length;
    }

    private static byte[] ascii(final String value, final int max)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        return bytes.length <= max ? bytes : java.util.Arrays.copyOf(bytes, max);
    }
}
