package io.tradingcore.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The floor under the gateway's fan-out: a Netty WebSocket server with as many event-loop threads as the gateway's,
 * whose connections, once told, each write the same frame a given number of times on their own event loop, as fast
 * as the socket takes them (writes while the channel is writable, a flush after each run of writes, on again when it
 * is writable). No serialization, no queue between threads, no per-tenant bookkeeping: raw Netty WebSocket writes.
 */
final class RawWebSocketServer implements AutoCloseable
{
    static final String PATH = "/raw";

    private final EventLoopGroup workers;
    private final Channel server;
    private final List<Writer> writers = new CopyOnWriteArrayList<>();

    RawWebSocketServer(final int ioThreads) throws InterruptedException
    {
        workers = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(workers).channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel channel)
                {
                    channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                        new WebSocketServerProtocolHandler(PATH), new Writer());
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
    }

    URI uri()
    {
        return URI.create("ws://127.0.0.1:" + ((InetSocketAddress)server.localAddress()).getPort() + PATH);
    }

    int connections()
    {
        return writers.size();
    }

    /** Every connection writes {@code frame} {@code times} times from now on. */
    void writeToAll(final byte[] frame, final long times)
    {
        for (final Writer writer : writers)
        {
            writer.ctx.executor().execute(() -> writer.start(frame, times));
        }
    }

    private final class Writer extends ChannelInboundHandlerAdapter
    {
        private ChannelHandlerContext ctx;
        private byte[] frame;
        private long remaining;

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event)
        {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete)
            {
                this.ctx = ctx;
                writers.add(this);
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object message)
        {
            // The subscribers' opening messages, if any, are read and dropped.
            io.netty.util.ReferenceCountUtil.release(message);
        }

        void start(final byte[] frame, final long times)
        {
            this.frame = frame;
            this.remaining = times;
            pump();
        }

        private void pump()
        {
            boolean wrote = false;
            while (remaining > 0 && ctx.channel().isWritable())
            {
                ctx.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), ctx.voidPromise());
                remaining--;
                wrote = true;
            }
            if (wrote)
            {
                ctx.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(final ChannelHandlerContext ctx)
        {
            if (ctx.channel().isWritable())
            {
                pump();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            writers.remove(this);
            ctx.fireChannelInactive();
        }
    }

    @Override
    public void close()
    {
        server.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
