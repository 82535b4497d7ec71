package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.protocol.BridgeError;
import io.tradingcore.bridge.protocol.FrameDecoder;
import io.tradingcore.bridge.protocol.FrameHandler;
import io.tradingcore.bridge.protocol.FrameType;
import io.tradingcore.bridge.protocol.Welcome;
import org.agrona.concurrent.UnsafeBuffer;

/** One whole frame read by a {@link RawTerminalConnection}: its header and a copy of its bytes. */
public record ReceivedFrame(int type, long seq, long ack, byte[] bytes)
{
    /** Hands the frame to {@code handler} through the codec's checks; throws ProtocolException if malformed. */
    public void decode(final FrameHandler handler)
    {
        new FrameDecoder().decode(new UnsafeBuffer(bytes), 0, bytes.length, handler);
    }

    /** The WELCOME this frame carries. */
    public Welcome welcome()
    {
        final Welcome[] welcome = new Welcome[1];
        requireType(FrameType.WELCOME);
        decode(new FrameHandler()
        {
            @Override
            public void onWelcome(final Welcome decoded)
            {
                welcome[0] = decoded;
            }
        });
        return welcome[0];
    }

    /** The ERROR this frame carries. */
    public BridgeError error()
    {
        final BridgeError[] error = new BridgeError[1];
        requireType(FrameType.ERROR);
        decode(new FrameHandler()
        {
            @Override
            public void onError(final BridgeError decoded)
            {
                error[0] = decoded;
            }
        });
        return error[0];
    }

    private void requireType(final int expected)
    {
        if (type != expected)
        {
            throw new IllegalStateException("expected " + FrameType.name(expected) + ", got " + FrameType.name(type));
        }
    }

    @Override
    public String toString()
    {
        return FrameType.name(type) + "[seq " + seq + ", ack " + ack + ", " + bytes.length + " bytes]";
    }
}
