package io.tradingcore.benchmarks;

import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.FrameAssembler;
import io.tradingcore.bridge.protocol.FrameType;
import io.tradingcore.bridge.protocol.FrameWriter;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A terminal that sends EURUSD ticks to the bridge on a fixed schedule and times each ORDER from the due time
 * of the tick that caused it (ORDER's causeTickTimeMsc names the tick: tick {@code i} carries the market time
 * {@code base + i} ms, so times are unique and increasing). Every ORDER is answered with a FILL at once, so the
 * core's open orders and position stay small. Ticks the harness wants traded carry a non-zero {@code last},
 * which {@link MarkedTickTrader} trades on.
 *
 * <p>A sender thread writes the ticks (everything due in one TICKS frame when it falls behind) and a reader
 * thread takes ORDER frames and writes the fills; both share the terminal's sequence under one lock.
 */
final class FixedRateTerminal implements AutoCloseable
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int MAX_BATCH = 64;
    private static final long BID = 110_000;
    private static final long ASK = 110_002;
    private static final int TRADE_RETCODE_DONE = 10009;
    private static final int EXEC_FILL = 2;
    private static final long HEARTBEAT_INTERVAL_NS = 500_000_000L;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final FrameAssembler assembler = new FrameAssembler(Frame.DEFAULT_MAX_FRAME_BYTES);
    private final ExpandableArrayBuffer tickFrame = new ExpandableArrayBuffer(MAX_BATCH * Frame.TICK_LENGTH + 64);
    private final ExpandableArrayBuffer fillFrame = new ExpandableArrayBuffer(256);
    private final byte[] readChunk = new byte[64 * 1024];
    private final UnsafeBuffer readView = new UnsafeBuffer(readChunk);
    private final long baseMsc;
    private long seq;
    private volatile long lastOrderSeq;
    private long dealId;
    private long nextTick;
    private volatile String failure;

    // Per run, read by the reader thread.
    private volatile FixedSchedule schedule;
    private volatile long runFirstTick;
    private volatile long runMeasuredFrom;
    private volatile long runEnd;
    private volatile Histogram histogram;
    private volatile long ordersInRun;
    private volatile boolean welcomed;
    private long framesInRun;
    private volatile int instrumentId;

    FixedRateTerminal(final int port, final long accountId, final String token, final long baseMsc)
        throws IOException, InterruptedException
    {
        this.baseMsc = baseMsc;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        out = socket.getOutputStream();
        in = socket.getInputStream();
        final Thread reader = new Thread(this::readLoop, "terminal-reader");
        reader.setDaemon(true);
        reader.start();
        final Hello hello = new Hello(1, Frame.HELLO_FLAG_RESET, 1, accountId, 0, 1, "bench-" + accountId, token,
            List.of(new TerminalSymbol("EURUSD", "EURUSD", 5, 3, 100_000, 100, 100, 1_000_000)), 0);
        synchronized (out)
        {
            out.write(tickFrame.byteArray(), 0, FrameWriter.hello(tickFrame, 0, hello));
            out.flush();
        }
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (!welcomed)
        {
            if (failure != null || System.nanoTime() > deadline)
            {
                throw new IllegalStateException("no WELCOME: " + failure);
            }
            Thread.sleep(1);
        }
    }

    /** Sends a HEARTBEAT: between runs the terminal sends nothing else, and the bridge closes a silent session. */
    void heartbeat() throws IOException
    {
        synchronized (out)
        {
            final int length = FrameWriter.heartbeat(tickFrame, 0, lastOrderSeq, System.nanoTime(), 0);
            out.write(tickFrame.byteArray(), 0, length);
            out.flush();
        }
    }

    /** The bridge accepted EURUSD in its WELCOME. */
    boolean accepted()
    {
        return instrumentId > 0;
    }

    /**
     * Sends {@code warmup + measured} ticks at {@code rate} per second, every {@code orderEvery}-th marked to
     * trade, waits for the last order, and answers the latency of the measured ticks' orders.
     */
    Histogram run(final long rate, final long warmup, final long measured, final int orderEvery)
        throws IOException, InterruptedException
    {
        final long first = nextTick;
        final long end = first + warmup + measured;
        final Histogram result = new Histogram(60_000_000_000L, 3);
        final FixedSchedule runSchedule = new FixedSchedule(System.nanoTime() + 10_000_000, rate);
        runFirstTick = first;
        runMeasuredFrom = first + warmup;
        runEnd = end;
        histogram = result;
        ordersInRun = 0;
        framesInRun = 0;
        schedule = runSchedule;
        // Marked ticks in [first, end): floorDiv, as tick 0 is marked and (0 - 1) / k would round towards zero.
        final long expectedOrders = Math.floorDiv(end - 1, orderEvery) - Math.floorDiv(first - 1, orderEvery);
        while (nextTick < end)
        {
            runSchedule.awaitDue(nextTick - first);
            final int count = runSchedule.dueCount(nextTick - first, end - first, MAX_BATCH);
            synchronized (out)
            {
                final int length = FrameWriter.ticks(tickFrame, 0, ++seq, lastOrderSeq, count);
                for (int i = 0; i < count; i++)
                {
                    final long tick = nextTick + i;
                    FrameWriter.tick(tickFrame, 0, i, 0, baseMsc + tick, BID, ASK, tick % orderEvery == 0 ? BID : 0,
                        0, 6);
                }
                out.write(tickFrame.byteArray(), 0, length);
                out.flush();
            }
            nextTick += count;
            framesInRun++;
            if (failure != null)
            {
                throw new IllegalStateException(failure);
            }
        }
        final long deadline = System.nanoTime() + 10_000_000_000L;
        long lastHeartbeat = System.nanoTime();
        while (ordersInRun < expectedOrders && System.nanoTime() < deadline && failure == null)
        {
            Thread.sleep(1);
            // Once the ticks end, heartbeats keep the session alive while the last orders come in, as MT5's would.
            if (System.nanoTime() - lastHeartbeat > HEARTBEAT_INTERVAL_NS)
            {
                lastHeartbeat = System.nanoTime();
                heartbeat();
            }
        }
        if (ordersInRun < expectedOrders)
        {
            throw new IllegalStateException("got " + ordersInRun + " of " + expectedOrders + " orders in 10 s after " +
                "the last tick (the core refuses orders that break a risk limit: they never reach a terminal); " +
                (failure == null ? "the session is up" : failure));
        }
        // Every order of the run is in; nothing else records into the histogram the caller reads now.
        schedule = null;
        return result;
    }

    /** TICKS frames the last run sent: fewer than its ticks when the sender fell behind and batched. */
    long framesInLastRun()
    {
        return framesInRun;
    }

    private void readLoop()
    {
        try
        {
            while (true)
            {
                final int read = in.read(readChunk);
                if (read < 0)
                {
                    failure = failure == null ? "the bridge closed the connection" : failure;
                    return;
                }
                final long now = System.nanoTime();
                assembler.feed(readView, 0, read, (buffer, offset, length) -> onFrame(buffer, offset, now));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            failure = failure == null ? ex.toString() : failure;
        }
    }

    private void onFrame(final DirectBuffer buffer, final int offset, final long now)
    {
        final int type = buffer.getShort(offset + Frame.TYPE_OFFSET, LE) & 0xFFFF;
        if (type == FrameType.WELCOME)
        {
            instrumentId = buffer.getInt(offset + Frame.WELCOME_SYMBOLS_OFFSET, LE);
            welcomed = true;
        }
        else if (type == FrameType.ERROR)
        {
            failure = "ERROR " + buffer.getShort(offset + Frame.ERROR_CODE_OFFSET, LE) + " from the bridge";
        }
        else if (type == FrameType.ORDER)
        {
            onOrder(buffer, offset, now);
        }
    }

    private void onOrder(final DirectBuffer buffer, final int offset, final long now)
    {
        final long orderSeq = buffer.getLong(offset + Frame.SEQ_OFFSET, LE);
        final long tick = buffer.getLong(offset + Frame.ORDER_CAUSE_TICK_TIME_OFFSET, LE) - baseMsc;
        final FixedSchedule runSchedule = schedule;
        if (runSchedule != null && tick >= runFirstTick && tick < runEnd)
        {
            if (tick >= runMeasuredFrom)
            {
                histogram.recordValue(Math.max(0, now - runSchedule.dueNs(tick - runFirstTick)));
            }
            ordersInRun++;
        }
        lastOrderSeq = orderSeq;
        final long orderId = buffer.getLong(offset + Frame.ORDER_ID_OFFSET, LE);
        final long quantity = buffer.getLong(offset + Frame.ORDER_QUANTITY_OFFSET, LE);
        final boolean buy = buffer.getByte(offset + Frame.ORDER_SIDE_OFFSET) == 0;
        try
        {
            synchronized (out)
            {
                final int length = FrameWriter.execution(fillFrame, 0, ++seq, orderSeq, orderId, EXEC_FILL,
                    TRADE_RETCODE_DONE, orderId, ++dealId, quantity, buy ? ASK : BID, 0, "");
                out.write(fillFrame.byteArray(), 0, length);
                out.flush();
            }
        }
        catch (final IOException ex)
        {
            failure = "fill not sent: " + ex;
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
