package io.tradingcore.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.tradingcore.bridge.protocol.AccountSnapshot;
import io.tradingcore.bridge.protocol.BridgeError;
import io.tradingcore.bridge.protocol.ErrorCode;
import io.tradingcore.bridge.protocol.ExecutionFrame;
import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.FrameAssembler;
import io.tradingcore.bridge.protocol.FrameDecoder;
import io.tradingcore.bridge.protocol.FrameHandler;
import io.tradingcore.bridge.protocol.FrameType;
import io.tradingcore.bridge.protocol.FrameWriter;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.ProtocolException;
import io.tradingcore.bridge.protocol.SymbolAnswer;
import io.tradingcore.bridge.protocol.TicksFrame;
import io.tradingcore.bridge.protocol.Welcome;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection from a terminal: cuts the stream into frames, enforces the frame size, rate
 * and handshake rules, and hands frames to the account's {@link TerminalSession}. Any breach ends
 * this connection with an ERROR frame; nothing it receives can throw past it. Behind Netty's SslHandler when the
 * port speaks TLS, so it sees the frames in clear either way. A connection that ends before a session is a failed
 * handshake of its address ({@link BridgeServer#onHandshakeFailed}).
 */
final class TerminalConnection extends ChannelInboundHandlerAdapter implements FrameHandler
{
    private static final int READ_CHUNK = 16 * 1024;

    private final BridgeServer bridge;
    private final InetAddress remote;
    private final FrameAssembler assembler;
    private final FrameDecoder decoder = new FrameDecoder();
    private final UnsafeBuffer chunk = new UnsafeBuffer(new byte[READ_CHUNK]);
    private ChannelHandlerContext context;
    private TerminalSession session;
    /** The token the session was granted with, checked again when the terminals file changes. */
    private String token;
    private ScheduledFuture<?> handshakeTimeout;
    /** Until the TLS handshake is done nothing can be written, not even an ERROR frame. */
    private boolean tlsPending;
    private boolean handshakeFailureCounted;
    private boolean closing;
    private long windowStartNs;
    private int framesInWindow;
    private long lastReceivedNs;
    private long lastSentNs;
    private long lastPeerSendTimeNs;

    TerminalConnection(final BridgeServer bridge, final InetAddress remote, final boolean tls)
    {
        this.bridge = bridge;
        this.remote = remote;
        this.tlsPending = tls;
        this.assembler = new FrameAssembler(bridge.context().maxFrameBytes());
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        context = ctx;
        lastReceivedNs = System.nanoTime();
        lastSentNs = lastReceivedNs;
        windowStartNs = lastReceivedNs;
        bridge.stats().connections++;
        handshakeTimeout = ctx.executor().schedule(() ->
        {
            if (session == null)
            {
                fail(ErrorCode.HANDSHAKE_REQUIRED, "no HELLO within " + bridge.context().handshakeTimeoutMs() + " ms");
            }
        }, bridge.context().handshakeTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object message)
    {
        final ByteBuf bytes = (ByteBuf)message;
        try
        {
            while (bytes.isReadable() && !closing)
            {
                final int length = Math.min(bytes.readableBytes(), READ_CHUNK);
                bytes.readBytes(chunk.byteArray(), 0, length);
                assembler.feed(chunk, 0, length, this::onFrame);
            }
        }
        catch (final ProtocolException ex)
        {
            fail(ex.errorCode(), ex.getMessage());
        }
        finally
        {
            bytes.release();
        }
        if (!closing && bridge.ingressPort().backedUp())
        {
            ctx.channel().config().setAutoRead(false);
            bridge.resumeWhenDrained(this);
        }
    }

    private void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        if (closing)
        {
            return;
        }
        lastReceivedNs = System.nanoTime();
        if (lastReceivedNs - windowStartNs >= 1_000_000_000L)
        {
            windowStartNs = lastReceivedNs;
            framesInWindow = 0;
        }
        if (++framesInWindow > bridge.context().maxFramesPerSecond())
        {
            throw new ProtocolException(ErrorCode.RATE_LIMITED,
                "more than " + bridge.context().maxFramesPerSecond() + " frames in a second");
        }
        final int type = buffer.getShort(offset + Frame.TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (session == null && type != FrameType.HELLO)
        {
            throw new ProtocolException(ErrorCode.HANDSHAKE_REQUIRED,
                "the first frame must be HELLO, got " + FrameType.name(type));
        }
        decoder.decode(buffer, offset, length, this);
    }

    @Override
    public void onHello(final Hello hello)
    {
        if (session != null)
        {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "a second HELLO on one connection");
        }
        handshakeTimeout.cancel(false);
        session = bridge.onHello(this, hello);
        token = hello.token();
    }

    /** After the terminals file changed: a session whose token no longer allows its account ends, saying why. */
    void recheckToken(final TerminalCredentials credentials)
    {
        if (null != session && !closing && !credentials.allows(token, session.tenantId(), session.accountId()))
        {
            fail(ErrorCode.AUTHENTICATION_FAILED, "the terminals file changed: this token no longer allows tenant " +
                session.tenantId() + " account " + session.accountId());
        }
    }

    @Override
    public void onTicks(final long seq, final long ack, final TicksFrame ticks)
    {
        session.onTicks(seq, ack, ticks);
    }

    @Override
    public void onExecution(final long seq, final long ack, final ExecutionFrame execution)
    {
        session.onExecution(seq, ack, execution);
    }

    @Override
    public void onAccount(final long seq, final long ack, final AccountSnapshot account)
    {
        session.onAccount(seq, ack, account);
    }

    @Override
    public void onHeartbeat(final long ack, final long sendTimeNs, final long echoTimeNs)
    {
        session.onAck(ack);
        lastPeerSendTimeNs = sendTimeNs;
    }

    @Override
    public void onError(final BridgeError error)
    {
        bridge.log("terminal " + describe() + " closes: " + error);
        closing = true;
        context.close();
    }

    void sendWelcome(final List<SymbolAnswer> answers, final long ack)
    {
        final BridgeContext settings = bridge.context();
        final UnsafeBuffer buffer = bridge.scratch();
        final int length = FrameWriter.welcome(buffer, 0, new Welcome(Frame.PROTOCOL_VERSION,
            settings.heartbeatIntervalMs(), settings.heartbeatTimeoutMs(), settings.maxFrameBytes(),
            settings.maxFramesPerSecond(), answers, ack));
        send(buffer.byteArray(), length);
    }

    void sendHeartbeat(final long ack, final long nowNs)
    {
        final UnsafeBuffer buffer = bridge.scratch();
        final int length = FrameWriter.heartbeat(buffer, 0, ack, nowNs, lastPeerSendTimeNs);
        session.ack();
        send(buffer.byteArray(), length);
    }

    /** Writes one whole frame; a terminal that stopped reading is cut off rather than buffered forever. */
    void send(final byte[] frame, final int length)
    {
        if (closing)
        {
            return;
        }
        if (!context.channel().isWritable())
        {
            fail(ErrorCode.SLOW_CONSUMER, "more than " + bridge.context().outboundLimitBytes() +
                " bytes waiting to be read by the terminal");
            return;
        }
        context.writeAndFlush(context.alloc().buffer(length).writeBytes(frame, 0, length));
        lastSentNs = System.nanoTime();
    }

    /** Heartbeats and liveness, from the bridge's housekeeping timer. */
    void housekeeping(final long nowNs)
    {
        if (session == null || closing)
        {
            return;
        }
        if (nowNs - lastReceivedNs > bridge.context().heartbeatTimeoutMs() * 1_000_000L)
        {
            fail(ErrorCode.HEARTBEAT_TIMEOUT, "nothing received for " + bridge.context().heartbeatTimeoutMs() + " ms");
        }
        else if (nowNs - lastSentNs >= bridge.context().heartbeatIntervalMs() * 1_000_000L)
        {
            sendHeartbeat(session.ack(), nowNs);
        }
    }

    void resumeReading()
    {
        if (!closing)
        {
            context.channel().config().setAutoRead(true);
        }
    }

    /** Ends the connection with an ERROR frame saying why. */
    void fail(final int code, final String text)
    {
        if (closing)
        {
            return;
        }
        closing = true;
        // A busy account's terminal had the right token, and a stopping bridge is no terminal's failure.
        if (code != ErrorCode.ACCOUNT_IN_USE && code != ErrorCode.SHUTTING_DOWN)
        {
            countHandshakeFailure();
        }
        bridge.stats().errorsSent++;
        bridge.stats().lastError = ErrorCode.name(code) + ": " + text;
        bridge.log("closing " + describe() + ": " + ErrorCode.name(code) + ": " + text);
        if (tlsPending)
        {
            context.close();
            return;
        }
        final UnsafeBuffer buffer = bridge.scratch();
        final int length = FrameWriter.error(buffer, 0, code, text);
        context.writeAndFlush(context.alloc().buffer(length).writeBytes(buffer.byteArray(), 0, length))
            .addListener(ChannelFutureListener.CLOSE);
    }

    boolean isClosing()
    {
        return closing;
    }

    private void countHandshakeFailure()
    {
        if (null == session && !handshakeFailureCounted)
        {
            handshakeFailureCounted = true;
            bridge.onHandshakeFailed(remote);
        }
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object event)
    {
        if (event instanceof SslHandshakeCompletionEvent)
        {
            final SslHandshakeCompletionEvent handshake = (SslHandshakeCompletionEvent)event;
            if (handshake.isSuccess())
            {
                tlsPending = false;
            }
            else if (!closing && causedByTls(handshake.cause()))
            {
                // A plaintext client, a client that does not trust the certificate, or a scanner: SslHandler
                // closes the connection, as no ERROR frame can reach a peer that speaks no TLS with us.
                bridge.log("TLS handshake with " + describe() + " failed: " + tlsProblem(handshake.cause()));
                closing = true;
                countHandshakeFailure();
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    /** Netty's message for bytes that are not TLS is their hex dump: a plaintext HELLO's token, not to be logged. */
    private static String tlsProblem(final Throwable error)
    {
        for (Throwable cause = error; null != cause; cause = cause.getCause() == cause ? null : cause.getCause())
        {
            if (cause instanceof NotSslRecordException)
            {
                return "what came is not TLS (a terminal with TLS off?)";
            }
        }
        return String.valueOf(error.getMessage());
    }

    private static boolean causedByTls(final Throwable error)
    {
        for (Throwable cause = error; null != cause; cause = cause.getCause() == cause ? null : cause.getCause())
        {
            if (cause instanceof SSLException)
            {
                return true;
            }
        }
        return false;
    }

    String describe()
    {
        final SocketAddress remote = context == null ? null : context.channel().remoteAddress();
        return (session == null ? "connection" : "terminal " + session.terminalId() + " (account " +
            session.accountId() + ")") + " from " + remote;
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        if (handshakeTimeout != null)
        {
            handshakeTimeout.cancel(false);
        }
        closing = true;
        bridge.onDisconnected(this, session);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        // A reset or broken connection, or bytes that are not TLS on a TLS port, are the terminal's business, not an
        // error of the bridge.
        if (causedByTls(cause))
        {
            if (!closing)
            {
                bridge.log("TLS failed on " + describe() + ": " + tlsProblem(cause));
            }
            countHandshakeFailure();
        }
        else if (!(cause instanceof IOException))
        {
            bridge.log("error on " + describe() + ": " + cause);
            bridge.onError(cause);
        }
        closing = true;
        ctx.close();
    }
}
