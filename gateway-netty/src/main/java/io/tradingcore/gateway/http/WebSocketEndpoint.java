package io.tradingcore.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/** A path where HTTP upgrades to a WebSocket; the endpoint authenticates and does the handshake itself. */
public interface WebSocketEndpoint
{
    /** The path it answers on, such as {@code /stream}. */
    String path();

    /**
     * Takes over the connection: authenticates the request, does the handshake and puts its own handlers on the
     * channel's pipeline, or answers an error. Runs on the channel's event loop; must not block.
     */
    void upgrade(ChannelHandlerContext ctx, FullHttpRequest request);
}
