package io.tradingcore.gateway.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The gateway's HTTP/1.1 server on Netty. It bounds what a caller can make it hold: request lines and headers (4 KiB
 * and 8 KiB), bodies ({@code maxBodyBytes}, else 413), the time a request may take to arrive in full
 * ({@code requestTimeoutMs}, against slow senders) and the time a connection may sit idle ({@code idleTimeoutMs}).
 * Routes run as {@link Router} says; every refusal is {@code {"error": reason}} with no stack trace.
 */
public final class HttpServer implements AutoCloseable
{
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_BYTES = 8192;

    private final Router router;
    private final Authenticator authenticator;
    private final RequestGuard guard;
    private final RequestObserver observer;
    private final WebSocketEndpoint webSocket;
    private final Consumer<Throwable> errorLog;
    private final EventLoopGroup group;
    private final Channel serverChannel;

    /**
     * Binds and starts serving.
     *
     * @param host             the address to bind, {@code 127.0.0.1} by default in the gateway.
     * @param port             the port; 0 picks a free one ({@link #port()}).
     * @param maxBodyBytes     the largest request body accepted.
     * @param requestTimeoutMs how long a request may take to arrive in full.
     * @param idleTimeoutMs    how long a connection may stay idle.
     * @param ioThreads        Netty's event loop threads.
     */
    public HttpServer(
        final String host, final int port, final int maxBodyBytes, final long requestTimeoutMs,
        final long idleTimeoutMs, final int ioThreads, final Router router, final Authenticator authenticator,
        final RequestGuard guard, final RequestObserver observer, final WebSocketEndpoint webSocket,
        final Consumer<Throwable> errorLog) throws InterruptedException
    {
        this.router = router;
        this.authenticator = authenticator;
        this.guard = guard;
        this.observer = observer;
        this.webSocket = webSocket;
        this.errorLog = errorLog;
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel channel)
                {
                    final ChannelPipeline pipeline = channel.pipeline();
                    pipeline.addLast("idle", new IdleStateHandler(0, 0, idleTimeoutMs, TimeUnit.MILLISECONDS));
                    pipeline.addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192));
                    pipeline.addLast("slow", new SlowRequestGuard(requestTimeoutMs));
                    pipeline.addLast("aggregator", new HttpObjectAggregator(maxBodyBytes));
                    pipeline.addLast("dispatch", new Dispatcher());
                }
            });
        try
        {
            serverChannel = bootstrap.bind(host, port).sync().channel();
        }
        catch (final InterruptedException | RuntimeException ex)
        {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw ex;
        }
    }

    /** The port bound. */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    @Override
    public void close()
    {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Closes a connection whose request has not arrived in full within the timeout, and any idle one. */
    private static final class SlowRequestGuard extends ChannelDuplexHandler
    {
        private final long timeoutMs;
        private ScheduledFuture<?> deadline;

        SlowRequestGuard(final long timeoutMs)
        {
            this.timeoutMs = timeoutMs;
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
        {
            if (msg instanceof HttpRequest && deadline == null)
            {
                deadline = ctx.executor().schedule(() ->
                {
                    ctx.close();
                }, timeoutMs, TimeUnit.MILLISECONDS);
            }
            if (msg instanceof LastHttpContent && deadline != null)
            {
                deadline.cancel(false);
                deadline = null;
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
        {
            if (event instanceof IdleStateEvent)
            {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) throws Exception
        {
            if (deadline != null)
            {
                deadline.cancel(false);
            }
            super.channelInactive(ctx);
        }
    }

    private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest>
    {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest message)
        {
            final long start = System.nanoTime();
            final boolean keepAlive = HttpUtil.isKeepAlive(message);
            if (!message.decoderResult().isSuccess())
            {
                write(ctx, keepAlive, Response.error(ApiException.badRequest("malformed HTTP request")));
                return;
            }
            final QueryStringDecoder uri = new QueryStringDecoder(message.uri());
            final String path = uri.path();
            if (webSocket != null && path.equals(webSocket.path()) &&
                message.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true))
            {
                ctx.pipeline().remove("slow");
                ctx.pipeline().remove("idle");
                webSocket.upgrade(ctx, message);
                return;
            }
            final String remote = ctx.channel().remoteAddress() instanceof InetSocketAddress address ?
                address.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
            final Request request = new Request(message.method(), path, uri.parameters(), message.headers(),
                ByteBufUtil.getBytes(message.content()), remote);
            final Map<String, String> answerHeaders = new HashMap<>();
            String pattern = "unmatched";
            CompletionStage<Response> answer;
            try
            {
                final Router.Match match = router.match(message.method(), path);
                pattern = match.route().pattern();
                request.pathParameters(match.parameters());
                if (match.route().role() != null)
                {
                    final Principal principal;
                    try
                    {
                        principal = authenticator.authenticate(bearerToken(message));
                    }
                    catch (final ApiException refused)
                    {
                        // A refused token spends from its address's bucket, so a flood of bad tokens is limited too.
                        guard.admit(request, answerHeaders);
                        throw refused;
                    }
                    principal.require(match.route().role());
                    request.principal(principal);
                }
                guard.admit(request, answerHeaders);
                answer = match.route().handler().handle(request);
            }
            catch (final Exception ex)
            {
                answer = java.util.concurrent.CompletableFuture.failedFuture(ex);
            }
            final String route = pattern;
            final String method = message.method().name();
            answer.whenComplete((response, failure) -> ctx.executor().execute(() ->
            {
                final Response out = failure == null ? response : errorResponse(failure);
                answerHeaders.forEach(out::header);
                write(ctx, keepAlive, out);
                observer.onAnswered(method, route, out.status(), System.nanoTime() - start);
            }));
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            ctx.close();
        }
    }

    private Response errorResponse(final Throwable failure)
    {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null)
        {
            cause = cause.getCause();
        }
        if (cause instanceof ApiException api)
        {
            return Response.error(api);
        }
        errorLog.accept(cause);
        return Response.error(new ApiException(500, "internal error"));
    }

    private static String bearerToken(final FullHttpRequest message)
    {
        final String header = message.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null)
        {
            throw ApiException.unauthorized("this needs an access token (Authorization: Bearer ...)");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() == 7)
        {
            throw ApiException.unauthorized("the Authorization header must be 'Bearer <access token>'");
        }
        return header.substring(7).trim();
    }

    private static void write(final ChannelHandlerContext ctx, final boolean keepAlive, final Response response)
    {
        final FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        if (response.contentType() != null)
        {
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        }
        out.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        out.headers().set("X-Content-Type-Options", "nosniff");
        out.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().forEach((name, value) -> out.headers().set(name, value));
        if (keepAlive)
        {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(out);
        }
        else
        {
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
