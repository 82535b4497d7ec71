package io.tradingcore.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
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
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The floor under the gateway's order submit: a Netty HTTP server with the gateway's codec and aggregator and as many
 * event-loop threads, whose one handler answers every request with the same small JSON, the size of the gateway's
 * accept, on the event loop. What the gateway adds over it is routing, the token, the rate limits, JSON, and the round
 * trip through the core.
 */
final class TrivialHttpServer implements AutoCloseable
{
    static final byte[] ANSWER = ("{\"status\":\"accepted\",\"orderId\":1000001,\"clientOrderId\":1000001," +
        "\"sequence\":1000001}").getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup workers;
    private final Channel server;

    TrivialHttpServer(final int ioThreads) throws InterruptedException
    {
        workers = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(workers).channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel channel)
                {
                    channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                        new Answer());
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
    }

    int port()
    {
        return ((InetSocketAddress)server.localAddress()).getPort();
    }

    private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest>
    {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
        {
            final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(ANSWER));
            response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, ANSWER.length);
            ctx.writeAndFlush(response);
        }
    }

    @Override
    public void close()
    {
        server.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
