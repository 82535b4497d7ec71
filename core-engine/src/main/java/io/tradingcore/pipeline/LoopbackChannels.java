package io.tradingcore.pipeline;

import io.aeron.ChannelUri;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether an Aeron channel stays on this host: IPC, or UDP whose endpoint and interface are loopback addresses. */
final class LoopbackChannels
{
    private LoopbackChannels()
    {
    }

    static boolean isLocal(final String channel)
    {
        final ChannelUri uri = ChannelUri.parse(channel);
        if (uri.isIpc())
        {
            return true;
        }
        final String endpoint = uri.get("endpoint");
        final String control = uri.get("control");
        final String bound = endpoint != null ? endpoint : control;
        return bound != null && isLoopback(bound) && (uri.get("interface") == null || isLoopback(uri.get("interface")));
    }

    private static boolean isLoopback(final String hostAndPort)
    {
        final int colon = hostAndPort.lastIndexOf(':');
        String host = colon > 0 ? hostAndPort.substring(0, colon) : hostAndPort;
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        final int slash = host.indexOf('/');
        if (slash > 0)
        {
            host = host.substring(0, slash);
        }
        try
        {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (final UnknownHostException ex)
        {
            return false;
        }
    }
}
