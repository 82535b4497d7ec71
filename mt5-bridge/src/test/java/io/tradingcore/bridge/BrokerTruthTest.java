package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.TerminalPosition;
import io.tradingcore.bridge.simulator.ReplaySpeed;
import io.tradingcore.bridge.simulator.TerminalSimulator;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.pipeline.CoreListener;
import io.tradingcore.pipeline.Ingress;
import io.tradingcore.pipeline.TradingCore;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker's truth wins, through the socket: a simulated terminal fills orders it reported expired, and shows a
 * position the core never traded, while the example strategy trades; the core books the late fills and is told of the
 * unknown position once, and normal trading with orders in flight raises no alarm.
 */
class BrokerTruthTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long ACCOUNT = 1001;
    private static final int EURUSD = 1;
    private static final long HALF_LOT = 5_000;

    @Test
    void lateFillsAreBookedAndTheCoreEndsWhereTheTerminalDoes() throws Exception
    {
        final AlertRecorder recorder = new AlertRecorder();
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("late-fill"), fastStrategy(), new BridgeContext(),
            recorder);
             TerminalSimulator terminal = TerminalSimulator.launch(simulator(rig, 4_000)
                 .lateFillEvery(3)
                 .lateFillDelayTicks(200)))
        {
            runToTheEnd(rig, terminal);

            assertTrue(terminal.lateFills() >= 3, "orders expired to be filled late: " + terminal.lateFills() + "; " +
                terminal.summary());
            final List<AlertRecorder.Alert> lateFills = recorder.alerts(AlertKind.LATE_FILL);
            assertEquals(terminal.lateFills(), lateFills.size(), "one LATE_FILL per late fill: " + lateFills);
            for (final AlertRecorder.Alert alert : lateFills)
            {
                assertTrue(recorder.expiredOrders().contains(alert.value()), "order " + alert.value() + " expired " +
                    "before its fill: " + alert.text());
            }
            assertEquals(0, rig.bridge.stats().executionsDropped(), "no late fill dropped at the bridge");
            assertEquals(List.of(), recorder.alerts(AlertKind.POSITION_MISMATCH));
            assertCoreHoldsWhatTheTerminalHolds(rig);
        }
    }

    @Test
    void anUnknownPositionIsReportedOnceWhileTheAccountTrades() throws Exception
    {
        final AlertRecorder recorder = new AlertRecorder();
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("unknown-position"), fastStrategy(),
            new BridgeContext(), recorder);
             TerminalSimulator terminal = TerminalSimulator.launch(simulator(rig, 5_000)
                 .unknownPosition(0, HALF_LOT)))
        {
            runToTheEnd(rig, terminal);

            final List<AlertRecorder.Alert> mismatches = recorder.alerts(AlertKind.POSITION_MISMATCH);
            assertEquals(1, mismatches.size(), "once, though the positions kept changing: " + mismatches);
            assertEquals(HALF_LOT, mismatches.get(0).value() - mismatches.get(0).threshold(),
                "terminal minus core: " + mismatches.get(0));
            assertEquals(1, rig.bridge.stats().positionMismatches());
            assertTrue(recorder.fills() > 10, "the account traded on: " + recorder.fills() + " fills");
            assertEquals(List.of(), recorder.alerts(AlertKind.ACCOUNT_HALTED), "the setting is alert");
        }
    }

    @Test
    void anUnknownPositionHaltsTheAccountWhenTheSettingSaysSo() throws Exception
    {
        final AlertRecorder recorder = new AlertRecorder();
        final BridgeContext halting = new BridgeContext().positionMismatch(PositionMismatchAction.HALT);
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("unknown-position-halt"),
            BridgePositionCheckTest.withoutStrategy(), halting, recorder);
             TerminalSimulator terminal = TerminalSimulator.launch(simulator(rig, 2_000)
                 .unknownPosition(0, -HALF_LOT)))
        {
            rig.await("the halt", WAIT, () -> !recorder.alerts(AlertKind.ACCOUNT_HALTED).isEmpty());
            final List<AlertRecorder.Alert> mismatches = recorder.alerts(AlertKind.POSITION_MISMATCH);
            assertEquals(1, mismatches.size(), mismatches.toString());
            assertEquals(-HALF_LOT, mismatches.get(0).value());
            assertEquals(0, mismatches.get(0).threshold());

            final ExpandableArrayBuffer order = new ExpandableArrayBuffer(256);
            final long clientOrderId = 4_242;
            rig.core.offerBlocking(order, 0, new InputMessages().newOrder(order, 0, clientOrderId, 1, ACCOUNT, EURUSD,
                Side.BUY, OrderType.MARKET, TimeInForce.IOC, 1_000, 0, 0, 0));
            rig.await("the new order's reject", WAIT, () -> recorder.rejectOf(clientOrderId) != null);
            assertEquals(RejectReason.ACCOUNT_HALTED, recorder.rejectOf(clientOrderId));

            assertTrue(terminal.awaitFinished(WAIT), terminal.summary());
            assertEquals(1, recorder.alerts(AlertKind.POSITION_MISMATCH).size());
            assertTrue(rig.stop().accounts().get(0).halted());
        }
    }

    @Test
    void ordersAndFillsInFlightRaiseNoFalseAlarm() throws Exception
    {
        final AlertRecorder recorder = new AlertRecorder();
        final RestingOrders resting = new RestingOrders();
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("no-false-alarm"), fastStrategy(), new BridgeContext(),
            recorder, resting);
             TerminalSimulator terminal = TerminalSimulator.launch(simulator(rig, 5_000)
                 .speed(ReplaySpeed.times(3_000))
                 .resendWindowFrames(256)
                 .accountSnapshotIntervalMs(1)))
        {
            resting.core = rig.core;
            runToTheEnd(rig, terminal);

            final BridgeStats stats = rig.bridge.stats();
            assertTrue(recorder.fills() > 50, "fills: " + recorder.fills());
            assertTrue(resting.placed > 20, "resting limit orders placed: " + resting.placed);
            assertTrue(stats.positionChecks() > 20, "snapshots compared: " + stats.positionChecks());
            assertEquals(List.of(), recorder.alerts(AlertKind.POSITION_MISMATCH), "checked " +
                stats.positionChecks() + " snapshots, skipped " + stats.positionChecksSkipped());
            assertEquals(0, stats.positionMismatches());
            assertCoreHoldsWhatTheTerminalHolds(rig);
        }
    }

    /** Waits until the terminal is done and two more of its snapshots were compared with the core's positions. */
    private static void runToTheEnd(final BridgeRig rig, final TerminalSimulator terminal) throws Exception
    {
        assertTrue(terminal.awaitFinished(WAIT), terminal.summary() + "; bridge log " + rig.log);
        final long checks = rig.bridge.stats().positionChecks();
        rig.await("two more position checks", WAIT, () -> rig.bridge.stats().positionChecks() >= checks + 2);
    }

    private static void assertCoreHoldsWhatTheTerminalHolds(final BridgeRig rig)
    {
        final TerminalStatus status = rig.bridge.terminals().get(0);
        assertEquals("", status.positionMismatch(), "the terminal's last snapshot and the core agree");
        final long terminalNet = status.lastSnapshot().positions().stream().filter(p -> p.symbolIndex() == 0)
            .mapToLong(TerminalPosition::netVolume).sum();
        final EngineStateReport report = rig.stop();
        final long coreNet = report.positions().stream().filter(p -> p.instrumentId() == EURUSD)
            .mapToLong(EngineStateReport.PositionLine::netQuantity).sum();
        assertEquals(terminalNet, coreNet, "the core's position is the terminal's");
    }

    private static TerminalSimulator.Context simulator(final BridgeRig rig, final int ticks)
    {
        return BridgeEndToEndTest.simulator(rig.port(), ACCOUNT, "truth-terminal")
            .tickLimit(ticks)
            .accountSnapshotIntervalMs(5)
            .log(line -> { });
    }

    /** The default reference data with a crossover quick enough to trade every few dozen ticks. */
    private static ReferenceData fastStrategy()
    {
        return referenceData(text -> text.replaceAll(
            "(?m)^(strategy 1 ma-crossover .* symbol=EURUSD) .*( quantity=\\S+)$", "$1 bar=0 fast=3 slow=12$2"));
    }

    /** The core's built-in reference data, changed by {@code change}. */
    static ReferenceData referenceData(final UnaryOperator<String> change)
    {
        try (InputStream in = ReferenceData.class.getResourceAsStream("/config/default-core.conf"))
        {
            assertNotNull(in, "the built-in reference data");
            return ReferenceData.parse(change.apply(new String(in.readAllBytes(), StandardCharsets.UTF_8)), "test");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Limit orders a little away from the touch, one every 40 ticks, buying and selling in turn: they rest at the
     * terminal and fill on later ticks, while the strategy's market orders come and go.
     */
    private static final class RestingOrders implements CoreListener
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final MarketTickDecoder tick = new MarketTickDecoder();
        private final ExpandableArrayBuffer order = new ExpandableArrayBuffer(256);
        private final InputMessages messages = new InputMessages();
        private volatile TradingCore core;
        private volatile long placed;
        private long ticks;

        @Override
        public void onInput(final long sequence, final long timeNs, final DirectBuffer buffer, final int offset,
            final int length)
        {
            final TradingCore target = core;
            if (target == null || header.wrap(buffer, offset).templateId() != MarketTickDecoder.TEMPLATE_ID ||
                ++ticks % 40 != 0)
            {
                return;
            }
            tick.wrapAndApplyHeader(buffer, offset, header);
            final boolean buy = (ticks / 40) % 2 == 0;
            final long price = buy ? tick.bid() - 2 : tick.ask() + 2;
            final int encoded = messages.newOrder(order, 0, 1_000_000 + ticks, 1, ACCOUNT, EURUSD,
                buy ? Side.BUY : Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 100, price, 0, 0);
            // From the publisher's thread: offer, never wait; an order the busy core refuses is simply not placed.
            if (target.offer(order, 0, encoded) == Ingress.OK)
            {
                placed++;
            }
        }
    }
}
