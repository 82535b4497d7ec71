package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.AccountSnapshot;
import io.tradingcore.bridge.protocol.ErrorCode;
import io.tradingcore.bridge.protocol.ExecutionFrame;
import io.tradingcore.bridge.protocol.FrameWriter;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.ProtocolException;
import io.tradingcore.bridge.protocol.SymbolAnswer;
import io.tradingcore.bridge.protocol.TerminalPosition;
import io.tradingcore.bridge.protocol.TicksFrame;
import io.tradingcore.codec.ExecType;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayQueue;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * One account's link to its terminal, kept across reconnects: the sequence numbers both ways, the
 * orders not yet acknowledged (resent after a reconnect), the orders waiting for a connection (they
 * expire), and the edge checks on what the terminal sends. Lives on the bridge's thread.
 * <p>
 * Kept across a restart of the bridge too (mt5-bridge/README.md, "What a restart keeps"): what the
 * journals cannot tell goes to the {@link SessionStore} before it matters. An ORDER frame is stored
 * before it is written, so whatever a terminal may have received is resent under the same seq; an
 * execution is stored before it is offered to the core, with the core's last sequence then, so that
 * after a kill the input journal tells whether it got in; the terminal's journaled seq is stored as
 * it advances.
 */
final class TerminalSession
{
    private static final int DEAL_WINDOW = 65_536;

    private final BridgeServer bridge;
    private final int tenantId;
    private final long accountId;

    private TerminalConnection connection;
    private String terminalId;
    private long serverOffsetMs;
    private int[] instrumentBySymbol = new int[0];
    private final Int2IntHashMap symbolByInstrument = new Int2IntHashMap(-1);
    private final Int2ObjectHashMap<long[]> lastTickTimeByInstrument = new Int2ObjectHashMap<>();

    private long lastReceivedSeq;
    private long journaledSeq;
    private long sentAck;
    private final LongArrayQueue ackSeqs = new LongArrayQueue(Long.MIN_VALUE);
    private final LongArrayQueue ackPositions = new LongArrayQueue(Long.MIN_VALUE);

    private long nextOrderSeq = 1;
    private long orderAck;
    private final ArrayDeque<OutboundOrder> unacknowledged = new ArrayDeque<>();
    private final ArrayDeque<OutboundOrder> waiting = new ArrayDeque<>();
    /** Where in the output journal the last order written to the terminal is: later ones were never written. */
    private long writtenInput = -1;
    private long writtenIndex = -1;

    /** EXECUTION frames stored as in flight, until the core journals them. */
    private final LongArrayQueue inFlightExecutions = new LongArrayQueue(Long.MIN_VALUE);
    /** EXECUTION frames above the stored journaled seq that the input journal held after a restart. */
    private final LongHashSet journaledBeforeRestart = new LongHashSet();
    private long storedReceivedSeq;

    private final LongHashSet reportedDeals = new LongHashSet();
    private final LongArrayQueue dealOrder = new LongArrayQueue(Long.MIN_VALUE);

    private AccountSnapshot lastSnapshot;
    private final PositionCheck positionCheck;

    TerminalSession(final BridgeServer bridge, final int tenantId, final long accountId)
    {
        this.bridge = bridge;
        this.tenantId = tenantId;
        this.accountId = accountId;
        this.positionCheck = new PositionCheck(bridge, tenantId, accountId);
    }

    int tenantId()
    {
        return tenantId;
    }

    long accountId()
    {
        return accountId;
    }

    String terminalId()
    {
        return terminalId;
    }

    TerminalConnection connection()
    {
        return connection;
    }

    boolean connected()
    {
        return connection != null;
    }

