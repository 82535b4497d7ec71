package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.FrameAssembler;
import io.tradingcore.bridge.protocol.FrameWriter;
import io.tradingcore.bridge.protocol.Hello;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A terminal connection with no rules of its own, for tests that abuse the bridge: it sends whatever bytes
 * or frames it is given, in whatever order, and reads back whole frames with a timeout. Blocking; one
 * thread at a time.
 */
public final class RawTerminalConnection implements AutoCloseable
{
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameAssembler assembler;
    private final ArrayDeque<ReceivedFrame> received = new ArrayDeque<>();
    private final byte[] readChunk = new byte[64 * 1024];
    private final UnsafeBuffer readView = new UnsafeBuffer(readChunk);
    private final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(1024);
    private boolean closedByPeer;

    private RawTerminalConnection(final Socket socket, final int maxFrameBytes) throws IOException
    {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.assembler = new FrameAssembler(maxFrameBytes);
    }

    public static RawTerminalConnection connect(final String host, final int port, final Duration timeout)
        throws IOException
    {
        return connect(host, port, timeout, Frame.DEFAULT_MAX_FRAME_BYTES);
    }

    /** {@code maxFrameBytes} bounds the frames it accepts from the bridge. */
    public static RawTerminalConnection connect(
        final String host, final int port, final Duration timeout, final int maxFrameBytes) throws IOException
    {
        final Socket socket = new Socket();
        try
        {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int)timeout.toMillis());
            return new RawTerminalConnection(socket, maxFrameBytes);
        }
        catch (final IOException ex)
        {
            socket.close();
            throw ex;
        }
    }

    public void send(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    public void send(final DirectBuffer buffer, final int offset, final int length) throws IOException
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        send(bytes);
    }

    public void sendHello(final Hello hello) throws IOException
    {
        send(frame, 0, FrameWriter.hello(frame, 0, hello));
    }

    public void sendHeartbeat(final long ack) throws IOException
    {
        send(frame, 0, FrameWriter.heartbeat(frame, 0, ack, System.nanoTime(), 0));
    }

    /** A TICKS frame of one tick. */
    public void sendTick(
        final long seq, final long ack, final int symbolIndex, final long timeMsc, final long bid, final long ask)
        throws IOException
    {
        final int length = FrameWriter.ticks(frame, 0, seq, ack, 1);
        FrameWriter.tick(frame, 0, 0, symbolIndex, timeMsc, bid, ask, 0, 0, 6);
        send(frame, 0, length);
    }

    public void sendError(final int code, final String text) throws IOException
    {
        send(frame, 0, FrameWriter.error(frame, 0, code, text));
    }

    /**
     * The next whole frame from the bridge, or null when none arrived within {@code timeout} or the bridge
     * closed the connection (see {@link #isClosedByPeer()}).
     *
     * @throws io.tradingcore.bridge.protocol.ProtocolException when the bridge sent an out-of-range length
     */
    public ReceivedFrame readFrame(final Duration timeout) throws IOException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (received.isEmpty() && !closedByPeer)
        {
            final long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0)
            {
                return null;
            }
            socket.setSoTimeout((int)Math.min(Integer.MAX_VALUE, remainingMs));
            final int read;
            try
            {
                read = in.read(readChunk);
            }
            catch (final SocketTimeoutException ex)
            {
                return null;
            }
            catch (final SocketException ex)
            {
                closedByPeer = true;
                break;
            }
            if (read < 0)
            {
                closedByPeer = true;
                break;
            }
            assembler.feed(readView, 0, read, this::onFrame);
        }
        return received.pollFirst();
    }

    /**
     * Reads (and drops) frames until the bridge closes the connection; false if it is still open after {@code
     * timeout}.
     */
    public boolean awaitClosedByPeer(final Duration timeout) throws IOException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!closedByPeer)
        {
            final long remaining = deadline - System.nanoTime();
            if (remaining <= 0)
            {
                return false;
            }
            readFrame(Duration.ofNanos(remaining));
        }
        return true;
    }

    /** The bridge closed or reset the connection (seen by a read). */
    public boolean isClosedByPeer()
    {
        return closedByPeer;
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }

    private void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        received.addLast(new ReceivedFrame(buffer.getShort(offset + Frame.TYPE_OFFSET,
            ByteOrder.LITTLE_ENDIAN) & 0xFFFF,
            buffer.getLong(offset + Frame.SEQ_OFFSET, ByteOrder.LITTLE_ENDIAN),
            buffer.getLong(offset + Frame.ACK_OFFSET, ByteOrder.LITTLE_ENDIAN), bytes));
    }
}
