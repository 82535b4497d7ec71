package io.tradingcore.bridge.protocol;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks one whole frame against PROTOCOL.md and hands it to a {@link FrameHandler}. Every count,
 * string and offset is checked against the frame's end before it is read, so no input can make it
 * read outside the frame; anything wrong is a {@link ProtocolException} with the reason. TICKS,
 * EXECUTION and ORDER are decoded into reused flyweights; the rare handshake and snapshot frames
 * into small objects. Not thread-safe: one per connection.
 */
public final class FrameDecoder
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final TicksFrame ticks = new TicksFrame();
    private final ExecutionFrame execution = new ExecutionFrame();
    private final OrderFrame order = new OrderFrame();

    /**
     * Decodes the frame of {@code frameLength} bytes (length field included) at {@code offset}.
     *
     * @return the frame's type
     */
    public int decode(final DirectBuffer buffer, final int offset, final int frameLength, final FrameHandler handler)
    {
        if (frameLength < Frame.HEADER_LENGTH)
        {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME,
                "frame of " + frameLength + " bytes is shorter than the 24-byte header");
        }
        final long declared = buffer.getInt(offset + Frame.LENGTH_OFFSET, LE) & 0xFFFF_FFFFL;
        if (declared + Frame.LENGTH_FIELD_SIZE != frameLength)
        {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME,
                "length field says " + declared + " bytes follow, the frame has " + (frameLength - 4));
        }
        final int type = buffer.getShort(offset + Frame.TYPE_OFFSET, LE) & 0xFFFF;
        final long seq = buffer.getLong(offset + Frame.SEQ_OFFSET, LE);
        final long ack = buffer.getLong(offset + Frame.ACK_OFFSET, LE);
        if (ack < 0)
        {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "negative ack " + ack);
        }
        if (FrameType.isSequenced(type) ? seq <= 0 : seq != 0)
        {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME,
                FrameType.name(type) + " with seq " + seq + (seq <= 0 ? ": sequenced frames start at 1"
                    : ": must be 0"));
        }
        final int end = offset + frameLength;
        switch (type)
        {
            case FrameType.HELLO:
                handler.onHello(hello(buffer, offset, end, ack));
                break;
            case FrameType.WELCOME:
                handler.onWelcome(welcome(buffer, offset, end, ack));
                break;
            case FrameType.TICKS:
                handler.onTicks(seq, ack, ticks(buffer, offset, frameLength));
                break;
            case FrameType.EXECUTION:
                requireLength(type, frameLength, Frame.EXECUTION_TEXT_OFFSET + 1, false);
                final int textLength = buffer.getByte(offset + Frame.EXECUTION_TEXT_OFFSET) & 0xFF;
                requireLength(type, frameLength, Frame.EXECUTION_TEXT_OFFSET + 1 + textLength, true);
                execution.wrap(buffer, offset);
                if (execution.execType() > Frame.EXEC_EXPIRED)
                {
                    throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "execType " + execution.execType());
                }
                handler.onExecution(seq, ack, execution);
                break;
            case FrameType.ACCOUNT:
                handler.onAccount(seq, ack, account(buffer, offset, frameLength));
                break;
            case FrameType.ORDER:
                requireLength(type, frameLength, Frame.ORDER_LENGTH, true);
                order.wrap(buffer, offset);
                if (order.action() > Frame.ACTION_MODIFY || order.side() > 1 || order.orderType() > 3 ||
                    order.timeInForce() > 3)
                {
                    throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "ORDER with an out-of-range enum");
                }
                handler.onOrder(seq, ack, order);
                break;
            case FrameType.HEARTBEAT:
                requireLength(type, frameLength, Frame.HEARTBEAT_LENGTH, true);
                handler.onHeartbeat(ack, buffer.getLong(offset + Frame.HEARTBEAT_SEND_TIME_OFFSET, LE),
                    buffer.getLong(offset + Frame.HEARTBEAT_ECHO_TIME_OFFSET, LE));
                break;
            case FrameType.ERROR:
                requireLength(type, frameLength, Frame.ERROR_TEXT_OFFSET, false);
                final int code = buffer.getShort(offset + Frame.ERROR_CODE_OFFSET, LE) & 0xFFFF;
                final int length = buffer.getShort(offset + Frame.ERROR_TEXT_LENGTH_OFFSET, LE) & 0xFFFF;
                if (length > Frame.MAX_ERROR_TEXT)
                {
                    throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "ERROR text of " + length + " bytes");
                }
                requireLength(type, frameLength, Frame.ERROR_TEXT_OFFSET + length, true);
                handler.onError(new BridgeError(code,
                    buffer.getStringWithoutLengthAscii(offset + Frame.ERROR_TEXT_OFFSET, length)));
                break;
            default:
                throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "unknown frame type " + type);
        }
        return type;
    }

    private TicksFrame ticks(final DirectBuffer buffer, final int offset, final int frameLength)
    {
        requireLength(FrameType.TICKS, frameLength, Frame.TICKS_FIRST_OFFSET, false);
        final int count = buffer.getShort(offset + Frame.TICKS_COUNT_OFFSET, LE) & 0xFFFF;
        if (count == 0)
        {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "TICKS with no tick");
        }
        requireLength(FrameType.TICKS, frameLength, Frame.TICKS_FIRST_OFFSET + count * Frame.TICK_LENGTH, true);
        return ticks.wrap(buffer, offset, count);
    }

    private static Hello hello(final DirectBuffer buffer, final int offset, final int end, final long ack)
    {
        final Cursor in = new Cursor(buffer, offset + Frame.HEADER_LENGTH, end, "HELLO");
        final int version = in.u16();
        final int flags = in.u16();
        final int tenantId = in.i32();
        final long accountId = in.i64();
        final int serverOffset = in.i32();
        final long resumeFromSeq = in.i64();
        final String terminalId = in.string();
        final String token = in.string();
        final int count = in.u16();
        final List<TerminalSymbol> symbols = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++)
        {
            symbols.add(new TerminalSymbol(in.string(), in.string(), in.u8(), in.u8(), in.i64(), in.i64(), in.i64(),
                in.i64()));
        }
        in.requireEnd();
        if (resumeFromSeq < 1)
        {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "HELLO resumeFromSeq " + resumeFromSeq + " < 1");
        }
        return new Hello(version, flags, tenantId, accountId, serverOffset, resumeFromSeq, terminalId, token,
            List.copyOf(symbols), ack);
    }

    private static Welcome welcome(final DirectBuffer buffer, final int offset, final int end, final long ack)
    {
        final Cursor in = new Cursor(buffer, offset + Frame.HEADER_LENGTH, end, "WELCOME");
        final int version = in.u16();
        in.u16();
        final int interval = in.i32();
        final int timeout = in.i32();
        final int maxFrame = in.i32();
        final int maxRate = in.i32();
        final int count = in.u16();
        final List<SymbolAnswer> symbols = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++)
        {
            symbols.add(new SymbolAnswer(in.i32(), in.string()));
        }
        in.requireEnd();
        return new Welcome(version, interval, timeout, maxFrame, maxRate, List.copyOf(symbols), ack);
    }

    private static AccountSnapshot account(final DirectBuffer buffer, final int offset, final int frameLength)
    {
        final Cursor in = new Cursor(buffer, offset + Frame.HEADER_LENGTH, offset + frameLength, "ACCOUNT");
        final long balance = in.i64();
        final long equity = in.i64();
        final long margin = in.i64();
        final int leverage = in.i32();
        final int count = in.u16();
        in.u16();
        final List<TerminalPosition> positions = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++)
        {
            positions.add(new TerminalPosition(in.i32(), in.i64(), in.i64()));
        }
        in.requireEnd();
        return new AccountSnapshot(balance, equity, margin, leverage, List.copyOf(positions));
    }

    private static void requireLength(final int type, final int frameLength, final int needed, final boolean exact)
    {
        if (frameLength < needed || (exact && frameLength != needed))
        {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, FrameType.name(type) + " of " + frameLength +
                " bytes, expected " + (exact ? "" : "at least ") + needed);
        }
    }

    /** Reads fields in order, refusing any read past the frame's end. */
    private static final class Cursor
    {
        private final DirectBuffer buffer;
        private final int end;
        private final String frame;
        private int position;

        Cursor(final DirectBuffer buffer, final int position, final int end, final String frame)
        {
            this.buffer = buffer;
            this.position = position;
            this.end = end;
            this.frame = frame;
        }

        int u8()
        {
            need(1);
            return buffer.getByte(position++) & 0xFF;
        }

        int u16()
        {
            need(2);
            final int value = buffer.getShort(position, LE) & 0xFFFF;
            position += 2;
            return value;
        }

        int i32()
        {
            need(4);
            final int value = buffer.getInt(position, LE);
            position += 4;
            return value;
        }

        long i64()
        {
            need(8);
            final long value = buffer.getLong(position, LE);
            position += 8;
            return value;
        }

        String string()
        {
            final int length = u8();
            need(length);
            final String value = buffer.getStringWithoutLengthAscii(position, length);
            position += length;
            return value;
        }

        void requireEnd()
        {
            if (position != end)
            {
                throw new ProtocolException(ErrorCode.MALFORMED_FRAME,
                    frame + " has " + (end - position) + " bytes after its last field");
            }
        }

        private void need(final int bytes)
        {
            if (end - position < bytes)
            {
                throw new ProtocolException(ErrorCode.MALFORMED_FRAME, frame + " ends inside a field");
            }
        }
    }
}