    /** Binds a freshly authenticated connection; answers WELCOME and resends what is due. */
    void attach(final TerminalConnection newConnection, final Hello hello, final List<SymbolAnswer> answers)
    {
        final boolean newStream = hello.reset() || (terminalId != null && !terminalId.equals(hello.terminalId()));
        if (newStream)
        {
            restartStreams();
        }
        else if (hello.ack() >= nextOrderSeq && terminalId == null && unacknowledged.isEmpty())
        {
            // A terminal carrying on a stream this bridge has no record of (its session store was lost or is new):
            // its ORDER numbering continues rather than locking it out; what it acknowledged cannot be resent anyway.
            bridge.log("terminal " + hello.terminalId() + " (account " + accountId + ") acknowledges ORDER " +
                hello.ack() + ", of a session this bridge holds no record of: ORDER seqs continue after it");
            nextOrderSeq = hello.ack() + 1;
            orderAck = hello.ack();
        }
        // Checked before the connection is bound, so a refused HELLO leaves the account free.
        onAck(hello.ack());
        terminalId = hello.terminalId();
        serverOffsetMs = hello.serverTimeOffsetSeconds() * 1000L;
        instrumentBySymbol = new int[answers.size()];
        symbolByInstrument.clear();
        for (int i = 0; i < answers.size(); i++)
        {
            instrumentBySymbol[i] = answers.get(i).instrumentId();
            if (answers.get(i).accepted() && !symbolByInstrument.containsKey(instrumentBySymbol[i]))
            {
                symbolByInstrument.put(instrumentBySymbol[i], i);
            }
        }
        if (hello.resumeFromSeq() > lastReceivedSeq + 1)
        {
            bridge.log("terminal " + terminalId + " (account " + accountId + ") no longer holds frames " +
                (lastReceivedSeq + 1) + ".." + (hello.resumeFromSeq() - 1) + ": they are lost; continuing from " +
                hello.resumeFromSeq());
            lastReceivedSeq = hello.resumeFromSeq() - 1;
            bridge.ingressPort().frameOffered(this, lastReceivedSeq);
        }
        connection = newConnection;
        persist();
        sentAck = journaledSeq;
        connection.sendWelcome(answers, journaledSeq);
        for (final OutboundOrder order : unacknowledged)
        {
            if (order.frame == null)
            {
                // Restored after a restart: written again under its seq with this connection's symbols and offset.
                order.frame = encode(order);
            }
            FrameWriter.ack(new UnsafeBuffer(order.frame), 0, journaledSeq);
            connection.send(order.frame, order.frame.length);
            bridge.stats().ordersResent++;
        }
        while (!waiting.isEmpty())
        {
            write(waiting.pollFirst());
        }
    }

    /** The connection is gone; what it did not acknowledge waits for the next one. */
    void detach(final TerminalConnection closed)
    {
        if (connection == closed)
        {
            connection = null;
        }
    }

    private void restartStreams()
    {
        lastReceivedSeq = 0;
        journaledSeq = 0;
        sentAck = 0;
        ackSeqs.clear();
        ackPositions.clear();
        positionCheck.restart();
        nextOrderSeq = 1;
        orderAck = 0;
        inFlightExecutions.clear();
        journaledBeforeRestart.clear();
        // Written but unacknowledged orders go out again under new numbers; the terminal reconciles
        // them by magic and comment before it executes anything.
        while (!unacknowledged.isEmpty())
        {
            final OutboundOrder order = unacknowledged.pollLast();
            order.seq = 0;
            order.frame = null;
            waiting.addFirst(order);
        }
        if (!waiting.isEmpty())
        {
            // Waiting again: a restart must find them in the output journal once more, from before the first.
            final RoutedOrder first = waiting.peekFirst().order;
            writtenInput = first.inputSequence();
            writtenIndex = first.routedIndex() - 1L;
            bridge.lowerRoutingFloor(first.inputSequence());
        }
        bridge.store().removeStreams(accountId);
    }

    // ---------------------------------------------------------------- terminal -> core

    /** Header checks of every sequenced frame: true when it is new, false when it is a resend. */
    private boolean accept(final long seq, final long ack)
    {
        onAck(ack);
        if (seq <= lastReceivedSeq)
        {
            bridge.stats().duplicateFrames++;
            return false;
        }
        if (seq != lastReceivedSeq + 1)
        {
            throw new ProtocolException(ErrorCode.SEQUENCE_GAP,
                "expected seq " + (lastReceivedSeq + 1) + ", got " + seq);
        }
        lastReceivedSeq = seq;
        return true;
    }

