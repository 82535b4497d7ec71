package io.tradingcore.gateway.dashboard;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.tradingcore.gateway.http.WebSocketEndpoint;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code /stream} that a test speaks for: it keeps the frames the page sends and sends the frames the test writes,
 * so that a test can play the gateway's part of the protocol (events, quotes, status, close codes) before the
 * gateway's own stream exists. It authenticates no one.
 */
final class ScriptedStream implements WebSocketEndpoint
{
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Channel current;

    @Override
    public String path()
    {
        return "/stream";
    }

    @Override
    public void upgrade(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
            "ws://" + request.headers().get("Host") + path(), null, false, 1 << 20).newHandshaker(request);
        if (handshaker == null)
        {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ctx.pipeline().remove("aggregator");
        ctx.pipeline().remove("dispatch");
        ctx.pipeline().addLast("frames", new SimpleChannelInboundHandler<WebSocketFrame>()
        {
            @Override
            protected void channelRead0(final ChannelHandlerContext frameCtx, final WebSocketFrame frame)
            {
                if (frame instanceof TextWebSocketFrame text)
                {
                    received.add(text.text());
                }
                else if (frame instanceof CloseWebSocketFrame)
                {
                    frameCtx.close();
                }
            }
        });
        current = ctx.channel();
        connections.incrementAndGet();
        handshaker.handshake(ctx.channel(), request);
    }

    /** The next frame the page sent, waiting up to the timeout; fails when none came. */
    String nextReceived(final Duration timeout) throws InterruptedException
    {
        final String frame = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null)
        {
            throw new IllegalStateException("the page sent nothing within " + timeout);
        }
        return frame;
    }

    /** How many connections the page opened. */
    int connections()
    {
        return connections.get();
    }

    /** Sends a text frame on the page's current connection. */
    void send(final String frame)
    {
        current.writeAndFlush(new TextWebSocketFrame(frame)).syncUninterruptibly();
    }

    /** Closes the current connection as the gateway would, with a close code and reason. */
    void close(final int code, final String reason)
    {
        final Channel channel = current;
        current = null;
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE)
            .syncUninterruptibly();
    }
}
