package io.tradingcore.projections.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder in front of the real server that a test can stop and start again on the same port: to a client it
 * is a server going down (connections cut, new ones refused) and coming back, without touching the shared server.
 */
final class TcpProxy implements AutoCloseable
{
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private int port;

    private TcpProxy(final String targetHost, final int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    static TcpProxy started(final String targetHost, final int targetPort) throws IOException
    {
        final TcpProxy proxy = new TcpProxy(targetHost, targetPort);
        proxy.start();
        return proxy;
    }

    int port()
    {
        return port;
    }

    /** Listens, on a free port the first time and on the same port after a {@link #stop()}. */
    void start() throws IOException
    {
        final ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = socket.getLocalPort();
        listener = socket;
        final Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Stops listening and cuts every connection. */
    void stop() throws IOException
    {
        listener.close();
        for (final Socket socket : sockets)
        {
            socket.close();
        }
        sockets.clear();
    }

    private void accept(final ServerSocket socket)
    {
        while (!socket.isClosed())
        {
            try
            {
                final Socket client = socket.accept();
                final Socket server = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
            }
            catch (final IOException ex)
            {
                return; // stopped
            }
        }
    }

    private void pump(final Socket from, final Socket to) throws IOException
    {
        final InputStream in = from.getInputStream();
        final OutputStream out = to.getOutputStream();
        final Thread thread = new Thread(() ->
        {
            final byte[] bytes = new byte[64 * 1024];
            try
            {
                for (int read = in.read(bytes); read >= 0; read = in.read(bytes))
                {
                    out.write(bytes, 0, read);
                    out.flush();
                }
            }
            catch (final IOException ex)
            {
                // one side closed: close both below
            }
            close(from);
            close(to);
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(final Socket socket)
    {
        try
        {
            socket.close();
        }
        catch (final IOException ex)
        {
            // already closed
        }
    }

    @Override
    public void close() throws IOException
    {
        stop();
    }
}