    void onAck(final long ack)
    {
        if (ack >= nextOrderSeq)
        {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME,
                "ack " + ack + " for an ORDER never sent (last sent " + (nextOrderSeq - 1) + ")");
        }
        if (ack <= orderAck)
        {
            return;
        }
        orderAck = ack;
        if (unacknowledged.isEmpty() || unacknowledged.peekFirst().seq > ack)
        {
            return;
        }
        // The session first, which keeps the last seq and written place the removed entries also told.
        persist();
        while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().seq <= ack)
        {
            bridge.store().removeOrder(accountId, unacknowledged.pollFirst().seq);
        }
    }

    void onTicks(final long seq, final long ack, final TicksFrame ticks)
    {
        if (!accept(seq, ack))
        {
            return;
        }
        final BridgeStats stats = bridge.stats();
        for (int i = 0; i < ticks.count(); i++)
        {
            stats.ticksReceived++;
            final int symbol = ticks.symbolIndex(i);
            final int instrumentId = symbol >= 0 && symbol < instrumentBySymbol.length ? instrumentBySymbol[symbol] : 0;
            final long bid = ticks.bid(i);
            final long ask = ticks.ask(i);
            if (instrumentId == 0 || bid < 0 || ask < 0)
            {
                stats.ticksDropped++;
                continue;
            }
            final long timeMsc = ticks.timeMsc(i) - serverOffsetMs;
            final long[] lastTime = lastTickTimeByInstrument.computeIfAbsent(instrumentId,
                id -> new long[]{bridge.firstNewTickTime(id)});
            if (timeMsc < lastTime[0])
            {
                stats.ticksDropped++;
                continue;
            }
            lastTime[0] = timeMsc;
            if (!bridge.offerTick(instrumentId, timeMsc, bid, ask, ticks.last(i), ticks.volume(i), ticks.flags(i)))
            {
                return;
            }
            stats.ticksForwarded++;
        }
        bridge.ingressPort().frameOffered(this, seq);
    }

    void onExecution(final long seq, final long ack, final ExecutionFrame execution)
    {
        if (!accept(seq, ack))
        {
            return;
        }
        positionCheck.onExecution(seq);
        final BridgeStats stats = bridge.stats();
        final long dealId = execution.dealId();
        if (journaledBeforeRestart.remove(seq))
        {
            stats.executionsDropped++;
            bridge.log("terminal " + terminalId + " (account " + accountId + ") resent execution seq " + seq +
                " for order " + execution.orderId() + ", journaled before the restart; dropped");
        }
        else if (!bridge.routedTo(execution.orderId(), accountId))
        {
            stats.executionsDropped++;
            bridge.log("terminal " + terminalId + " (account " + accountId + ") reported order " +
                execution.orderId() + " which was never sent to it; dropped");
        }
        else if (dealId != 0 && reportedDeals.contains(dealId))
        {
            stats.executionsDropped++;
        }
        else
        {
            if (dealId != 0)
            {
                rememberDeal(dealId);
            }
            bridge.store().putExecution(new SessionStore.InFlightExecution(accountId, seq, bridge.lastSequenced(),
                execution.orderId(), execution.execType(), execution.retcode(), execution.venueOrderId(), dealId,
                execution.lastQuantity(), execution.lastPrice()));
            inFlightExecutions.addLong(seq);
            if (!bridge.offerExecution(execution.orderId(), ExecType.get((short)execution.execType()),
                execution.venueOrderId(), dealId, execution.lastQuantity(), execution.lastPrice(),
                execution.commission(), execution.retcode(), execution.text()))
            {
                return;
            }
            stats.executionsForwarded++;
        }
        bridge.ingressPort().frameOffered(this, seq);
    }

    void onAccount(final long seq, final long ack, final AccountSnapshot snapshot)
    {
        if (!accept(seq, ack))
        {
            return;
        }
        bridge.stats().accountSnapshots++;
        lastSnapshot = snapshot;
        positionCheck.onSnapshot(seq, snapshot, instrumentBySymbol, unacknowledged.isEmpty());
        bridge.ingressPort().frameOffered(this, seq);
    }

    private void rememberDeal(final long dealId)
    {
        reportedDeals.add(dealId);
        dealOrder.addLong(dealId);
        if (dealOrder.size() > DEAL_WINDOW)
        {
            reportedDeals.remove(dealOrder.pollLong());
        }
    }

    /** The ingress position after the last input of frame {@code seq}: ack it once journaled. */
    void offeredUpTo(final long seq, final long ingressPosition)
    {
        ackSeqs.addLong(seq);
        ackPositions.addLong(ingressPosition);
    }

    /** Moves the ack on to what is journaled; sends a HEARTBEAT if the terminal would not hear of it. */
    void journaledUpTo(final long journaledPosition, final long nowNs)
    {
        while (!ackPositions.isEmpty() && ackPositions.peekLong() <= journaledPosition)
        {
            ackPositions.pollLong();
            journaledSeq = Math.max(journaledSeq, ackSeqs.pollLong());
        }
        positionCheck.poll(journaledSeq);
        if (journaledSeq != storedReceivedSeq)
        {
            persist();
            while (!inFlightExecutions.isEmpty() && inFlightExecutions.peekLong() <= journaledSeq)
            {
                bridge.store().removeExecution(accountId, inFlightExecutions.pollLong());
            }
        }
        if (connection != null && journaledSeq > sentAck)
        {
            connection.sendHeartbeat(journaledSeq, nowNs);
        }
    }

    long ack()
    {
        sentAck = journaledSeq;
        return journaledSeq;
    }

    // ---------------------------------------------------------------- core -> terminal

    void route(final RoutedOrder order, final long nowNs)
    {
        final OutboundOrder outbound = new OutboundOrder(order, nowNs);
        if (connection == null)
        {
            if (waiting.size() >= bridge.context().orderQueueLimit())
            {
                bridge.expire(outbound, "the bridge already holds " + waiting.size() + " orders for account " +
                    accountId + ", whose terminal is not connected");
                return;
            }
            waiting.addLast(outbound);
            return;
        }
        write(outbound);
    }

    private void write(final OutboundOrder outbound)
    {
        final RoutedOrder order = outbound.order;
        final int symbol = symbolByInstrument.get(order.instrumentId());
        if (symbol < 0)
        {
            bridge.expire(outbound, "terminal " + terminalId + " of account " + accountId +
                " declared no symbol for instrument " + order.instrumentId());
            return;
        }
        outbound.seq = nextOrderSeq++;
        outbound.frame = encode(outbound);
        unacknowledged.addLast(outbound);
        // Stored before it is written: a terminal may hold any frame the socket took, so a restart must know it.
        bridge.store().putOrder(outbound.seq, order);
        writtenInput = order.inputSequence();
        writtenIndex = order.routedIndex();
        connection.send(outbound.frame, outbound.frame.length);
        bridge.stats().ordersWritten++;
    }

    /** The ORDER frame of an order with its seq, in this connection's symbol indexes and server time. */
    private byte[] encode(final OutboundOrder outbound)
    {
        final RoutedOrder order = outbound.order;
        final UnsafeBuffer buffer = bridge.scratch();
        final int length = FrameWriter.order(buffer, 0, outbound.seq, ack(), order.orderId(), order.clientOrderId(),
            symbolByInstrument.get(order.instrumentId()), order.action(), order.side(), order.orderType(),
            order.timeInForce(), order.quantity(), order.price(), order.stopPrice(),
            toServerMs(order.expiryTimeNs() / 1_000_000L), order.venueOrderId(), toServerMs(order.causeTickTimeMsc()));
        final byte[] frame = new byte[length];
        buffer.getBytes(0, frame);
        return frame;
    }

    private long toServerMs(final long utcMs)
    {
        return utcMs == 0 ? 0 : utcMs + serverOffsetMs;
    }

    /** Expires orders that waited too long for a connection; written ones are never expired. */
    void expireWaiting(final long nowNs, final long timeoutNs)
    {
        final Iterator<OutboundOrder> orders = waiting.iterator();
        while (orders.hasNext())
        {
            final OutboundOrder order = orders.next();
            if (nowNs - order.queuedNs >= timeoutNs)
            {
                orders.remove();
                bridge.expire(order, "no terminal connected for account " + accountId + " within " +
                    bridge.context().orderTimeoutMs() + " ms");
            }
        }
    }

    int waitingOrders()
    {
        return waiting.size();
    }

    /** Hands over the orders waiting for a connection, oldest first, and keeps none. */
    void takeWaiting(final List<RoutedOrder> orders)
    {
        while (!waiting.isEmpty())
        {
            orders.add(waiting.pollFirst().order);
        }
    }

    /** The input sequence of the oldest order waiting for a connection, or {@code Long.MAX_VALUE}. */
    long oldestWaitingInput()
    {
        return waiting.isEmpty() ? Long.MAX_VALUE : waiting.peekFirst().order.inputSequence();
    }

    int unacknowledgedOrders()
    {
        return unacknowledged.size();
    }

    // ---------------------------------------------------------------- what a restart keeps

    /** Stores the session's sequences: after any change a restart must not lose. */
    void persist()
    {
        storedReceivedSeq = journaledSeq;
        bridge.store().putSession(accountId, new SessionStore.SessionState(tenantId, terminalId, journaledSeq,
            nextOrderSeq - 1, orderAck, writtenInput, writtenIndex));
    }

    /**
     * After a restart: the stored session, its stored ORDER frames (resent under their seqs unless the terminal
     * acknowledged them) and the seqs of its in-flight executions that the input journal showed journaled.
     */
    void restore(final SessionStore.SessionState state, final List<SessionStore.StoredOrder> orders,
        final List<SessionStore.InFlightExecution> inFlight, final LongHashSet journaled)
    {
        terminalId = state.terminalId();
        lastReceivedSeq = state.receivedSeq();
        journaledSeq = state.receivedSeq();
        storedReceivedSeq = state.receivedSeq();
        sentAck = state.receivedSeq();
        orderAck = state.orderAck();
        nextOrderSeq = state.lastOrderSeq() + 1;
        writtenInput = state.writtenInput();
        writtenIndex = state.writtenIndex();
        for (final SessionStore.StoredOrder stored : orders)
        {
            // An entry can be newer than the session record: entries are put before each write, the record later.
            final RoutedOrder order = stored.order();
            nextOrderSeq = Math.max(nextOrderSeq, stored.seq() + 1);
            if (!wasWritten(order.inputSequence(), order.routedIndex()))
            {
                writtenInput = order.inputSequence();
                writtenIndex = order.routedIndex();
            }
            if (stored.seq() <= orderAck)
            {
                bridge.store().removeOrder(accountId, stored.seq());
                continue;
            }
            final OutboundOrder outbound = new OutboundOrder(order, System.nanoTime());
            outbound.seq = stored.seq();
            unacknowledged.addLast(outbound);
        }
        for (final SessionStore.InFlightExecution execution : inFlight)
        {
            if (execution.seq() <= journaledSeq)
            {
                bridge.store().removeExecution(accountId, execution.seq());
            }
            else if (journaled.contains(execution.seq()))
            {
                journaledBeforeRestart.add(execution.seq());
                inFlightExecutions.addLong(execution.seq());
            }
            else
            {
                inFlightExecutions.addLong(execution.seq());
            }
        }
    }

    /** True when the routed order at this place in the output journal was written to the terminal before. */
    boolean wasWritten(final long inputSequence, final long routedIndex)
    {
        return inputSequence < writtenInput || inputSequence == writtenInput && routedIndex <= writtenIndex;
    }

    // ---------------------------------------------------------------- reconciliation

    /**
     * How the terminal's last snapshot differs from the core's positions now, "" when they agree
     * or no snapshot came. A snapshot taken while a fill is on its way differs for a moment, so
     * compare when the core is quiet.
     */
    String positionMismatch()
    {
        if (lastSnapshot == null)
        {
            return "";
        }
        final Long2LongHashMap terminal = new Long2LongHashMap(BridgeServer.NONE);
        for (final TerminalPosition position : lastSnapshot.positions())
        {
            final int symbol = position.symbolIndex();
            if (symbol >= 0 && symbol < instrumentBySymbol.length && instrumentBySymbol[symbol] != 0)
            {
                terminal.put(instrumentBySymbol[symbol], orZero(terminal.get(instrumentBySymbol[symbol]))
                    + position.netVolume());
            }
        }
        final Long2LongHashMap corePositions = bridge.corePositionsOf(accountId);
        final StringBuilder differences = new StringBuilder();
        final TreeSet<Long> instruments = new TreeSet<>(corePositions.keySet());
        instruments.addAll(terminal.keySet());
        for (final long instrument : instruments)
        {
            final long core = orZero(corePositions.get(instrument));
            final long held = orZero(terminal.get(instrument));
            if (core != held)
            {
                differences.append(" instrument ").append(instrument).append(": core ").append(core)
                    .append(", terminal ").append(held);
            }
        }
        return differences.length() == 0 ? "" : "account " + accountId + differences;
    }

    private static long orZero(final long value)
    {
        return value == BridgeServer.NONE ? 0 : value;
    }

    AccountSnapshot lastSnapshot()
    {
        return lastSnapshot;
    }
}
