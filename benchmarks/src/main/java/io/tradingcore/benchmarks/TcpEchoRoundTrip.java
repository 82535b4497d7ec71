package io.tradingcore.benchmarks;

import org.HdrHistogram.Histogram;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The round trip through {@link NettyEchoServer} at a fixed rate: a plain blocking socket (as an MT5 terminal's
 * Expert Advisor has) writes fixed-size frames on the load's schedule, a reader thread reads the echoes back. The
 * frame carries the event's index in its first four bytes.
 */
final class TcpEchoRoundTrip
{
    private final int frameLength;

    TcpEchoRoundTrip(final int frameLength)
    {
        this.frameLength = frameLength;
    }

    Histogram run(final FixedRateLoad load) throws Exception
    {
        try (NettyEchoServer server = new NettyEchoServer();
            Socket socket = new Socket())
        {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final OutputStream out = socket.getOutputStream();
            final Thread reader = AeronIpcPing.daemon("tcp-echo-reader", () ->
            {
                final byte[] frame = new byte[frameLength];
                final ByteBuffer view = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
                try
                {
                    for (int i = 0; i < load.events(); i++)
                    {
                        in.readFully(frame);
                        load.onResponse(view.getInt(0));
                    }
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException("echo read failed", ex);
                }
            });
            final byte[] frame = new byte[frameLength];
            final ByteBuffer view = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
            final Histogram histogram = load.run((index, intendedNs) ->
            {
                view.putInt(0, index);
                out.write(frame);
            }, TimeUnit.SECONDS.toNanos(30));
            reader.join(TimeUnit.SECONDS.toMillis(5));
            return histogram;
        }
    }
}
