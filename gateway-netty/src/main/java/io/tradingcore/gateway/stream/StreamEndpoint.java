package io.tradingcore.gateway.stream;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.tradingcore.gateway.core.CommandResult;
import io.tradingcore.gateway.core.GatewayView;
import io.tradingcore.gateway.core.Instrument;
import io.tradingcore.gateway.http.Authenticator;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.gateway.http.WebSocketEndpoint;
import io.tradingcore.pipeline.SystemProperties;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The WebSocket {@code /stream}: a caller's tenant's events, resumable from a sequence with no gap and no duplicate,
 * quotes of the instruments it subscribed to (conflated), and the platform's status every second.
 *
 * <p>Each event is serialized once, on the view's thread, kept in a ring of recent events ({@link EventRing}) and
 * queued to every subscribed connection of its tenant. A resuming connection takes its starting point in the ring
 * and registers for live events under the same lock that appends to the ring, so the events before that point come
 * from the ring and the ones after from the live queue. A connection's frames are written on its event loop while
 * the channel is writable; what waits is counted, and a connection that lets more than the limit wait is closed
 * (4408), so no reader can make the gateway hold more than that for it.
 */
public final class StreamEndpoint implements WebSocketEndpoint, GatewayView.Listener
{
    /** Where the stream answers. */
    public static final String PATH = "/stream";
    /** The largest frame a client may send; its messages are a few hundred bytes. */
    static final int MAX_FRAME_BYTES = 64 * 1024;

    private final Context context;
    private final Authenticator authenticator;
    private final Supplier<Map<String, Object>> status;
    private final EventRing ring;
    private final Map<Integer, List<StreamConnection>> subscribers = new HashMap<>();
    private final Map<String, LatestQuote> quotes = new ConcurrentHashMap<>();
    private final Object statusLock = new Object();
    private volatile StatusFrame statusFrame;
    private long quoteVersion;

    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger subscribed = new AtomicInteger();
    private final AtomicLong slowConsumerDrops = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private final AtomicLong badMessages = new AtomicLong();
    private final AtomicLong resumesRefused = new AtomicLong();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong peakPendingBytes = new AtomicLong();

    private record StatusFrame(byte[] bytes, long atNanos)
    {
    }

    /**
     * @param authenticator verifies the access token of each connection's {@code auth} message.
     * @param status        the {@code status} frame's fields (components and latency), read at most once a
     *                      status interval whatever the number of connections.
     * @param context       the settings; concluded here.
     */
    public StreamEndpoint(
        final Authenticator authenticator, final Supplier<Map<String, Object>> status, final Context context)
    {
        this.context = context.conclude();
        this.authenticator = authenticator;
        this.status = status;
        this.ring = new EventRing(context.ringEvents());
    }

    @Override
    public String path()
    {
        return PATH;
    }

