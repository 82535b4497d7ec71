package io.tradingcore.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed-rate load of {@code POST /api/v1/orders} over a pool of keep-alive HTTP/1.1 connections from a Netty client,
 * with no pipelining: request {@code i} is due at {@link FixedSchedule#dueNs}; it goes out on a free connection, and
 * when none is free at its due time the sender waits for one, so the wait counts in its latency, which runs from the
 * due time to the whole answer's arrival (no coordinated omission). An answer that is not a 200 saying
 * {@code "status":"accepted"} is an error, counted and kept as an example. The same client drives the gateway and the
 * trivial Netty handler of the baseline.
 */
final class HttpOrderLoad implements AutoCloseable
{
    private static final byte[] ACCEPTED = "\"status\":\"accepted\"".getBytes(StandardCharsets.US_ASCII);
    private static final long ANSWER_TIMEOUT_S = 60;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Connection> connections = new ArrayList<>();
    private final BlockingQueue<Connection> free;
    private final String host;
    private final String token;
    private final String price;
    private long nextClientOrderId;

    /** What one run measured: latencies of the timed requests, and the answers that were not "accepted". */
    record Result(Histogram latencies, long requests, long errors, String exampleError, double achievedPerSecond)
    {
    }

    /**
     * @param port              the server's port on 127.0.0.1.
     * @param connections       the keep-alive connections in the pool.
     * @param token             the bearer token sent with every request.
     * @param price             the limit price of every order (a buy IOC under the market).
     * @param firstClientOrderId the first client order id; each request takes the next.
     */
    HttpOrderLoad(final int port, final int connections, final String token, final String price,
        final long firstClientOrderId) throws InterruptedException
    {
        this.host = "127.0.0.1:" + port;
        this.token = token;
        this.price = price;
        this.nextClientOrderId = firstClientOrderId;
        this.free = new ArrayBlockingQueue<>(connections);
        final Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel channel)
                {
                    channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                        new Connection());
                }
            });
        for (int i = 0; i < connections; i++)
        {
            final Channel channel = bootstrap.connect("127.0.0.1", port).sync().channel();
            final Connection connection = channel.pipeline().get(Connection.class);
            this.connections.add(connection);
            free.add(connection);
        }
    }

    /** {@code warmup + measured} requests at {@code rate} a second; the result holds the measured ones. */
    Result run(final long rate, final long warmup, final long measured) throws InterruptedException
    {
        final long total = warmup + measured;
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(ANSWER_TIMEOUT_S), 3);
        final CountDownLatch answered = new CountDownLatch((int)total);
        final AtomicLong errors = new AtomicLong();
        final AtomicReference<String> example = new AtomicReference<>();
        final FixedSchedule schedule = new FixedSchedule(System.nanoTime() + 10_000_000, rate);
        final Run run = new Run(schedule, warmup, histogram, answered, errors, example);
        for (long i = 0; i < total; i++)
        {
            schedule.awaitDue(i);
            Connection connection = free.poll();
            if (connection == null)
            {
                connection = free.take();
            }
            connection.send(run, i, request(nextClientOrderId++));
        }
        if (!answered.await(ANSWER_TIMEOUT_S, TimeUnit.SECONDS))
        {
            throw new IllegalStateException(answered.getCount() + " of " + total + " requests unanswered after " +
                ANSWER_TIMEOUT_S + " s");
        }
        // From the first request's due time to the last answer: below the rate asked when the answers fell behind.
        final double achieved = total / ((System.nanoTime() - schedule.dueNs(0)) / 1e9);
        return new Result(histogram, histogram.getTotalCount(), errors.get(), example.get(), achieved);
    }

    private FullHttpRequest request(final long clientOrderId)
    {
        final byte[] body = ("{\"clientOrderId\":" + clientOrderId + ",\"accountId\":" + GatewayPlatform.ACCOUNT +
            ",\"symbol\":\"EURUSD\",\"side\":\"buy\",\"type\":\"limit\",\"timeInForce\":\"ioc\"," +
            "\"quantity\":\"0.01\",\"price\":\"" + price + "\"}").getBytes(StandardCharsets.US_ASCII);
        final FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
            "/api/v1/orders", Unpooled.wrappedBuffer(body));
        request.headers()
            .set(HttpHeaderNames.HOST, host)
            .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)
            .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
            .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        return request;
    }

    /** The state of one run, shared by the connections' handlers (all on the client's one event loop). */
    private record Run(FixedSchedule schedule, long warmup, Histogram histogram, CountDownLatch answered,
        AtomicLong errors, AtomicReference<String> example)
    {
    }

    /** One keep-alive connection, one request at a time; back into the pool when its answer is in. */
    private final class Connection extends SimpleChannelInboundHandler<FullHttpResponse>
    {
        private Channel channel;
        private Run run;
        private long index;

        @Override
        public void handlerAdded(final ChannelHandlerContext ctx)
        {
            channel = ctx.channel();
        }

        void send(final Run run, final long index, final FullHttpRequest request)
        {
            this.run = run;
            this.index = index;
            channel.writeAndFlush(request).addListener(written ->
            {
                if (!written.isSuccess())
                {
                    channel.close();
                }
            });
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpResponse response)
        {
            final long now = System.nanoTime();
            final Run current = run;
            if (current == null)
            {
                return;
            }
            if (index >= current.warmup())
            {
                current.histogram().recordValue(Math.min(Math.max(0, now - current.schedule().dueNs(index)),
                    current.histogram().getHighestTrackableValue()));
            }
            if (response.status().code() != 200 || !contains(response.content(), ACCEPTED))
            {
                current.errors().incrementAndGet();
                current.example().compareAndSet(null, response.status().code() + " " +
                    response.content().toString(StandardCharsets.UTF_8));
            }
            run = null;
            free.add(this);
            current.answered().countDown();
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            final Run current = run;
            if (current != null)
            {
                run = null;
                current.errors().incrementAndGet();
                current.example().compareAndSet(null, "the server closed the connection");
                current.answered().countDown();
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            ctx.close();
        }
    }

    private static boolean contains(final ByteBuf content, final byte[] text)
    {
        final int end = content.writerIndex() - text.length;
        outer:
        for (int at = content.readerIndex(); at <= end; at++)
        {
            for (int i = 0; i < text.length; i++)
            {
                if (content.getByte(at + i) != text[i])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close()
    {
        for (final Connection connection : connections)
        {
            if (connection.channel != null)
            {
                connection.channel.close();
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
