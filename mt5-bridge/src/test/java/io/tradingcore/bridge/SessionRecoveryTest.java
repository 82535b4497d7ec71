package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.FrameType;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.bridge.simulator.RawTerminalConnection;
import io.tradingcore.bridge.simulator.ReceivedFrame;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.messages.InputMessages;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A bridge started again on its data folder knows the session of the one before: an ORDER frame written and not
 * acknowledged comes again under its seq, an order that waited for the terminal is rebuilt from the output journal
 * and written next, and the terminal's own acknowledgements are accepted instead of locking it out.
 */
class SessionRecoveryTest
{
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final List<TerminalSymbol> EURUSD =
        List.of(new TerminalSymbol("EURUSD", "EURUSD", 5, 3, 100_000, 100, 100, 1_000_000));
    private static final ReferenceData REFERENCE = ReferenceData.parse("""
        tenant 1 name=demo
        account 1001 tenant=1 currency=USD balance=100000 leverage=100
        instrument 1 EURUSD digits=5 contract=100000 tick=0.00001 volume-min=0.01 volume-max=100 volume-step=0.01
        limits account=1001 tenant=1 max-order=5 stale-ms=600000
        """, "test");

    @TempDir
    Path data;

    private final InputMessages messages = new InputMessages();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

    @Test
    void unacknowledgedAndWaitingOrdersReachTheTerminalAfterARestart() throws Exception
    {
        final long firstOrderId;
        try (BridgeRig rig = new BridgeRig(data, REFERENCE, new BridgeContext().orderTimeoutMs(60_000)))
        {
            try (RawTerminalConnection terminal = connect(rig, Frame.HELLO_FLAG_RESET, 0))
            {
                offerTick(rig);
                offerOrder(rig, 41);
                final ReceivedFrame order = nextOrder(terminal);
                assertEquals(1, order.seq());
                firstOrderId = orderIdOf(order);
            }
            rig.await("the terminal gone", WAIT, () -> !rig.bridge.terminals().get(0).connected());
            offerOrder(rig, 42);
            rig.await("the second order waiting", WAIT, () -> rig.bridge.terminals().get(0).waitingOrders() == 1);
        }
        try (BridgeRig rig = new BridgeRig(data, REFERENCE, new BridgeContext().orderTimeoutMs(60_000));
             RawTerminalConnection terminal = connect(rig, 0, 0))
        {
            final ReceivedFrame resent = nextOrder(terminal);
            assertEquals(1, resent.seq(), "the unacknowledged ORDER under its seq");
            assertEquals(firstOrderId, orderIdOf(resent));
            final ReceivedFrame waited = nextOrder(terminal);
            assertEquals(2, waited.seq(), "the order that waited, next in the stream");
            assertEquals(firstOrderId + 1, orderIdOf(waited));
            terminal.sendHeartbeat(2);
            rig.await("both orders acknowledged", WAIT,
                () -> rig.bridge.terminals().get(0).unacknowledgedOrders() == 0);
        }
        try (BridgeRig rig = new BridgeRig(data, REFERENCE, new BridgeContext());
             RawTerminalConnection terminal = connect(rig, 0, 2))
        {
            offerOrder(rig, 43);
            final ReceivedFrame next = nextOrder(terminal);
            assertEquals(3, next.seq(), "ORDER seqs continue after those the terminal acknowledged");
            assertEquals(firstOrderId + 2, orderIdOf(next));
        }
    }

    @Test
    void aTerminalOfASessionTheBridgeHasNoRecordOfIsNotLockedOut() throws Exception
    {
        try (BridgeRig rig = new BridgeRig(data, REFERENCE, new BridgeContext());
             RawTerminalConnection terminal = connect(rig, 0, 13))
        {
            offerTick(rig);
            offerOrder(rig, 41);
            assertEquals(14, nextOrder(terminal).seq(), "ORDER seqs continue after the terminal's ack");
        }
    }

    private static RawTerminalConnection connect(final BridgeRig rig, final int flags, final long orderAck)
        throws Exception
    {
        final RawTerminalConnection terminal = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT);
        terminal.sendHello(new Hello(1, flags, 1, 1001, 0, 1, "keeper", "demo-token-change-me", EURUSD, orderAck));
        assertEquals(FrameType.WELCOME, terminal.readFrame(WAIT).type());
        return terminal;
    }

    private static ReceivedFrame nextOrder(final RawTerminalConnection terminal) throws Exception
    {
        ReceivedFrame frame;
        do
        {
            frame = terminal.readFrame(WAIT);
            assertNotNull(frame, "an ORDER frame");
        }
        while (frame.type() != FrameType.ORDER);
        return frame;
    }

    private static long orderIdOf(final ReceivedFrame order)
    {
        return new UnsafeBuffer(order.bytes()).getLong(Frame.HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
    }

    private void offerTick(final BridgeRig rig)
    {
        final int length = messages.marketTick(buffer, 0, 1, 1_399_525_217_007L, 139147, 139148, 0, 0, 6);
        rig.core.offerBlocking(buffer, 0, length);
    }

    private void offerOrder(final BridgeRig rig, final long clientOrderId)
    {
        final int length = messages.newOrder(buffer, 0, clientOrderId, 1, 1001, 1, Side.BUY, OrderType.LIMIT,
            TimeInForce.GTC, 1000, 139000, 0, 0);
        rig.core.offerBlocking(buffer, 0, length);
    }
}