    @Override
    public void upgrade(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
            "ws://" + request.headers().get(HttpHeaderNames.HOST) + PATH, null, false, MAX_FRAME_BYTES)
            .newHandshaker(request);
        if (handshaker == null)
        {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        final ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove("aggregator");
        pipeline.remove("dispatch");
        pipeline.addLast("frames", new WebSocketFrameAggregator(MAX_FRAME_BYTES));
        pipeline.addLast("stream", new StreamConnection(this));
        handshaker.handshake(ctx.channel(), request).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    @Override
    public void onEvent(final int tenantId, final long sequence, final int index, final Map<String, Object> json)
    {
        final Map<String, Object> event = new LinkedHashMap<>(json.size() + 2);
        event.put("type", "event");
        event.put("sequence", sequence);
        event.put("index", index);
        json.forEach((name, value) ->
        {
            if (!name.equals("tenantId") && !name.equals("sequence"))
            {
                event.put(name, value);
            }
        });
        final byte[] frame = Json.write(event);
        synchronized (ring)
        {
            ring.append(tenantId, sequence, frame);
            final List<StreamConnection> connections = subscribers.get(tenantId);
            if (connections != null)
            {
                for (int i = 0, size = connections.size(); i < size; i++)
                {
                    connections.get(i).offerEvent(sequence, frame);
                }
            }
        }
    }

    @Override
    public void onQuote(final Instrument instrument, final long bid, final long ask, final long timeMs)
    {
        // Called on the view's thread only; connections read the latest on their own timers.
        quotes.put(instrument.symbol(), new LatestQuote(instrument, bid, ask, timeMs, ++quoteVersion));
    }

    @Override
    public void onCommandDone(final long clientSessionId, final long clientSequence, final CommandResult result)
    {
    }

    /** WebSocket connections open now, authenticated or not. */
    public int connections()
    {
        return connections.get();
    }

    /** Connections subscribed to their tenant's events. */
    public int subscribers()
    {
        return subscribed.get();
    }

    /** Connections closed because they fell behind (4408). */
    public long slowConsumerDrops()
    {
        return slowConsumerDrops.get();
    }

    /** Connections closed for a missing, late, refused or expired token (4401). */
    public long authFailures()
    {
        return authFailures.get();
    }

    /** Connections closed for a malformed or unknown message (4400). */
    public long badMessages()
    {
        return badMessages.get();
    }

    /** Resumes refused because the ring no longer kept the events after the resume point (4410). */
    public long resumesRefused()
    {
        return resumesRefused.get();
    }

    /** Bytes queued for all connections and not yet written to their sockets. */
    public long pendingBytes()
    {
        return pendingBytes.get();
    }

    /** The most bytes any one connection has had queued and not yet written. */
    public long peakPendingBytes()
    {
        return peakPendingBytes.get();
    }

    Context context()
    {
        return context;
    }

    Authenticator authenticator()
    {
        return authenticator;
    }

    /** The lock of the ring and the subscriber lists. */
    Object lock()
    {
        return ring;
    }

    /** The ring; only under {@link #lock()}. */
    EventRing ring()
    {
        return ring;
    }

    /** Registers a connection for its tenant's live events; only under {@link #lock()}. */
    void subscribe(final int tenantId, final StreamConnection connection)
    {
        subscribers.computeIfAbsent(tenantId, id -> new ArrayList<>()).add(connection);
        subscribed.incrementAndGet();
    }

    void unsubscribe(final int tenantId, final StreamConnection connection)
    {
        synchronized (ring)
        {
            final List<StreamConnection> connections = subscribers.get(tenantId);
            if (connections != null && connections.remove(connection))
            {
                subscribed.decrementAndGet();
                if (connections.isEmpty())
                {
                    subscribers.remove(tenantId);
                }
            }
        }
    }

    LatestQuote latestQuote(final String symbol)
    {
        return quotes.get(symbol);
    }

    /** The status frame, built at most twice an interval however many connections ask; null when it failed. */
    byte[] statusFrame()
    {
        final long now = System.nanoTime();
        final long maxAgeNanos = context.statusIntervalMs() * 500_000L;
        StatusFrame frame = statusFrame;
        if (frame == null || now - frame.atNanos() >= maxAgeNanos)
        {
            synchronized (statusLock)
            {
                frame = statusFrame;
                if (frame == null || now - frame.atNanos() >= maxAgeNanos)
                {
                    final Map<String, Object> json = new LinkedHashMap<>();
                    json.put("type", "status");
                    try
                    {
                        json.putAll(status.get());
                        frame = new StatusFrame(Json.write(json), now);
                    }
                    catch (final RuntimeException ex)
                    {
                        // A status that cannot be read is not sent; the next interval tries again.
                        frame = new StatusFrame(null, now);
                    }
                    statusFrame = frame;
                }
            }
        }
        return frame.bytes();
    }

    void connectionOpened()
    {
        connections.incrementAndGet();
    }

    void connectionClosed()
    {
        connections.decrementAndGet();
    }

    void closedWith(final int code)
    {
        switch (code)
        {
            case StreamConnection.CLOSE_TOO_SLOW -> slowConsumerDrops.incrementAndGet();
            case StreamConnection.CLOSE_NOT_AUTHENTICATED -> authFailures.incrementAndGet();
            case StreamConnection.CLOSE_BAD_MESSAGE -> badMessages.incrementAndGet();
            case StreamConnection.CLOSE_RESUME_NOT_KEPT -> resumesRefused.incrementAndGet();
            default ->
            {
            }
        }
    }

    void pendingChanged(final long delta, final long connectionPending)
    {
        pendingBytes.addAndGet(delta);
        if (connectionPending > peakPendingBytes.get())
        {
            peakPendingBytes.accumulateAndGet(connectionPending, Math::max);
        }
    }

    /**
     * The stream's settings, each from a {@code gateway.stream.*} system property or its default.
     */
    public static final class Context
    {
        /** Events kept for resuming connections, all tenants together. */
        public static final String RING_EVENTS_PROP_NAME = "tradingcore.gateway.stream.ringEvents";
        public static final int RING_EVENTS_DEFAULT = 65_536;
        /**
         * The most bytes a connection may have waiting (queued and not yet written to its socket); beyond it the
         * connection is closed with 4408 and its queue dropped. Sizes take {@code k} and {@code m}.
         */
        public static final String MAX_PENDING_BYTES_PROP_NAME = "tradingcore.gateway.stream.maxPendingBytes";
        public static final int MAX_PENDING_BYTES_DEFAULT = 1024 * 1024;
        /** How long a new connection has to send its {@code auth} message. */
        public static final String AUTH_TIMEOUT_MS_PROP_NAME = "tradingcore.gateway.stream.authTimeoutMs";
        public static final long AUTH_TIMEOUT_MS_DEFAULT = 5_000;
        /** A connection gets at most one quote per symbol per interval, the latest. */
        public static final String QUOTE_INTERVAL_MS_PROP_NAME = "tradingcore.gateway.stream.quoteIntervalMs";
        public static final long QUOTE_INTERVAL_MS_DEFAULT = 100;
        /** How often a subscribed connection gets a {@code status} frame. */
        public static final String STATUS_INTERVAL_MS_PROP_NAME = "tradingcore.gateway.stream.statusIntervalMs";
        public static final long STATUS_INTERVAL_MS_DEFAULT = 1_000;
        /**
         * How long the server waits, after its close frame, for the connection to take it before closing the socket
         * (a client that reads nothing never takes it).
         */
        public static final String CLOSE_TIMEOUT_MS_PROP_NAME = "tradingcore.gateway.stream.closeTimeoutMs";
        public static final long CLOSE_TIMEOUT_MS_DEFAULT = 5_000;

        private boolean concluded;
        private int ringEvents = SystemProperties.intValue(RING_EVENTS_PROP_NAME, RING_EVENTS_DEFAULT);
        private int maxPendingBytes = SystemProperties.sizeValue(MAX_PENDING_BYTES_PROP_NAME,
            MAX_PENDING_BYTES_DEFAULT);
        private long authTimeoutMs = SystemProperties.longValue(AUTH_TIMEOUT_MS_PROP_NAME, AUTH_TIMEOUT_MS_DEFAULT);
        private long quoteIntervalMs =
            SystemProperties.longValue(QUOTE_INTERVAL_MS_PROP_NAME, QUOTE_INTERVAL_MS_DEFAULT);
        private long statusIntervalMs =
            SystemProperties.longValue(STATUS_INTERVAL_MS_PROP_NAME, STATUS_INTERVAL_MS_DEFAULT);
        private long closeTimeoutMs = SystemProperties.longValue(CLOSE_TIMEOUT_MS_PROP_NAME, CLOSE_TIMEOUT_MS_DEFAULT);

        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (ringEvents < 1 || ringEvents > 1 << 24)
            {
                throw new IllegalStateException(RING_EVENTS_PROP_NAME + " must be 1 to " + (1 << 24) + ": " +
                    ringEvents);
            }
            if (maxPendingBytes < 16 * 1024)
            {
                throw new IllegalStateException(MAX_PENDING_BYTES_PROP_NAME + " must be at least 16k: " +
                    maxPendingBytes);
            }
            positive(AUTH_TIMEOUT_MS_PROP_NAME, authTimeoutMs);
            positive(QUOTE_INTERVAL_MS_PROP_NAME, quoteIntervalMs);
            positive(STATUS_INTERVAL_MS_PROP_NAME, statusIntervalMs);
            positive(CLOSE_TIMEOUT_MS_PROP_NAME, closeTimeoutMs);
            concluded = true;
            return this;
        }

        private static void positive(final String name, final long value)
        {
            if (value < 1)
            {
                throw new IllegalStateException(name + " must be at least 1: " + value);
            }
        }

        private void settable()
        {
            if (concluded)
            {
                throw new IllegalStateException("context already concluded");
            }
        }

        public Context ringEvents(final int ringEvents)
        {
            settable();
            this.ringEvents = ringEvents;
            return this;
        }

        public int ringEvents()
        {
            return ringEvents;
        }

        public Context maxPendingBytes(final int maxPendingBytes)
        {
            settable();
            this.maxPendingBytes = maxPendingBytes;
            return this;
        }

        public int maxPendingBytes()
        {
            return maxPendingBytes;
        }

        public Context authTimeoutMs(final long authTimeoutMs)
        {
            settable();
            this.authTimeoutMs = authTimeoutMs;
            return this;
        }

        public long authTimeoutMs()
        {
            return authTimeoutMs;
        }

        public Context quoteIntervalMs(final long quoteIntervalMs)
        {
            settable();
            this.quoteIntervalMs = quoteIntervalMs;
            return this;
        }

        public long quoteIntervalMs()
        {
            return quoteIntervalMs;
        }

        public Context statusIntervalMs(final long statusIntervalMs)
        {
            settable();
            this.statusIntervalMs = statusIntervalMs;
            return this;
        }

        public long statusIntervalMs()
        {
            return statusIntervalMs;
        }

        public Context closeTimeoutMs(final long closeTimeoutMs)
        {
            settable();
            this.closeTimeoutMs = closeTimeoutMs;
            return this;
        }

        public long closeTimeoutMs()
        {
            return closeTimeoutMs;
        }
    }
}
