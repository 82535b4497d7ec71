package io.tradingcore.bridge.protocol;

/**
 * Receives decoded frames with the header's seq and ack. Flyweight arguments are valid only during
 * the call. A side implements what it may receive; the defaults refuse the rest as malformed, so a
 * terminal sending ORDER, or a bridge sending TICKS, is a protocol error.
 */
public interface FrameHandler
{
    default void onHello(final Hello hello)
    {
        throw unexpected(FrameType.HELLO);
    }

    default void onWelcome(final Welcome welcome)
    {
        throw unexpected(FrameType.WELCOME);
    }

    default void onTicks(final long seq, final long ack, final TicksFrame ticks)
    {
        throw unexpected(FrameType.TICKS);
    }

    default void onExecution(final long seq, final long ack, final ExecutionFrame execution)
    {
        throw unexpected(FrameType.EXECUTION);
    }

    default void onAccount(final long seq, final long ack, final AccountSnapshot account)
    {
        throw unexpected(FrameType.ACCOUNT);
    }

    default void onOrder(final long seq, final long ack, final OrderFrame order)
    {
        throw unexpected(FrameType.ORDER);
    }

    default void onHeartbeat(final long ack, final long sendTimeNs, final long echoTimeNs)
    {
    }

    default void onError(final BridgeError error)
    {
    }

    private static ProtocolException unexpected(final int type)
    {
        return new ProtocolException(ErrorCode.MALFORMED_FRAME,
            FrameType.name(type) + " is not a frame this side receives");
    }
}
