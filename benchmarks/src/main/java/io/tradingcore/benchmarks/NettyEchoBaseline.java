package io.tradingcore.benchmarks;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The floor under the bridge's tick-to-order latency: the {@link NettyEchoServer} on loopback, and a client that
 * sends 72-byte messages (an ORDER frame's body) on a fixed schedule and times each echo from the message's due
 * time. The client is a blocking socket with a sender and a reader thread, as the
 * bridge benchmark's terminal is, so the two figures differ only by what the bridge and core add.
 */
final class NettyEchoBaseline implements AutoCloseable
{
    static final int MESSAGE_BYTES = 72;
    private static final int MAX_BATCH = 64;

    private final NettyEchoServer server;

    NettyEchoBaseline() throws InterruptedException
    {
        server = new NettyEchoServer();
    }

    /** Sends {@code warmup + measured} messages at {@code rate} per second; the histogram holds the measured ones. */
    Histogram run(final long rate, final long warmup, final long measured) throws Exception
    {
        final long total = warmup + measured;
        final Histogram histogram = new Histogram(60_000_000_000L, 3);
        try (Socket socket = new Socket())
        {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            final FixedSchedule schedule = new FixedSchedule(System.nanoTime() + 10_000_000, rate);
            final Thread reader = new Thread(() -> read(socket, schedule, warmup, total, histogram), "echo-reader");
            reader.start();
            send(socket.getOutputStream(), schedule, total);
            reader.join(30_000);
            if (reader.isAlive())
            {
                throw new IllegalStateException("echo reader did not get all " + total + " messages back");
            }
        }
        return histogram;
    }

    private static void send(final OutputStream out, final FixedSchedule schedule, final long total)
        throws IOException
    {
        final ByteBuffer batch = ByteBuffer.allocate(MAX_BATCH * MESSAGE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long next = 0;
        while (next < total)
        {
            schedule.awaitDue(next);
            // Everything already due goes in one write, as a terminal batches ticks when it falls behind.
            final int count = schedule.dueCount(next, total, MAX_BATCH);
            batch.clear();
            for (int i = 0; i < count; i++)
            {
                batch.putLong(i * MESSAGE_BYTES, next + i);
            }
            out.write(batch.array(), 0, count * MESSAGE_BYTES);
            next += count;
        }
        out.flush();
    }

    private static void read(
        final Socket socket, final FixedSchedule schedule, final long warmup, final long total,
        final Histogram histogram)
    {
        final byte[] chunk = new byte[64 * 1024];
        final ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        long received = 0;
        int filled = 0;
        try
        {
            final InputStream in = socket.getInputStream();
            while (received < total)
            {
                final int read = in.read(chunk, filled, chunk.length - filled);
                if (read < 0)
                {
                    return;
                }
                filled += read;
                final long now = System.nanoTime();
                int at = 0;
                while (filled - at >= MESSAGE_BYTES)
                {
                    final long index = view.getLong(at);
                    if (index >= warmup)
                    {
                        histogram.recordValue(Math.max(0, now - schedule.dueNs(index)));
                    }
                    received++;
                    at += MESSAGE_BYTES;
                }
                System.arraycopy(chunk, at, chunk, 0, filled - at);
                filled -= at;
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("echo client read failed", ex);
        }
    }

    @Override
    public void close()
    {
        server.close();
    }
}
