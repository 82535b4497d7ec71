package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.protocol.BridgeError;
import io.tradingcore.bridge.protocol.ErrorCode;
import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.FrameAssembler;
import io.tradingcore.bridge.protocol.FrameDecoder;
import io.tradingcore.bridge.protocol.FrameHandler;
import io.tradingcore.bridge.protocol.FrameType;
import io.tradingcore.bridge.protocol.FrameWriter;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.OrderFrame;
import io.tradingcore.bridge.protocol.ProtocolException;
import io.tradingcore.bridge.protocol.SymbolAnswer;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.bridge.protocol.Welcome;
import io.tradingcore.pipeline.ComponentErrors;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The terminal's state machine on its I/O thread: connect, HELLO, WELCOME, then replay ticks, execute ORDERs
 * and keep the sequence/ack/resend contract of PROTOCOL.md across any number of reconnects. One non-blocking
 * socket and a selector; the selector's timeout is the time to the next due tick, heartbeat or snapshot, so
 * an idle terminal sleeps instead of spinning. Everything but the request flags and the published state
 * belongs to the I/O thread.
 *
 * <p>Three behaviours of a real terminal can be switched on, each as the EA handles it: a slow start (reads see
 * nothing for a while after connecting, and the terminal keeps waiting), a re-initialisation (the EA's OnInit runs
 * again on a chart or input change: everything in its memory is reset and a HELLO with RESET follows) and late
 * deals ({@link LateDeals}).
 */
