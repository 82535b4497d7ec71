package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.AccountSnapshot;
import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.FrameHandler;
import io.tradingcore.bridge.protocol.FrameType;
import io.tradingcore.bridge.protocol.FrameWriter;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.OrderFrame;
import io.tradingcore.bridge.protocol.TerminalPosition;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.bridge.simulator.RawTerminalConnection;
import io.tradingcore.bridge.simulator.ReceivedFrame;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.messages.InputMessages;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule by which the bridge compares a terminal's ACCOUNT snapshots with the core's positions, frame by frame from
 * a terminal the test drives: a snapshot taken while an ORDER or an EXECUTION is in flight is not compared, a
 * difference is reported when two compared snapshots in a row show it, and once until it changes or clears.
 */
class BridgePositionCheckTest
{
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long ACCOUNT = 1001;
    private static final int EURUSD = 1;
    private static final long TENTH = 1_000;
    private static final long BID = 139_147;
    private static final long ASK = 139_149;

    private final ExpandableArrayBuffer frames = new ExpandableArrayBuffer(1024);
    private final ExpandableArrayBuffer input = new ExpandableArrayBuffer(256);
    private final InputMessages messages = new InputMessages();
    private long seq;
    private long ordersSeen;

    @Test
    void onlyConsistentSnapshotsAreComparedAndALastingDifferenceIsReportedOnce() throws Exception
    {
        final AlertRecorder recorder = new AlertRecorder();
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("position-check"), withoutStrategy(),
            new BridgeContext().heartbeatTimeoutMs(60_000), recorder);
             RawTerminalConnection terminal = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            final BridgeStats stats = rig.bridge.stats();
            terminal.sendHello(new Hello(Frame.PROTOCOL_VERSION, Frame.HELLO_FLAG_RESET, 1, ACCOUNT, 0, 1, "check",
                "demo-token-change-me", List.of(new TerminalSymbol("EURUSD", "EURUSD", 5, Frame.FILLING_FOK, 100_000,
                100, 100, 1_000_000)), 0));
            assertEquals(EURUSD, terminal.readFrame(WAIT).welcome().symbols().get(0).instrumentId());
            terminal.sendTick(++seq, 0, 0, 1_399_507_200_000L, BID, ASK);
            rig.await("the tick", WAIT, () -> stats.ticksForwarded() == 1);

            final long first = buyTenth(rig, terminal, 1);
            // The terminal executed the order but has neither acknowledged nor reported it: not compared.
            snapshot(terminal, 0, TENTH);
            rig.await("a skipped check", WAIT, () -> stats.positionChecksSkipped() == 1);
            assertEquals(0, stats.positionChecks());

            send(terminal, FrameWriter.execution(frames, 0, ++seq, 1, first, Frame.EXEC_FILL, 10009, first, 1, TENTH,
                ASK, 0, ""));
            snapshot(terminal, 1, TENTH);
            awaitChecks(rig, 1);

            // A snapshot before the fill that follows it on the wire: the core has booked that fill when it compares.
            final long second = buyTenth(rig, terminal, 2);
            int length = FrameWriter.account(frames, 0, ++seq, 2, account(TENTH));
            length += FrameWriter.execution(frames, length, ++seq, 2, second, Frame.EXEC_FILL, 10009, second, 2, TENTH,
                ASK, 0, "");
            send(terminal, length);
            rig.await("the second skipped check", WAIT, () -> stats.positionChecksSkipped() == 2);
            snapshot(terminal, 2, 2 * TENTH);
            awaitChecks(rig, 2);

            // A difference in one snapshot only: a deal the terminal had not reported yet.
            snapshot(terminal, 2, 3 * TENTH);
            awaitChecks(rig, 3);
            snapshot(terminal, 2, 2 * TENTH);
            awaitChecks(rig, 4);
            assertEquals(List.of(), recorder.alerts(AlertKind.POSITION_MISMATCH));

            // One that lasts is reported, once.
            snapshot(terminal, 2, 5 * TENTH);
            awaitChecks(rig, 5);
            snapshot(terminal, 2, 5 * TENTH);
            awaitChecks(rig, 6);
            snapshot(terminal, 2, 5 * TENTH);
            awaitChecks(rig, 7);
            rig.await("the alert", WAIT, () -> recorder.alerts(AlertKind.POSITION_MISMATCH).size() == 1);
            final AlertRecorder.Alert alert = recorder.alerts(AlertKind.POSITION_MISMATCH).get(0);
            assertEquals(ACCOUNT, alert.accountId());
            assertEquals(5 * TENTH, alert.value(), "the terminal's position");
            assertEquals(2 * TENTH, alert.threshold(), "the core's position");

            // Cleared, then back: reported again.
            snapshot(terminal, 2, 2 * TENTH);
            awaitChecks(rig, 8);
            snapshot(terminal, 2, 5 * TENTH);
            awaitChecks(rig, 9);
            snapshot(terminal, 2, 5 * TENTH);
            awaitChecks(rig, 10);
            rig.await("the second alert", WAIT, () -> recorder.alerts(AlertKind.POSITION_MISMATCH).size() == 2);
            assertEquals(2, stats.positionMismatches());
            assertEquals(2, stats.positionChecksSkipped());
            assertEquals(List.of(), recorder.alerts(AlertKind.ACCOUNT_HALTED), "the setting is alert");
            assertFalse(rig.stop().accounts().get(0).halted());
        }
    }

    /** The core's reference data without its strategy: only the test trades. */
    static ReferenceData withoutStrategy()
    {
        return BrokerTruthTest.referenceData(text -> text.replaceAll("(?m)^strategy .*$", ""));
    }

    /** Has the core route a market buy of 0.1 lots to the terminal and answers its order id once the ORDER is in. */
    private long buyTenth(final BridgeRig rig, final RawTerminalConnection terminal, final long clientOrderId)
        throws IOException
    {
        final int length = messages.newOrder(input, 0, clientOrderId, 1, ACCOUNT, EURUSD, Side.BUY, OrderType.MARKET,
            TimeInForce.IOC, TENTH, 0, 0, 0);
        rig.core.offerBlocking(input, 0, length);
        final long[] orderId = new long[1];
        while (orderId[0] == 0)
        {
            final ReceivedFrame frame = terminal.readFrame(WAIT);
            assertNotNull(frame, "an ORDER within " + WAIT);
            if (frame.type() == FrameType.ORDER)
            {
                assertEquals(++ordersSeen, frame.seq());
                frame.decode(new FrameHandler()
                {
                    @Override
                    public void onOrder(final long orderSeq, final long ack, final OrderFrame order)
                    {
                        orderId[0] = order.orderId();
                    }
                });
            }
        }
        return orderId[0];
    }

    private void snapshot(final RawTerminalConnection terminal, final long ack, final long netVolume)
        throws IOException
    {
        send(terminal, FrameWriter.account(frames, 0, ++seq, ack, account(netVolume)));
    }

    private static AccountSnapshot account(final long netVolume)
    {
        return new AccountSnapshot(10_000_000_000L, 10_000_000_000L, 0, 100,
            List.of(new TerminalPosition(0, netVolume, ASK)));
    }

    private void send(final RawTerminalConnection terminal, final int length) throws IOException
    {
        terminal.send(frames, 0, length);
    }

    private static void awaitChecks(final BridgeRig rig, final long checks) throws InterruptedException
    {
        rig.await(checks + " position checks", WAIT, () -> rig.bridge.stats().positionChecks() == checks);
        assertTrue(rig.bridge.stats().positionChecks() == checks, "no check beyond " + checks);
    }
}
