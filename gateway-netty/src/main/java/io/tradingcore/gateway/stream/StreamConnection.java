package io.tradingcore.gateway.stream;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.gateway.http.Principal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code /stream} connection, the last handler of its pipeline. Everything but {@link #offerEvent} runs on the
 * channel's event loop. Frames to send wait in a queue that any thread may add to; the event loop writes them while
 * the channel is writable, a resume's backlog (read from the ring, not copied) first.
 */
final class StreamConnection extends SimpleChannelInboundHandler<WebSocketFrame>
{
    static final int CLOSE_BAD_MESSAGE = 4400;
    static final int CLOSE_NOT_AUTHENTICATED = 4401;
    static final int CLOSE_TOO_SLOW = 4408;
    static final int CLOSE_RESUME_NOT_KEPT = 4410;
    static final String RESUME_NOT_KEPT =
        "resume point no longer kept; load the state again (GET /api/v1/...) and subscribe from its sequence";
    static final String TOO_SLOW = "too slow: the stream fell behind";

    private static final int MAX_QUOTE_SYMBOLS = 256;
    private static final int MAX_SYMBOL_LENGTH = 32;
    private static final int MAX_CLOSE_REASON_BYTES = 123;
    /** Ring positions read per hold of the lock, so that a long backlog does not hold up the view's thread. */
    private static final int BACKLOG_SCAN = 4096;

    private final StreamEndpoint endpoint;
    private final long maxPendingBytes;
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean tooSlow = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private volatile boolean closing;

    private ChannelHandlerContext ctx;
    private Principal principal;
    private boolean subscribed;
    private boolean closeSent;
    /** Live events at or before this sequence were already in the backlog (or before the resume point). */
    private long liveAfter = Long.MIN_VALUE;
    private long backlogCursor;
    private long backlogEnd;
    private long backlogAfter;
    private List<String> quoteSymbols = List.of();
    private final Map<String, Long> sentQuoteVersions = new HashMap<>();
    private ScheduledFuture<?> authTimer;
    private ScheduledFuture<?> expiryTimer;
    private ScheduledFuture<?> statusTimer;
    private ScheduledFuture<?> quoteTimer;

    StreamConnection(final StreamEndpoint endpoint)
    {
        this.endpoint = endpoint;
        this.maxPendingBytes = endpoint.context().maxPendingBytes();
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        this.ctx = ctx;
        endpoint.connectionOpened();
        authTimer = ctx.executor().schedule(() -> close(CLOSE_NOT_AUTHENTICATED,
            "no auth message within " + endpoint.context().authTimeoutMs() + " ms"),
            endpoint.context().authTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx)
    {
        stop();
        endpoint.connectionClosed();
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx)
    {
        if (ctx.channel().isWritable())
        {
            drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
    {
        if (closeSent)
        {
            if (frame instanceof CloseWebSocketFrame)
            {
                ctx.close();
            }
            return;
        }
        if (frame instanceof TextWebSocketFrame)
        {
            onMessage(ByteBufUtil.getBytes(frame.content()));
        }
        else if (frame instanceof CloseWebSocketFrame close)
        {
            closeSent = true;
            stop();
            ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), ""))
                .addListener(ChannelFutureListener.CLOSE);
        }
        else if (frame instanceof PingWebSocketFrame)
        {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        }
        else if (frame instanceof BinaryWebSocketFrame)
        {
            close(CLOSE_BAD_MESSAGE, "the stream takes text frames only");
        }
    }

    private void onMessage(final byte[] text)
    {
        final ClientMessage message;
        try
        {
            message = Json.read(text, ClientMessage.class);
        }
        catch (final ApiException ex)
        {
            close(CLOSE_BAD_MESSAGE, ex.getMessage());
            return;
        }
        if (message.type() == null)
        {
            close(CLOSE_BAD_MESSAGE, "field 'type' is required");
            return;
        }
        switch (message.type())
        {
            case "auth" -> onAuth(message);
            case "subscribe" -> onSubscribe(message);
            default -> close(CLOSE_BAD_MESSAGE, "unknown message type '" + message.type() + "'");
        }
    }

    private void onAuth(final ClientMessage message)
    {
        if (principal != null)
        {
            close(CLOSE_BAD_MESSAGE, "already authenticated");
            return;
        }
        if (message.from() != null || message.quotes() != null)
        {
            close(CLOSE_BAD_MESSAGE, "auth takes only 'accessToken'");
            return;
        }
        if (message.accessToken() == null || message.accessToken().isBlank())
        {
            close(CLOSE_NOT_AUTHENTICATED, "auth needs an 'accessToken'");
            return;
        }
        final Principal verified;
        try
        {
            verified = endpoint.authenticator().authenticate(message.accessToken());
        }
        catch (final ApiException ex)
        {
            close(CLOSE_NOT_AUTHENTICATED, ex.getMessage());
            return;
        }
        catch (final RuntimeException ex)
        {
            close(1011, "the token could not be verified");
            return;
        }
        authTimer.cancel(false);
        final long expiresInMs = verified.expiresAtSecond() < Long.MAX_VALUE / 1000 ?
            verified.expiresAtSecond() * 1000 - System.currentTimeMillis() : Long.MAX_VALUE;
        if (expiresInMs <= 0)
        {
            close(CLOSE_NOT_AUTHENTICATED, "token expired");
            return;
        }
        principal = verified;
        if (expiresInMs < Long.MAX_VALUE)
        {
            expiryTimer = ctx.executor().schedule(() -> close(CLOSE_NOT_AUTHENTICATED, "token expired"),
                expiresInMs, TimeUnit.MILLISECONDS);
        }
    }

    private void onSubscribe(final ClientMessage message)
    {
        if (principal == null)
        {
            close(CLOSE_NOT_AUTHENTICATED, "the first message must be auth");
            return;
        }
        if (message.accessToken() != null)
        {
            close(CLOSE_BAD_MESSAGE, "subscribe takes 'from' and 'quotes', not 'accessToken'");
            return;
        }
        final String quotesProblem = quotesProblem(message.quotes());
        if (quotesProblem != null)
        {
            close(CLOSE_BAD_MESSAGE, quotesProblem);
            return;
        }
        if (message.quotes() != null)
        {
            quoteSymbols = List.copyOf(message.quotes());
            sentQuoteVersions.keySet().retainAll(quoteSymbols);
        }
        if (subscribed)
        {
            if (message.from() != null)
            {
                close(CLOSE_BAD_MESSAGE, "'from' is taken by the first subscribe only");
            }
            return;
        }
        if (message.from() != null && message.from() < 0)
        {
            close(CLOSE_BAD_MESSAGE, "'from' must not be negative");
            return;
        }
        final int tenantId = principal.tenantId();
        synchronized (endpoint.lock())
        {
            final EventRing ring = endpoint.ring();
            if (message.from() != null)
            {
                if (!ring.keepsAfter(tenantId, message.from()))
                {
                    // Closed below, outside the lock.
                    backlogEnd = -1;
                }
                else
                {
                    backlogCursor = ring.oldest();
                    backlogEnd = ring.head();
                    backlogAfter = message.from();
                    liveAfter = message.from();
                }
            }
            if (backlogEnd >= 0)
            {
                endpoint.subscribe(tenantId, this);
                subscribed = true;
            }
        }
        if (!subscribed)
        {
            close(CLOSE_RESUME_NOT_KEPT, RESUME_NOT_KEPT);
            return;
        }
        final long statusMs = endpoint.context().statusIntervalMs();
        final long quoteMs = endpoint.context().quoteIntervalMs();
        statusTimer = ctx.executor().scheduleAtFixedRate(this::sendStatus, 0, statusMs, TimeUnit.MILLISECONDS);
        quoteTimer = ctx.executor().scheduleAtFixedRate(this::sendQuotes, 0, quoteMs, TimeUnit.MILLISECONDS);
        drain();
    }

    private static String quotesProblem(final List<String> symbols)
    {
        if (symbols == null)
        {
            return null;
        }
        if (symbols.size() > MAX_QUOTE_SYMBOLS)
        {
            return "at most " + MAX_QUOTE_SYMBOLS + " quote symbols";
        }
        for (final String symbol : symbols)
        {
            if (symbol == null || symbol.isEmpty() || symbol.length() > MAX_SYMBOL_LENGTH)
            {
                return "each quote symbol must be 1 to " + MAX_SYMBOL_LENGTH + " characters";
            }
        }
        return null;
    }

    /** A live event of this connection's tenant; on the view's thread, under the endpoint's lock. */
    void offerEvent(final long sequence, final byte[] frame)
    {
        if (sequence > liveAfter)
        {
            offer(frame);
        }
    }

    private void sendStatus()
    {
        final byte[] frame = endpoint.statusFrame();
        if (frame != null)
        {
            offer(frame);
        }
    }

    private void sendQuotes()
    {
        for (int i = 0, size = quoteSymbols.size(); i < size; i++)
        {
            final String symbol = quoteSymbols.get(i);
            final LatestQuote quote = endpoint.latestQuote(symbol);
            if (quote != null)
            {
                final Long sent = sentQuoteVersions.get(symbol);
                if (sent == null || sent < quote.version())
                {
                    sentQuoteVersions.put(symbol, quote.version());
                    offer(quote.frame());
                }
            }
        }
    }

    /** Queues a frame from any thread; over the limit the connection is closed instead (4408). */
    private void offer(final byte[] frame)
    {
        if (closing)
        {
            return;
        }
        final long total = pending.addAndGet(frame.length);
        if (total > maxPendingBytes)
        {
            pending.addAndGet(-frame.length);
            fellBehind();
            return;
        }
        endpoint.pendingChanged(frame.length, total);
        queue.add(frame);
        if (!drainScheduled.getAndSet(true))
        {
            ctx.executor().execute(drain);
        }
    }

    private void fellBehind()
    {
        if (tooSlow.compareAndSet(false, true))
        {
            closing = true;
            ctx.executor().execute(() -> close(CLOSE_TOO_SLOW, TOO_SLOW));
        }
    }

    /** Writes what waits while the channel takes it: the backlog first, then the queue. */
    private void drain()
    {
        drainScheduled.set(false);
        if (closing || closeSent)
        {
            return;
        }
        boolean wrote = false;
        List<byte[]> backlog = null;
        while (ctx.channel().isWritable())
        {
            if (backlogCursor < backlogEnd)
            {
                backlog = readBacklog(backlog);
                if (backlog == null)
                {
                    return;
                }
                for (int i = 0; i < backlog.size(); i++)
                {
                    final byte[] frame = backlog.get(i);
                    final long total = pending.addAndGet(frame.length);
                    endpoint.pendingChanged(frame.length, total);
                    write(frame);
                    wrote = true;
                }
                continue;
            }
            final byte[] frame = queue.poll();
            if (frame == null)
            {
                break;
            }
            write(frame);
            wrote = true;
        }
        if (wrote)
        {
            ctx.flush();
        }
    }

    /** The next frames of the backlog, or null when the ring dropped them first (the connection is closed then). */
    private List<byte[]> readBacklog(final List<byte[]> reuse)
    {
        final List<byte[]> frames = reuse == null ? new ArrayList<>() : reuse;
        frames.clear();
        final int tenantId = principal.tenantId();
        final long budget = Math.max(1, ctx.channel().bytesBeforeUnwritable());
        long bytes = 0;
        synchronized (endpoint.lock())
        {
            final EventRing ring = endpoint.ring();
            if (backlogCursor < ring.oldest())
            {
                frames.clear();
                backlogCursor = backlogEnd;
                fellBehind();
                return null;
            }
            final long scanEnd = Math.min(backlogEnd, backlogCursor + BACKLOG_SCAN);
            while (backlogCursor < scanEnd && bytes < budget)
            {
                final long position = backlogCursor++;
                if (ring.tenant(position) == tenantId && ring.sequence(position) > backlogAfter)
                {
                    final byte[] frame = ring.frame(position);
                    frames.add(frame);
                    bytes += frame.length;
                }
            }
        }
        return frames;
    }

    private void write(final byte[] frame)
    {
        final int length = frame.length;
        ctx.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame))).addListener(
            (ChannelFutureListener)written -> endpoint.pendingChanged(-length, pending.addAndGet(-length)));
    }

    /** Sends a close frame with the code and reason, drops what waits and closes the socket once it is sent. */
    void close(final int code, final String reason)
    {
        if (closeSent || !ctx.channel().isActive())
        {
            return;
        }
        closeSent = true;
        endpoint.closedWith(code);
        stop();
        ctx.writeAndFlush(new CloseWebSocketFrame(code, shorten(reason))).addListener(ChannelFutureListener.CLOSE);
        // A client that reads nothing never takes the close frame: the socket goes anyway.
        ctx.executor().schedule(() -> ctx.close(), endpoint.context().closeTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    /** Stops the timers and live events and drops the queue; idempotent. */
    private void stop()
    {
        closing = true;
        cancel(authTimer);
        cancel(expiryTimer);
        cancel(statusTimer);
        cancel(quoteTimer);
        if (subscribed)
        {
            subscribed = false;
            endpoint.unsubscribe(principal.tenantId(), this);
        }
        backlogCursor = backlogEnd;
        byte[] frame;
        while ((frame = queue.poll()) != null)
        {
            endpoint.pendingChanged(-frame.length, pending.addAndGet(-frame.length));
        }
    }

    private static void cancel(final ScheduledFuture<?> timer)
    {
        if (timer != null)
        {
            timer.cancel(false);
        }
    }

    /** A close frame's reason holds at most 123 bytes of UTF-8; one line. */
    static String shorten(final String reason)
    {
        String text = reason.replace('\n', ' ').replace('\r', ' ');
        while (text.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES)
        {
            text = text.substring(0, text.length() - 4) + "...";
        }
        return text;
    }
}