final class SimulatedTerminal implements FrameHandler
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final long MS = 1_000_000L;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /** How often a terminal in its slow start polls, as the EA's timer (InpTimerMs) does. */
    private static final long SLOW_START_POLL_NS = 20 * MS;
    /** After a RESET, NEW orders are first looked up by comment for this long (the EA's EA_RESET_RECONCILE_MS). */
    private static final long RESET_RECONCILE_NS = 10_000 * MS;
    /** How long OnDeinit waits for the socket to take what is already written. */
    private static final long DEINIT_FLUSH_NS = 1_000 * MS;
    private static final int TRADE_RETCODE_DONE = 10009;
    /** MT5's TRADE_RETCODE_TIMEOUT: the request was cancelled by timeout. */
    private static final int RETCODE_TIMEOUT = 10012;

    /** Why a connection ended; decides whether and how soon the terminal dials again. */
    private enum SessionEnd
    {
        PEER_CLOSED, IO_FAILED, PROTOCOL_ERROR, ERROR_RECEIVED, PLANNED_DROP, REQUESTED_DROP, HANDSHAKE_TIMEOUT,
        BRIDGE_SILENT, REFUSED, CLOSING, REINITIALISED
    }

    /** An execution held back because its deal's transaction has not reached the EA yet. */
    private record HeldReport(long orderId, int execType, int retcode, long venueOrderId, long dealId,
        long lastQuantity, long lastPrice, long commission, String text, long dueNs)
    {
        boolean isFill()
        {
            return execType == Frame.EXEC_FILL || execType == Frame.EXEC_PARTIAL_FILL;
        }
    }

    private enum State
    {
        DISCONNECTED, AWAITING_WELCOME, ACTIVE
    }

    private final TerminalSimulator.Context context;
    private final TerminalCounters counters;
    private final Consumer<String> log;
    private final ErrorHandler errorHandler;
    private final List<TerminalSymbol> helloSymbols;
    private final Selector selector;
    private final TickReplay replay;
    private final ResendWindow window;
    private final TickSendTimes sendTimes;
    private final NetPositions positions;
    private final TerminalVenue venue;
    private final DropPlan dropPlan;
    private final DropPlan reinitialisePlan;
    private final FrameRateLimit rateLimit = new FrameRateLimit();
    private final FrameDecoder decoder = new FrameDecoder();
    private final FrameAssembler assembler;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final UnsafeBuffer readView = new UnsafeBuffer(readBuffer);
    private final ByteBuffer outbound;
    private final UnsafeBuffer outboundView;
    private final ExpandableArrayBuffer control = new ExpandableArrayBuffer(1024);
    private final ArrayDeque<PendingOrder> pendingOrders = new ArrayDeque<>();
    private final ArrayDeque<PendingOrder> lateFills = new ArrayDeque<>();
    private final LongArrayQueue lateFillDueTicks = new LongArrayQueue(Long.MIN_VALUE);
    private final LongArrayQueue dropAfterSeqs = new LongArrayQueue(Long.MIN_VALUE);
    private final LongArrayQueue reinitialiseAfterSeqs = new LongArrayQueue(Long.MIN_VALUE);
    private final ArrayDeque<HeldReport> heldReports = new ArrayDeque<>();
    /** orderId -> MT5 ticket of every order the trade server holds or held: what FindOrderByComment finds. */
    private final Long2LongHashMap tickets = new Long2LongHashMap(0);
    /** Deal executions a re-initialisation carries into the new stream, as the EA finds them in history again. */
    private final ArrayList<byte[]> carriedDeals = new ArrayList<>();
    /** 48-byte tick records a re-initialisation carries: the EA pulls ticks again from its acknowledged cursor. */
    private final ExpandableArrayBuffer carriedTicks = new ExpandableArrayBuffer(4096);
    /** The net positions as of the last execution, for other threads. */
    private final AtomicLongArray publishedNetVolumes;
    private final Object monitor = new Object();

    private volatile boolean closeRequested;
    private volatile boolean dropRequested;
    private volatile boolean reinitialiseRequested;
    private volatile boolean active;
    private volatile boolean finished;
    private volatile boolean stopped;
    private volatile BridgeError failure;
    private volatile Welcome lastWelcome;

    private volatile RuntimeException crash;

    private SocketChannel channel;
    private SelectionKey key;
    /** With TLS on: the channel's reads and writes go through it. */
    private TlsLink tls;
    private State state = State.DISCONNECTED;
    /** Set by a frame handler that ends the session (an ERROR, a refusal); the rest of the bytes are ignored. */
    private SessionEnd endRequest;
    private boolean fresh = true;
    private long backoffMs;

    private long writeCursor = 1;
    private long highestWrittenSeq;
    private long lastOrderSeqReceived;
    private long lastOrderSeqExecuted;
    private long ackLastSent = -1;
    private long echoTimeNs;
    private long nextDropTick;
    private long nextReinitialiseTick;
    /** Frames up to this seq are resends of what a re-initialisation carried, not first writes. */
    private long carriedUpToSeq;
    private long reconcileUntilNs;
    private long connectedNs;
    private int carriedTickCount;
    private long newOrders;

    private long paceAnchorNs;
    private long paceFirstTickMsc;
    private boolean paced;
    private int batchLimit;
    private long heartbeatIntervalNs;
    private long bridgeSilenceNs;
    private long lastSentNs;
    private long lastReceivedNs;
    private long helloSentNs;
    private long nextSnapshotNs;
    private long nextWakeNs;
    private boolean wakeSet;

    SimulatedTerminal(final TerminalSimulator.Context context, final TerminalCounters counters) throws IOException
    {
        this.context = context;
        this.counters = counters;
        this.log = context.log();
        this.errorHandler = ComponentErrors.counting(context.errorCounter(), context.errorHandler());
        final List<TerminalSymbol> symbols = new ArrayList<>();
        context.symbols().forEach(s -> symbols.add(s.symbol()));
        this.helloSymbols = List.copyOf(symbols);
        this.replay = TickReplay.open(context.symbols(), context.serverTimeOffsetSeconds(), context.tickLimit());
        this.selector = Selector.open();
        this.window = new ResendWindow(context.resendWindowFrames());
        this.sendTimes = new TickSendTimes(context.latencyTickCapacity());
        this.positions = new NetPositions(symbols.size(), context.startingBalance(), context.leverage(),
            context.unknownPositionSymbol(), context.unknownPositionVolume());
        this.publishedNetVolumes = new AtomicLongArray(symbols.size());
        this.venue = new TerminalVenue(context.venueSettings(), context.symbols(), context.serverTimeOffsetSeconds(),
            context.tenantId(), context.accountId(), positions, this::onVenueExecution);
        venue.issueTicketsFrom(context.firstTicket());
        this.dropPlan = context.dropPlan();
        this.nextDropTick = dropPlan.nextAtOrAfter(0);
        this.reinitialisePlan = context.reinitialisePlan();
        this.nextReinitialiseTick = reinitialisePlan.nextAtOrAfter(0);
        this.assembler = new FrameAssembler(context.maxFrameBytes());
        this.outbound = ByteBuffer.allocateDirect(2 * context.maxFrameBytes());
        this.outboundView = new UnsafeBuffer(outbound);
        this.backoffMs = context.reconnectBackoffMinMs();
    }

    // ---------------------------------------------------------------- other threads

    void requestDrop()
    {
        dropRequested = true;
        selector.wakeup();
    }

    void requestReinitialise()
    {
        reinitialiseRequested = true;
        selector.wakeup();
    }

    void requestClose()
    {
        closeRequested = true;
        selector.wakeup();
    }

    boolean isActive()
    {
        return active;
    }

    boolean isFinished()
    {
        return finished;
    }

    long netVolume(final int symbolIndex)
    {
        return publishedNetVolumes.get(symbolIndex);
    }

    BridgeError failure()
    {
        return failure;
    }

    Welcome lastWelcome()
    {
        return lastWelcome;
    }

    boolean awaitFinished(final long timeoutNs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeoutNs;
        synchronized (monitor)
        {
            while (!finished && !stopped)
            {
                final long remaining = deadline - System.nanoTime();
                if (remaining <= 0)
                {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, remaining);
            }
        }
        if (failure != null)
        {
            throw new TerminalRefusedException(failure);
        }
        if (crash != null)
        {
            throw new IllegalStateException("terminal simulator failed", crash);
        }
        return finished;
    }

    // ---------------------------------------------------------------- the I/O thread

    void run()
    {
        try
        {
            while (!closeRequested && failure == null)
            {
                if (connect())
                {
                    final SessionEnd end = session();
                    if (end == SessionEnd.REINITIALISED)
                    {
                        flushBeforeDeinit();
                    }
                    disconnect(end);
                    if (end == SessionEnd.REFUSED || end == SessionEnd.CLOSING)
                    {
                        break;
                    }
                    if (end == SessionEnd.REINITIALISED)
                    {
                        // OnInit connects at once, as a freshly loaded EA does
                        reinitialise();
                        continue;
                    }
                }
                pause(backoffMs);
                backoffMs = Math.min(Math.max(1, backoffMs * 2), context.reconnectBackoffMaxMs());
            }
        }
        catch (final RuntimeException ex)
        {
            crash = ex;
            log.accept("terminal simulator stopped by " + ex);
            errorHandler.onError(ex);
        }
        finally
        {
            disconnect(SessionEnd.CLOSING);
            replay.close();
            try
            {
                selector.close();
            }
            catch (final IOException ignored)
            {
                // closing: nothing is left to read or write
            }
            stopped = true;
            signal();
        }
    }

    private boolean connect()
    {
        try
        {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(new InetSocketAddress(context.host(), context.port()),
                (int)context.connectTimeoutMs());
            channel.configureBlocking(false);
            key = channel.register(selector, SelectionKey.OP_READ);
            if (null != context.sslContext())
            {
                tls = TlsLink.handshake(channel, context.sslContext(), context.host(), context.port(), selector, key,
                    context.handshakeTimeoutMs(), () -> closeRequested);
                if (null == tls)
                {
                    closeChannel(false);
                    return false;
                }
            }
        }
        catch (final IOException ex)
        {
            closeChannel(false);
            log.accept("cannot connect to " + context.host() + ":" + context.port() + ": " + ex.getMessage() +
                "; retrying in " + backoffMs + " ms");
            return false;
        }
        counters.connects++;
        readBuffer.clear();
        outbound.clear();
        assembler.reset();
        state = State.AWAITING_WELCOME;
        endRequest = null;
        dropRequested = false;
        final long now = System.nanoTime();
        lastReceivedNs = now;
        helloSentNs = now;
        connectedNs = now;
        sendHello(now);
        return true;
    }

    private SessionEnd session()
    {
        while (true)
        {
            if (closeRequested)
            {
                return SessionEnd.CLOSING;
            }
            if (dropRequested)
            {
                dropRequested = false;
                return SessionEnd.REQUESTED_DROP;
            }
            if (reinitialiseRequested)
            {
                reinitialiseRequested = false;
                return SessionEnd.REINITIALISED;
            }
            final long now = System.nanoTime();
            wakeSet = false;
            if (state == State.AWAITING_WELCOME)
            {
                if (now - helloSentNs >= context.handshakeTimeoutMs() * MS)
                {
                    log.accept("no WELCOME within " + context.handshakeTimeoutMs() + " ms");
                    return SessionEnd.HANDSHAKE_TIMEOUT;
                }
                wakeAt(helloSentNs + context.handshakeTimeoutMs() * MS);
            }
            else
            {
                if (bridgeSilenceNs > 0 && now - lastReceivedNs >= bridgeSilenceNs)
                {
                    log.accept("bridge silent for " + (now - lastReceivedNs) / MS + " ms");
                    return SessionEnd.BRIDGE_SILENT;
                }
                if (bridgeSilenceNs > 0)
                {
                    wakeAt(lastReceivedNs + bridgeSilenceNs);
                }
                executePendingOrders(now);
                releaseLateDeals(now);
                produceTicks(now);
                produceSnapshot(now);
                final SessionEnd end = transmit(now);
                if (end != null)
                {
                    return end;
                }
            }
            // a slow start: the EA's reads find nothing yet (SocketRead's -1 on its timeout) and it polls on its timer
            final boolean reading = now - connectedNs >= context.slowStartMs() * MS;
            if (!reading)
            {
                wakeAt(Math.min(now + SLOW_START_POLL_NS, connectedNs + context.slowStartMs() * MS));
            }
            try
            {
                flush();
                publishFinished();
                key.interestOps((reading ? SelectionKey.OP_READ : 0) |
                    (outbound.position() > 0 || (null != tls && tls.hasPendingOutput()) ? SelectionKey.OP_WRITE : 0));
                final long waitNs = wakeSet ? nextWakeNs - System.nanoTime() : 1_000 * MS;
                if (waitNs > 0)
                {
                    selector.select(Math.max(1, (waitNs + MS - 1) / MS));
                }
                else
                {
                    selector.selectNow();
                }
                selector.selectedKeys().clear();
                if (!reading)
                {
                    counters.emptyReads++;
                    continue;
                }
                final SessionEnd end = receive();
                if (end != null)
                {
                    return end;
                }
            }
            catch (final IOException ex)
            {
                log.accept("connection failed: " + ex.getMessage());
                return SessionEnd.IO_FAILED;
            }
        }
    }

    private void disconnect(final SessionEnd end)
    {
        if (channel == null)
        {
            return;
        }
        final boolean abortive = end == SessionEnd.PLANNED_DROP || end == SessionEnd.REQUESTED_DROP;
        if (end != SessionEnd.CLOSING || state != State.DISCONNECTED)
        {
            log.accept("connection closed (" + end + ") at terminal seq " + (window.nextSeq() - 1) +
                ", bridge ack " + (window.firstSeq() - 1) + ", last order seq " + lastOrderSeqExecuted);
        }
        closeChannel(abortive);
        if (state == State.ACTIVE)
        {
            backoffMs = context.reconnectBackoffMinMs();
        }
        state = State.DISCONNECTED;
        active = false;
    }

    /** An abortive close resets the connection (RST), as a failed network leaves the bridge with a broken socket. */
    private void closeChannel(final boolean abortive)
    {
        if (channel == null)
        {
            return;
        }
        try
        {
            if (abortive && channel.isOpen())
            {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            channel.close();
        }
        catch (final IOException ignored)
        {
            // the connection is being thrown away either way
        }
        channel = null;
        key = null;
        tls = null;
    }

    private void pause(final long ms)
    {
        final long deadline = System.nanoTime() + ms * MS;
        long remaining = ms * MS;
        while (remaining > 0 && !closeRequested)
        {
            try
            {
                selector.select(Math.max(1, remaining / MS));
                selector.selectedKeys().clear();
            }
            catch (final IOException ex)
            {
                return;
            }
            remaining = deadline - System.nanoTime();
        }
        dropRequested = false;
    }

    // ---------------------------------------------------------------- producing frames

    private void executePendingOrders(final long now)
    {
        PendingOrder order;
        while ((order = pendingOrders.pollFirst()) != null)
        {
            final long ticket = tickets.get(order.orderId());
            final int lateFillEvery = context.lateFillEvery();
            if (order.action() == Frame.ACTION_NEW && ticket != 0 && now - reconcileUntilNs < 0)
            {
                // after a RESET the bridge sends again what it held unacknowledged: the EA finds the order by its
                // comment and reports it instead of placing it twice
                commitExecution(order.orderId(), Frame.EXEC_ACCEPTED, TRADE_RETCODE_DONE, ticket, 0, 0, 0, 0,
                    "already placed as #" + ticket);
                counters.ordersReconciled++;
            }
            else if (lateFillEvery > 0 && order.action() == Frame.ACTION_NEW && ++newOrders % lateFillEvery == 0)
            {
                expireForLateFill(order);
                counters.onExecuted(order.orderId());
            }
            else
            {
                venue.execute(order);
                counters.onExecuted(order.orderId());
            }
            lastOrderSeqExecuted = order.seq();
        }
        while (!lateFills.isEmpty() && (lateFillDueTicks.peekLong() <= replay.taken() || !replay.hasNext()))
        {
            lateFillDueTicks.pollLong();
            venue.executeLate(lateFills.pollFirst());
        }
    }

    /**
     * As an EA whose request timed out: the order is reported EXPIRED, but the trade server goes on with it and fills
     * it some ticks later, which the core must book.
     */
    private void expireForLateFill(final PendingOrder order)
    {
        onVenueExecution(order.orderId(), Frame.EXEC_EXPIRED, RETCODE_TIMEOUT, 0, 0, 0, 0, 0,
            "no answer from the trade server in time");
        lateFills.addLast(order);
        lateFillDueTicks.addLong(replay.taken() + context.lateFillDelayTicks());
        counters.lateFills++;
    }

    /** An execution the venue reported: sequenced at once, or held back as a deal whose transaction comes late. */
    private void onVenueExecution(
        final long orderId, final int execType, final int retcode, final long venueOrderId, final long dealId,
        final long lastQuantity, final long lastPrice, final long commission, final String text)
    {
        if (venueOrderId != 0)
        {
            tickets.put(orderId, venueOrderId);
        }
        final LateDeals lateDeals = context.lateDeals();
        final boolean fill = execType == Frame.EXEC_FILL || execType == Frame.EXEC_PARTIAL_FILL;
        final boolean end = execType == Frame.EXEC_CANCELLED || execType == Frame.EXEC_EXPIRED;
        counters.quantityFilled += fill ? lastQuantity : 0;
        if (lateDeals != LateDeals.NONE && (fill || end && holdsFillsOf(orderId)))
        {
            if (fill || lateDeals == LateDeals.END_WAITS)
            {
                heldReports.addLast(new HeldReport(orderId, execType, retcode, venueOrderId, dealId, lastQuantity,
                    lastPrice, commission, text, System.nanoTime() + context.lateDealDelayMs() * MS));
                counters.dealsHeld += fill ? 1 : 0;
                return;
            }
            // the end goes out now and its fills after it: they count as reported after their order's end
            for (final HeldReport held : heldReports)
            {
                if (held.orderId() == orderId && held.isFill())
                {
                    counters.fillsAfterEnd++;
                    counters.quantityFilledAfterEnd += held.lastQuantity();
                }
            }
        }
        commitExecution(orderId, execType, retcode, venueOrderId, dealId, lastQuantity, lastPrice, commission, text);
    }

    private boolean holdsFillsOf(final long orderId)
    {
        for (final HeldReport held : heldReports)
        {
            if (held.orderId() == orderId && held.isFill())
            {
                return true;
            }
        }
        return false;
    }

    /** Reports, in order, the held executions whose transactions have now reached the EA. */
    private void releaseLateDeals(final long now)
    {
        HeldReport held;
        while ((held = heldReports.peekFirst()) != null)
        {
            if (held.dueNs() - now > 0)
            {
                wakeAt(held.dueNs());
                return;
            }
            heldReports.pollFirst();
            commitExecution(held.orderId(), held.execType(), held.retcode(), held.venueOrderId(), held.dealId(),
                held.lastQuantity(), held.lastPrice(), held.commission(), held.text());
        }
    }

    /** Sequences one execution; it is written and resent like any sequenced frame. */
    private void commitExecution(
        final long orderId, final int execType, final int retcode, final long venueOrderId, final long dealId,
        final long lastQuantity, final long lastPrice, final long commission, final String text)
    {
        final MutableDirectBuffer slot = window.claim();
        final int length = FrameWriter.execution(slot, 0, window.nextSeq(), lastOrderSeqExecuted, orderId, execType,
            retcode, venueOrderId, dealId, lastQuantity, lastPrice, commission, text);
        window.commit(length);
        for (int i = 0; i < publishedNetVolumes.length(); i++)
        {
            publishedNetVolumes.set(i, positions.netVolume(i));
        }
    }

    private void produceTicks(final long now)
    {
        while (window.hasRoom() && replay.hasNext())
        {
            final MutableDirectBuffer slot = window.claim();
            int count = 0;
            boolean dropAfter = false;
            boolean reinitialiseAfter = false;
            while (count < batchLimit && replay.hasNext())
            {
                if (!paced)
                {
                    paced = true;
                    paceAnchorNs = now;
                    paceFirstTickMsc = replay.timeMsc();
                }
                final long dueNs = paceAnchorNs + context.speed().wallNanos(replay.timeMsc() - paceFirstTickMsc);
                if (dueNs - now > 0)
                {
                    wakeAt(dueNs);
                    break;
                }
                FrameWriter.tick(slot, 0, count++, replay.symbolIndex(), replay.timeMsc(), replay.bid(), replay.ask(),
                    replay.last(), replay.volume(), replay.flags());
                final long tickIndex = replay.taken();
                replay.take();
                if (tickIndex == nextReinitialiseTick)
                {
                    nextReinitialiseTick = reinitialisePlan.nextAtOrAfter(tickIndex + 1);
                    reinitialiseAfter = true;
                }
                if (tickIndex == nextDropTick)
                {
                    nextDropTick = dropPlan.nextAtOrAfter(tickIndex + 1);
                    dropAfter = true;
                }
                if (dropAfter || reinitialiseAfter)
                {
                    break;
                }
            }
            if (count == 0)
            {
                return;
            }
            final int length = FrameWriter.ticks(slot, 0, window.nextSeq(), lastOrderSeqExecuted, count);
            final long seq = window.commit(length);
            if (dropAfter)
            {
                dropAfterSeqs.addLong(seq);
            }
            if (reinitialiseAfter)
            {
                reinitialiseAfterSeqs.addLong(seq);
            }
            final long offsetMs = context.serverTimeOffsetSeconds() * 1000L;
            for (int i = 0; i < count; i++)
            {
                final int at = Frame.TICKS_FIRST_OFFSET + i * Frame.TICK_LENGTH;
                venue.onTick(slot.getInt(at + Frame.TICK_SYMBOL_OFFSET, LE),
                    slot.getLong(at + Frame.TICK_TIME_OFFSET, LE) - offsetMs, slot.getLong(at + Frame.TICK_BID_OFFSET,
                        LE),
                    slot.getLong(at + Frame.TICK_ASK_OFFSET, LE), slot.getLong(at + Frame.TICK_LAST_OFFSET, LE),
                    slot.getLong(at + Frame.TICK_VOLUME_OFFSET, LE), slot.getInt(at + Frame.TICK_FLAGS_OFFSET, LE));
            }
        }
    }

    private void produceSnapshot(final long now)
    {
        final long intervalNs = context.accountSnapshotIntervalMs() * MS;
        if (intervalNs == 0)
        {
            return;
        }
        if (now - nextSnapshotNs >= 0 && window.hasRoom())
        {
            final MutableDirectBuffer slot = window.claim();
            window.commit(FrameWriter.account(slot, 0, window.nextSeq(), lastOrderSeqExecuted, positions.snapshot()));
            nextSnapshotNs = now + intervalNs;
        }
        wakeAt(nextSnapshotNs);
    }

    // ---------------------------------------------------------------- re-initialisation

    /**
     * OnDeinit: what is numbered goes out while the link is up, as the EA's Flush before SocketClose (which, like
     * Flush, sends nothing before WELCOME).
     */
    private void flushBeforeDeinit()
    {
        final long deadline = System.nanoTime() + DEINIT_FLUSH_NS;
        final boolean welcomed = state == State.ACTIVE;
        while (channel != null && (welcomed && writeCursor < window.nextSeq() || outbound.position() > 0) &&
            System.nanoTime() - deadline < 0)
        {
            while (welcomed && writeCursor < window.nextSeq() && outbound.remaining() >= window.length(writeCursor))
            {
                if (rateLimit.delayNanos(System.nanoTime()) > 0)
                {
                    // over the bridge's frame rate the EA's Flush stops too: the rest is not written
                    break;
                }
                rateLimit.onSent(System.nanoTime());
                final int length = window.length(writeCursor);
                FrameWriter.ack(window.frame(writeCursor), 0, lastOrderSeqExecuted);
                outboundView.putBytes(outbound.position(), window.frame(writeCursor), 0, length);
                outbound.position(outbound.position() + length);
                final long seq = writeCursor++;
                if (seq > highestWrittenSeq && seq > carriedUpToSeq)
                {
                    onFirstWrite(window.frame(seq), length, System.nanoTime());
                }
                highestWrittenSeq = Math.max(highestWrittenSeq, seq);
            }
            try
            {
                flush();
            }
            catch (final IOException ex)
            {
                return;
            }
            if (outbound.position() > 0)
            {
                LockSupport.parkNanos(MS / 10);
            }
            else if (welcomed && writeCursor < window.nextSeq())
            {
                return;
            }
        }
    }

    /**
     * OnInit again: the EA keeps nothing from its last run. The bridge already has what was written; ticks the
     * bridge has not acknowledged are pulled again from the persisted cursor and deals are found again in history
     * (both carried into the new stream, where the bridge drops what it has); any other frame not yet written, an
     * ORDER taken but not executed and an end held for late deals are forgotten. The trade server (venue, positions,
     * tickets) is untouched.
     */
    private void reinitialise()
    {
        counters.reinitialisations++;
        for (long seq = window.firstSeq(); seq < window.nextSeq(); seq++)
        {
            final MutableDirectBuffer frame = window.frame(seq);
            final int type = frame.getShort(Frame.TYPE_OFFSET, LE) & 0xFFFF;
            final boolean written = seq < writeCursor;
            if (type == FrameType.TICKS)
            {
                final int count = frame.getShort(Frame.TICKS_COUNT_OFFSET, LE) & 0xFFFF;
                carriedTicks.putBytes(carriedTickCount * Frame.TICK_LENGTH, frame, Frame.TICKS_FIRST_OFFSET,
                    count * Frame.TICK_LENGTH);
                carriedTickCount += count;
                counters.uniqueTicksSent += written ? 0 : count;
            }
            else if (type == FrameType.EXECUTION && frame.getLong(Frame.EXECUTION_DEAL_ID_OFFSET, LE) != 0)
            {
                final byte[] copy = new byte[window.length(seq)];
                frame.getBytes(0, copy);
                carriedDeals.add(copy);
                counters.executionsSent += written ? 0 : 1;
            }
        }
        for (final HeldReport held : heldReports)
        {
            if (held.isFill())
            {
                final byte[] copy = new byte[FrameWriter.execution(control, 0, 0, 0, held.orderId(), held.execType(),
                    held.retcode(), held.venueOrderId(), held.dealId(), held.lastQuantity(), held.lastPrice(),
                    held.commission(), held.text())];
                control.getBytes(0, copy);
                carriedDeals.add(copy);
                counters.executionsSent++;
            }
        }
        heldReports.clear();
        window.reset();
        writeCursor = 1;
        highestWrittenSeq = 0;
        carriedUpToSeq = 0;
        lastOrderSeqReceived = 0;
        lastOrderSeqExecuted = 0;
        ackLastSent = -1;
        echoTimeNs = 0;
        pendingOrders.clear();
        dropAfterSeqs.clear();
        reinitialiseAfterSeqs.clear();
        reconcileUntilNs = 0;
        fresh = true;
        backoffMs = context.reconnectBackoffMinMs();
        log.accept("re-initialised: new stream from seq 1, carrying " + carriedDeals.size() + " deals and " +
            carriedTickCount + " unacknowledged ticks");
    }

    /** After the WELCOME of a new stream: the deals found in history first, then the ticks pulled again. */
    private void commitCarried()
    {
        for (final byte[] deal : carriedDeals)
        {
            final MutableDirectBuffer slot = window.claim();
            slot.putBytes(0, deal);
            slot.putLong(Frame.SEQ_OFFSET, window.nextSeq(), LE);
            window.commit(deal.length);
        }
        carriedDeals.clear();
        for (int first = 0; first < carriedTickCount; first += batchLimit)
        {
            final int count = Math.min(batchLimit, carriedTickCount - first);
            final MutableDirectBuffer slot = window.claim();
            slot.putBytes(Frame.TICKS_FIRST_OFFSET, carriedTicks, first * Frame.TICK_LENGTH, count * Frame.TICK_LENGTH);
            window.commit(FrameWriter.ticks(slot, 0, window.nextSeq(), lastOrderSeqExecuted, count));
        }
        carriedTickCount = 0;
        carriedUpToSeq = window.nextSeq() - 1;
    }

    // ---------------------------------------------------------------- writing

    private void sendHello(final long now)
    {
        final Hello hello = new Hello(Frame.PROTOCOL_VERSION, fresh ? Frame.HELLO_FLAG_RESET : 0, context.tenantId(),
            context.accountId(), context.serverTimeOffsetSeconds(), window.firstSeq(), context.terminalId(),
            context.token(), helloSymbols, lastOrderSeqExecuted);
        final int length = FrameWriter.hello(control, 0, hello);
        outboundView.putBytes(outbound.position(), control, 0, length);
        outbound.position(outbound.position() + length);
        ackLastSent = lastOrderSeqExecuted;
        lastSentNs = now;
    }

    /**
     * Writes the sequenced frames not yet written on this connection, in order and with the current ack, then
     * a HEARTBEAT if the line was idle or an ack is owed. Returns a planned drop when its frame went out.
     */
    private SessionEnd transmit(final long now)
    {
        while (writeCursor < window.nextSeq())
        {
            final long rateDelay = rateLimit.delayNanos(now);
            if (rateDelay > 0)
            {
                wakeAt(now + rateDelay);
                return null;
            }
            final int length = window.length(writeCursor);
            if (outbound.remaining() < length)
            {
                return null;
            }
            final MutableDirectBuffer frame = window.frame(writeCursor);
            FrameWriter.ack(frame, 0, lastOrderSeqExecuted);
            outboundView.putBytes(outbound.position(), frame, 0, length);
            outbound.position(outbound.position() + length);
            rateLimit.onSent(now);
            lastSentNs = now;
            ackLastSent = lastOrderSeqExecuted;
            final long seq = writeCursor++;
            if (seq <= highestWrittenSeq || seq <= carriedUpToSeq)
            {
                highestWrittenSeq = Math.max(highestWrittenSeq, seq);
                counters.framesResent++;
                continue;
            }
            highestWrittenSeq = seq;
            onFirstWrite(frame, length, System.nanoTime());
            if (!reinitialiseAfterSeqs.isEmpty() && reinitialiseAfterSeqs.peekLong() == seq)
            {
                reinitialiseAfterSeqs.pollLong();
                flushQuietly();
                log.accept("planned re-initialisation after tick " + (counters.uniqueTicksSent - 1) + " (seq " + seq +
                    ")");
                return SessionEnd.REINITIALISED;
            }
            if (!dropAfterSeqs.isEmpty() && dropAfterSeqs.peekLong() == seq)
            {
                dropAfterSeqs.pollLong();
                flushQuietly();
                log.accept("planned drop after tick " + (counters.uniqueTicksSent - 1) + " (seq " + seq + ")");
                return SessionEnd.PLANNED_DROP;
            }
            // written at once so the send times stamped above are when the tick reached the socket
            flushQuietly();
        }
        final long heartbeatDue = lastSentNs + heartbeatIntervalNs;
        final boolean ackOwed = ackLastSent != lastOrderSeqExecuted;
        if ((ackOwed || now - heartbeatDue >= 0) && outbound.remaining() >= Frame.HEARTBEAT_LENGTH &&
            rateLimit.delayNanos(now) == 0)
        {
            final int length = FrameWriter.heartbeat(control, 0, lastOrderSeqExecuted, now, echoTimeNs);
            outboundView.putBytes(outbound.position(), control, 0, length);
            outbound.position(outbound.position() + length);
            rateLimit.onSent(now);
            lastSentNs = now;
            ackLastSent = lastOrderSeqExecuted;
            counters.heartbeatsSent++;
        }
        wakeAt(lastSentNs + heartbeatIntervalNs);
        return null;
    }

    private void onFirstWrite(final DirectBuffer frame, final int length, final long now)
    {
        final int type = frame.getShort(Frame.TYPE_OFFSET, LE) & 0xFFFF;
        if (type == FrameType.TICKS)
        {
            final int count = frame.getShort(Frame.TICKS_COUNT_OFFSET, LE) & 0xFFFF;
            for (int i = 0; i < count; i++)
            {
                final int at = Frame.TICKS_FIRST_OFFSET + i * Frame.TICK_LENGTH;
                sendTimes.onSent(frame.getInt(at + Frame.TICK_SYMBOL_OFFSET, LE),
                    frame.getLong(at + Frame.TICK_TIME_OFFSET, LE), now);
            }
            counters.uniqueTicksSent += count;
        }
        else if (type == FrameType.EXECUTION)
        {
            counters.executionsSent++;
            // As the EA does: a snapshot soon after each deal, so the last one shows the final positions.
            nextSnapshotNs = now;
        }
        else if (type == FrameType.ACCOUNT)
        {
            counters.accountSnapshotsSent++;
        }
    }

    private void sendError(final int code, final String text)
    {
        final int length = FrameWriter.error(control, 0, code, text);
        if (outbound.remaining() >= length)
        {
            outboundView.putBytes(outbound.position(), control, 0, length);
            outbound.position(outbound.position() + length);
        }
        flushQuietly();
    }

    /** Writes what the socket takes now. */
    private void flush() throws IOException
    {
        if (outbound.position() == 0 && (null == tls || !tls.hasPendingOutput()))
        {
            return;
        }
        outbound.flip();
        try
        {
            if (null != tls)
            {
                tls.write(outbound);
            }
            else
            {
                channel.write(outbound);
            }
        }
        finally
        {
            outbound.compact();
        }
    }

    private void flushQuietly()
    {
        try
        {
            flush();
        }
        catch (final IOException ignored)
        {
            // the next read or write on this connection reports the failure
        }
    }

    // ---------------------------------------------------------------- reading

    private SessionEnd receive() throws IOException
    {
        while (true)
        {
            readBuffer.clear();
            final int read = null != tls ? tls.read(readBuffer) : channel.read(readBuffer);
            if (read < 0)
            {
                return SessionEnd.PEER_CLOSED;
            }
            if (read == 0)
            {
                return null;
            }
            lastReceivedNs = System.nanoTime();
            try
            {
                assembler.feed(readView, 0, read, this::onFrame);
            }
            catch (final ProtocolException ex)
            {
                log.accept("bridge broke the protocol: " + ErrorCode.name(ex.errorCode()) + ": " + ex.getMessage());
                sendError(ex.errorCode(), ex.getMessage());
                return SessionEnd.PROTOCOL_ERROR;
            }
            if (endRequest != null)
            {
                return endRequest;
            }
        }
    }

    private void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        if (endRequest == null)
        {
            decoder.decode(buffer, offset, length, this);
        }
    }

    @Override
    public void onWelcome(final Welcome welcome)
    {
        if (state != State.AWAITING_WELCOME)
        {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "WELCOME in an established session");
        }
        if (welcome.protocolVersion() != Frame.PROTOCOL_VERSION)
        {
            refuse(new BridgeError(ErrorCode.UNSUPPORTED_VERSION, "bridge speaks version "
                + welcome.protocolVersion()));
            return;
        }
        lastWelcome = welcome;
        final List<SymbolAnswer> answers = welcome.symbols();
        if (answers.size() != helloSymbols.size())
        {
            log.accept("WELCOME answers " + answers.size() + " symbols for the " + helloSymbols.size() + " in HELLO");
        }
        for (int i = 0; i < Math.min(answers.size(), helloSymbols.size()); i++)
        {
            if (!answers.get(i).accepted())
            {
                final String refused = helloSymbols.get(i).brokerSymbol() + ": " + answers.get(i).note();
                counters.onRefusedSymbol(refused);
                log.accept("bridge refused symbol " + refused);
            }
        }
        final boolean reset = fresh;
        fresh = false;
        final long sent = window.nextSeq() - 1;
        if (welcome.ack() > sent)
        {
            log.accept("WELCOME acknowledges seq " + welcome.ack() + " but the terminal has sent only " + sent);
        }
        if (welcome.ack() + 1 < window.firstSeq())
        {
            log.accept("bridge resumes at " + (welcome.ack() + 1) + " but seqs below " + window.firstSeq() +
                " were acknowledged before and are gone");
        }
        acknowledge(welcome.ack());
        writeCursor = window.firstSeq();
        final int maxFrame = welcome.maxFrameBytes() > 0 ?
            Math.min(welcome.maxFrameBytes(), context.maxFrameBytes()) : context.maxFrameBytes();
        batchLimit = Math.max(1, Math.min(context.batchSize(), (
            maxFrame - Frame.TICKS_FIRST_OFFSET) / Frame.TICK_LENGTH));
        heartbeatIntervalNs = MS * (welcome.heartbeatIntervalMs() > 0 ?
            Math.min(welcome.heartbeatIntervalMs(), context.heartbeatIntervalMs()) : context.heartbeatIntervalMs());
        bridgeSilenceNs = MS * Math.max(0, welcome.heartbeatTimeoutMs());
        // a tenth below the bridge's limit: its second is counted on arrival, after the network bunched frames
        rateLimit.limit(welcome.maxFramesPerSecond() > 0 ? Math.max(1, welcome.maxFramesPerSecond() * 9 / 10) : 0);
        if (reset)
        {
            reconcileUntilNs = System.nanoTime() + RESET_RECONCILE_NS;
            nextSnapshotNs = System.nanoTime();
            commitCarried();
        }
        state = State.ACTIVE;
        active = true;
        counters.sessions++;
        backoffMs = context.reconnectBackoffMinMs();
        log.accept("welcomed by " + context.host() + ":" + context.port() + ", bridge ack " + welcome.ack() +
            ", resending " + (window.nextSeq() - writeCursor) + " frames");
    }

    @Override
    public void onOrder(final long seq, final long ack, final OrderFrame order)
    {
        if (state != State.ACTIVE)
        {
            throw new ProtocolException(ErrorCode.HANDSHAKE_REQUIRED, "ORDER before WELCOME");
        }
        acknowledge(ack);
        if (seq <= lastOrderSeqReceived)
        {
            counters.duplicateOrdersDropped++;
            return;
        }
        if (seq != lastOrderSeqReceived + 1)
        {
            throw new ProtocolException(ErrorCode.SEQUENCE_GAP,
                "ORDER seq " + seq + " after " + lastOrderSeqReceived);
        }
        final long now = System.nanoTime();
        lastOrderSeqReceived = seq;
        counters.ordersReceived++;
        if (order.causeTickTimeMsc() != 0)
        {
            final long sentNs = sendTimes.sendTimeNs(order.symbolIndex(), order.causeTickTimeMsc());
            if (sentNs == TickSendTimes.UNKNOWN)
            {
                counters.ordersWithoutCauseTick++;
            }
            else
            {
                counters.recordTickToOrder(now - sentNs);
            }
        }
        pendingOrders.addLast(PendingOrder.copyOf(seq, order));
    }

    @Override
    public void onHeartbeat(final long ack, final long sendTimeNs, final long echoTimeNs)
    {
        if (state != State.ACTIVE)
        {
            throw new ProtocolException(ErrorCode.HANDSHAKE_REQUIRED, "HEARTBEAT before WELCOME");
        }
        acknowledge(ack);
        this.echoTimeNs = sendTimeNs;
        if (echoTimeNs != 0)
        {
            counters.lastRoundTripNs = System.nanoTime() - echoTimeNs;
        }
    }

    @Override
    public void onError(final BridgeError error)
    {
        counters.onError(error);
        log.accept("bridge sent ERROR " + error);
        if (error.code() == ErrorCode.AUTHENTICATION_FAILED || error.code() == ErrorCode.UNSUPPORTED_VERSION)
        {
            refuse(error);
            return;
        }
        endRequest = SessionEnd.ERROR_RECEIVED;
    }

    private void refuse(final BridgeError error)
    {
        failure = error;
        endRequest = SessionEnd.REFUSED;
        log.accept("terminal stops: " + error);
    }

    private void acknowledge(final long ack)
    {
        final long firstBefore = window.firstSeq();
        if (ack < firstBefore)
        {
            return;
        }
        final long upTo = Math.min(ack, window.nextSeq() - 1);
        long ticks = 0;
        for (long seq = firstBefore; seq <= upTo; seq++)
        {
            final DirectBuffer frame = window.frame(seq);
            if ((frame.getShort(Frame.TYPE_OFFSET, LE) & 0xFFFF) == FrameType.TICKS)
            {
                ticks += frame.getShort(Frame.TICKS_COUNT_OFFSET, LE) & 0xFFFF;
            }
        }
        window.acknowledge(ack);
        counters.ticksAcknowledged += ticks;
        if (writeCursor < window.firstSeq())
        {
            writeCursor = window.firstSeq();
        }
    }

    // ---------------------------------------------------------------- state for other threads

    private void wakeAt(final long deadlineNs)
    {
        if (!wakeSet || deadlineNs - nextWakeNs < 0)
        {
            nextWakeNs = deadlineNs;
            wakeSet = true;
        }
    }

    private void publishFinished()
    {
        final boolean done = !replay.hasNext() && window.isEmpty() && pendingOrders.isEmpty() &&
            heldReports.isEmpty() && carriedDeals.isEmpty() && carriedTickCount == 0 && lateFills.isEmpty();
        if (done != finished)
        {
            finished = done;
            if (done)
            {
                signal();
            }
        }
    }

    private void signal()
    {
        synchronized (monitor)
        {
            monitor.notifyAll();
        }
    }
}
