package io.tradingcore.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Subscribers of a WebSocket, all on one Netty client (two event-loop threads): each connects, sends its opening
 * messages once the handshake is done (for the gateway's {@code /stream}: auth with the token, then subscribe), and
 * counts the text frames that are events ({@code {"type":"event"...}}), noting the first and last one's arrival. The
 * same client reads the gateway's stream and the raw Netty writes of the baseline.
 */
final class StreamSubscribers implements AutoCloseable
{
    private static final byte[] EVENT = "{\"type\":\"event\"".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong eventBytes = new AtomicLong();
    private final Map<Integer, Integer> closes = new TreeMap<>();

    StreamSubscribers(final URI uri, final int count, final List<String> openingMessages) throws InterruptedException
    {
        final CountDownLatch ready = new CountDownLatch(count);
        final Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true);
        for (int i = 0; i < count; i++)
        {
            final Subscriber subscriber = new Subscriber(openingMessages, ready);
            subscribers.add(subscriber);
            final Channel channel = bootstrap.handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel channel)
                {
                    channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                        new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                            .webSocketUri(uri).handleCloseFrames(false).maxFramePayloadLength(1 << 20).build()),
                        subscriber);
                }
            }).connect(uri.getHost(), uri.getPort()).sync().channel();
            subscriber.channel = channel;
        }
        if (!ready.await(30, TimeUnit.SECONDS))
        {
            throw new IllegalStateException(ready.getCount() + " of " + count + " WebSocket handshakes not done");
        }
    }

    /** Forgets the counts so far. */
    void reset()
    {
        for (final Subscriber subscriber : subscribers)
        {
            subscriber.channel.eventLoop().submit(subscriber::reset).syncUninterruptibly();
        }
        events.set(0);
        eventBytes.set(0);
    }

    /** Event frames received by all subscribers since the last {@link #reset}. */
    long events()
    {
        return events.get();
    }

    /** Bytes of those frames' payloads. */
    long eventBytes()
    {
        return eventBytes.get();
    }

    /** Waits until the subscribers together have {@code total} event frames, or until none came for {@code quietMs}. */
    void awaitEvents(final long total, final long quietMs) throws InterruptedException
    {
        long seen = events.get();
        long quietSince = System.nanoTime();
        while (seen < total && System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(quietMs))
        {
            Thread.sleep(5);
            final long now = events.get();
            if (now != seen)
            {
                seen = now;
                quietSince = System.nanoTime();
            }
        }
    }

    /** Nanoseconds from the first event frame any subscriber got to the last one any got. */
    long spanNanos()
    {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (final Subscriber subscriber : subscribers)
        {
            final long[] times = subscriber.channel.eventLoop().submit(() -> new long[] {subscriber.firstNs,
                subscriber.lastNs}).syncUninterruptibly().getNow();
            if (times[0] != 0)
            {
                first = Math.min(first, times[0]);
                last = Math.max(last, times[1]);
            }
        }
        return first == Long.MAX_VALUE ? 0 : last - first;
    }

    /** The fewest event frames any subscriber has got so far (read without stopping the event loops). */
    long least()
    {
        long least = Long.MAX_VALUE;
        for (int i = 0, size = subscribers.size(); i < size; i++)
        {
            least = Math.min(least, subscribers.get(i).count);
        }
        return least;
    }

    /** The fewest and most event frames one subscriber got. */
    long[] leastAndMost()
    {
        long least = Long.MAX_VALUE;
        long most = 0;
        for (final Subscriber subscriber : subscribers)
        {
            final long count = subscriber.channel.eventLoop().submit(() -> subscriber.count).syncUninterruptibly()
                .getNow();
            least = Math.min(least, count);
            most = Math.max(most, count);
        }
        return new long[] {least, most};
    }

    /** Close codes the server sent, with how many connections got each. */
    synchronized Map<Integer, Integer> closes()
    {
        return new TreeMap<>(closes);
    }

    private synchronized void closed(final int code)
    {
        closes.merge(code, 1, Integer::sum);
    }

    private final class Subscriber extends SimpleChannelInboundHandler<WebSocketFrame>
    {
        private final List<String> openingMessages;
        private final CountDownLatch ready;
        private Channel channel;
        /** Written by the connection's event loop only; read by the feeder's flow control. */
        private volatile long count;
        private long firstNs;
        private long lastNs;

        Subscriber(final List<String> openingMessages, final CountDownLatch ready)
        {
            this.openingMessages = openingMessages;
            this.ready = ready;
        }

        @Override
        public boolean isSharable()
        {
            return false;
        }

        void reset()
        {
            count = 0;
            firstNs = 0;
            lastNs = 0;
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event)
        {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
            {
                for (final String message : openingMessages)
                {
                    ctx.write(new TextWebSocketFrame(message));
                }
                ctx.flush();
                ready.countDown();
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
        {
            if (frame instanceof TextWebSocketFrame && startsWith(frame.content(), EVENT))
            {
                final long now = System.nanoTime();
                if (count == 0)
                {
                    firstNs = now;
                }
                lastNs = now;
                count++;
                events.incrementAndGet();
                eventBytes.addAndGet(frame.content().readableBytes());
            }
            else if (frame instanceof CloseWebSocketFrame close)
            {
                closed(close.statusCode());
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            ctx.close();
        }
    }

    private static boolean startsWith(final ByteBuf content, final byte[] prefix)
    {
        if (content.readableBytes() < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (content.getByte(content.readerIndex() + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close()
    {
        for (final Subscriber subscriber : subscribers)
        {
            subscriber.channel.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
