package io.tradingcore.projections;

import java.io.IOException;
import java.net.BindException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between the sink and the real server, which the tests cannot stop: stopping the relay is the server
 * going down, and it can swallow the server's replies (the commands run, the sink never hears) or everything (a
 * server that hangs). Restarts on the same port, as a restarted server would.
 */
public final class TcpProxy implements AutoCloseable
{
    /** What the relay does with the bytes. */
    public enum Mode
    {
        FORWARD,
        /** Forwards requests, drops the replies. */
        DROP_REPLIES,
        /** Forwards nothing either way. */
        BLACK_HOLE
    }

    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.FORWARD;
    private volatile ServerSocket server;
    private int port;

    public TcpProxy(final String targetHost, final int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** A relay already listening. */
    public static TcpProxy started(final String targetHost, final int targetPort)
        throws IOException, InterruptedException
    {
        final TcpProxy proxy = new TcpProxy(targetHost, targetPort);
        proxy.start();
        return proxy;
    }

    public int port()
    {
        return port;
    }

    public void mode(final Mode mode)
    {
        this.mode = mode;
    }

    /**
     * Listens, on the port of the previous start if there was one. The port can stay taken for a moment after a
     * stop, while the kernel finishes with the cut connections: the bind is tried again for a few seconds.
     */
    public void start() throws IOException, InterruptedException
    {
        final ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (true)
        {
            try
            {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                break;
            }
            catch (final BindException ex)
            {
                if (System.nanoTime() > deadline)
                {
                    socket.close();
                    throw ex;
                }
                Thread.sleep(50);
            }
        }
        port = socket.getLocalPort();
        server = socket;
        final Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Stops listening and cuts every connection: the server is down. */
    public void stop()
    {
        final ServerSocket socket = server;
        server = null;
        closeQuietly(socket);
        sockets.forEach(TcpProxy::reset);
        sockets.clear();
    }

    @Override
    public void close()
    {
        stop();
    }

    private void accept(final ServerSocket socket)
    {
        while (!socket.isClosed())
        {
            try
            {
                final Socket client = socket.accept();
                final Socket target = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(target);
                pump(client, target, false);
                pump(target, client, true);
            }
            catch (final IOException ex)
            {
                // closed by stop(), or the target refused: the client sees its connection end
            }
        }
    }

    private void pump(final Socket from, final Socket to, final boolean replies)
    {
        final Thread thread = new Thread(() ->
        {
            final byte[] bytes = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream())
            {
                int read;
                while ((read = in.read(bytes)) >= 0)
                {
                    final Mode now = mode;
                    if (now == Mode.FORWARD || (now == Mode.DROP_REPLIES && !replies))
                    {
                        out.write(bytes, 0, read);
                        out.flush();
                    }
                }
            }
            catch (final IOException ex)
            {
                // a side closed
            }
            finally
            {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes with a reset, as a crashed server's kernel would, rather than the orderly close of a FIN. */
    private static void reset(final Socket socket)
    {
        try
        {
            socket.setSoLinger(true, 0);
        }
        catch (final IOException ex)
        {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        if (closeable != null)
        {
            try
            {
                closeable.close();
            }
            catch (final Exception ex)
            {
                // already closed
            }
        }
    }
}
