package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.TerminalPosition;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.bridge.simulator.LateDeals;
import io.tradingcore.bridge.simulator.ReplayedSymbol;
import io.tradingcore.bridge.simulator.TerminalSimulator;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.ExecutionReportDecoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.pipeline.CoreListener;
import io.tradingcore.venue.VenueSettings;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real bridge and core against a terminal that behaves as MetaTrader does where the EA once went wrong
 * (mql5/README.md, "How the EA behaves when..."): reads that find nothing while WELCOME is on its way, an EA
 * re-initialised mid-session by a chart or input change, and deals whose transactions reach the EA after the
 * order's cancel. Each run trades the sample day with the default strategy and ends with the core's positions
 * compared with the terminal's.
 */
class BridgeTerminalBehaviourTest
{
    private static final long ACCOUNT = 1001;
    private static final int EURUSD = 1;
    /** The venue fills at most 0.03 lot at a time: the strategy's 0.10 lot IOC orders fill in part. */
    private static final long FILL_CAP = 300;

    @Test
    void aSlowStartKeepsWaitingForWelcomeAndTheSessionCarriesOn() throws Exception
    {
        final int ticks = 20_000;
        final CoreTape tape = new CoreTape();
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("slow-start"), BridgeRig.busyStrategyReferenceData(),
                new BridgeContext(), tape);
             TerminalSimulator terminal = TerminalSimulator.launch(simulator(rig, "slow-start", ticks)
                 .slowStartMs(1_000)
                 .dropAfterTicks(7_000, 14_000)))
        {
            final TerminalStatus status = settle(rig, terminal);
            assertEquals(List.of(), terminal.errorsReceived(), "the bridge closed no session");
            final EngineStateReport report = rig.stop();

            assertEquals(2, terminal.reconnects(), "only the planned drops: no slow start was taken for a lost link");
            assertEquals(3, terminal.sessions());
            assertTrue(terminal.emptyReads() >= 3 * 10, "polled while nothing was there: " + terminal.emptyReads());
            assertEquals(ticks, tape.ticks.size(), "every tick journaled once");
            assertEquals(BridgeEndToEndTest.sampleTicks(ticks).stream().map(t -> t[0]).toList(),
                tape.tickTimes(), "in order");
            assertEveryOrderFilledInFull(tape, report);
            assertPositionsAgree(status, report);
        }
    }

    @Test
    void aReinitialisedEaStartsANewStreamAndTheSessionCarriesOn() throws Exception
    {
        final int ticks = 30_000;
        final CoreTape tape = new CoreTape();
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("reinit"), BridgeRig.busyStrategyReferenceData(),
                new BridgeContext(), tape);
             TerminalSimulator terminal = TerminalSimulator.launch(simulator(rig, "reinit", ticks)
                 .reinitialiseAfterTicks(6_000, 15_000, 24_000)))
        {
            final TerminalStatus status = settle(rig, terminal);
            final long handshakes = rig.bridge.stats().handshakes();
            final EngineStateReport report = rig.stop();

            assertEquals(3, terminal.reinitialisations());
            assertEquals(4, handshakes, "a HELLO with RESET after each OnInit");
            assertEquals(3, terminal.reconnects(), "and no other reconnect: acks of each new stream were taken");
            assertTrue(terminal.ticksAcknowledged() >= ticks, "every tick acknowledged: " + terminal.summary());
            final List<Long> executed = terminal.executedOrderIds();
            assertEquals(executed.size(), new HashSet<>(executed).size(), "no order placed twice");
            assertTrue(tape.orderQuantities.size() > 20, "the strategy traded: " + tape.orderQuantities.size());
            assertEveryOrderFilledInFull(tape, report);
            assertPositionsAgree(status, report);

            // ticks the bridge had not acknowledged come again in the new stream; none is lost or goes back in time
            final List<Long> journaled = tape.tickTimes();
            for (int i = 1; i < journaled.size(); i++)
            {
                assertTrue(journaled.get(i) >= journaled.get(i - 1), "tick " + i + " goes back in time");
            }
            final Map<String, Integer> missing = new HashMap<>();
            BridgeEndToEndTest.sampleTicks(ticks).forEach(t -> missing.merge(key(t[0], t[1], t[2]), 1, Integer::sum));
            tape.ticks.forEach(t -> missing.computeIfPresent(key(t[0], t[1], t[2]), (k, n) -> n == 1 ? null : n - 1));
            assertEquals(Map.of(), missing, "sample ticks never journaled");
        }
    }

    @Test
    void lateDealsStillReachTheCoreBeforeTheCancelOfTheirOrder() throws Exception
    {
        final CoreTape tape = new CoreTape();
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("late-deals"), BridgeRig.busyStrategyReferenceData(),
                new BridgeContext(), tape);
             TerminalSimulator terminal = TerminalSimulator.launch(partialFills(rig, "late-deals")
                 .lateDeals(LateDeals.END_WAITS)))
        {
            final TerminalStatus status = settle(rig, terminal);
            final long dropped = rig.bridge.stats().executionsDropped();
            final EngineStateReport report = rig.stop();

            assertTrue(terminal.dealsHeld() > 0, "deals came late");
            assertEquals(0, terminal.fillsAfterEnd());
            assertTrue(tape.partlyFilledThenCancelled() >= 5, "orders filled in part, then cancelled: " +
                tape.partlyFilledThenCancelled());
            assertEquals(List.of(), tape.fillsAfterTheirEnd(), "fills journaled after their order's end");
            assertEquals(0, dropped, "the bridge dropped no execution");
            assertEquals(0, tape.lateFillsRefused, "the core refused no fill");
            assertEquals(terminal.quantityFilled(), tape.quantityFilled(), "the core booked every fill");
            assertEquals(0, report.openOrders().size(), "no order left open");
            assertPositionsAgree(status, report);
        }
    }

    /**
     * The order the EA reported in before its ends waited for their deals: CANCELLED at once, the fills after it.
     * The core books such a fill as the broker executed it, with a LATE_FILL alert: the bridge forwards a fill for an
     * order that has ended, and the two sides' positions stay the same.
     */
    @Test
    void fillsReportedAfterTheirOrdersCancelAreBookedByTheCore() throws Exception
    {
        final CoreTape tape = new CoreTape();
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("end-first"), BridgeRig.busyStrategyReferenceData(),
                new BridgeContext(), tape);
             TerminalSimulator terminal = TerminalSimulator.launch(partialFills(rig, "end-first")
                 .lateDeals(LateDeals.END_FIRST)))
        {
            settle(rig, terminal);
            final long dropped = rig.bridge.stats().executionsDropped();
            rig.stop();

            assertTrue(terminal.fillsAfterEnd() > 10, "fills reported after their order's end: " +
                terminal.fillsAfterEnd());
            assertEquals(0, dropped, "the bridge forwards a fill for an ended order");
            assertEquals(0, tape.lateFillsRefused, "the core refuses no late fill");
            assertEquals(terminal.fillsAfterEnd(), tape.lateFillsBooked, "a LATE_FILL alert for each");
            assertEquals(terminal.quantityFilled(), tape.quantityFilled(), "the core booked every fill");
        }
    }

    // ---------------------------------------------------------------- fixture

    private static TerminalSimulator.Context simulator(final BridgeRig rig, final String terminalId, final int ticks)
    {
        return BridgeEndToEndTest.simulator(rig.port(), ACCOUNT, terminalId)
            .tickLimit(ticks)
            .reconnectBackoffMs(10, 50)
            .accountSnapshotIntervalMs(200)
            .log(rig.log::add);
    }

    /** A symbol that allows only IOC, and a venue that fills a little at a time: IOC orders fill in part. */
    private static TerminalSimulator.Context partialFills(final BridgeRig rig, final String terminalId)
    {
        return simulator(rig, terminalId, 60_000)
            .symbols(List.of(new ReplayedSymbol(new TerminalSymbol("EURUSD", "EURUSD", 5, Frame.FILLING_IOC,
                ReplayedSymbol.FOREX_CONTRACT_SIZE, ReplayedSymbol.MICRO_LOT, ReplayedSymbol.MICRO_LOT,
                ReplayedSymbol.HUNDRED_LOTS), BridgeEndToEndTest.SAMPLE)))
            .venueSettings(new VenueSettings(0, FILL_CAP));
    }

    /** Waits until the terminal sent and had acknowledged everything and no order moved for half a second. */
    private static TerminalStatus settle(final BridgeRig rig, final TerminalSimulator terminal) throws Exception
    {
        assertTrue(terminal.awaitFinished(Duration.ofSeconds(120)),
            "simulator finished: " + terminal.summary() + "; log " + rig.log);
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long orders = -1;
        long quietSince = System.nanoTime();
        while (true)
        {
            final TerminalStatus status = rig.bridge.terminals().get(0);
            final long now = System.nanoTime();
            final boolean quiet = terminal.isFinished() && status.waitingOrders() == 0 &&
                status.unacknowledgedOrders() == 0;
            if (!quiet || terminal.ordersReceived() != orders)
            {
                orders = terminal.ordersReceived();
                quietSince = now;
            }
            else if (now - quietSince > Duration.ofMillis(500).toNanos())
            {
                return status;
            }
            assertTrue(now < deadline, "the session never settled: " + terminal.summary() + "; log " + rig.log);
            rig.core.checkHealthy();
            Thread.sleep(20);
        }
    }

    private static void assertEveryOrderFilledInFull(final CoreTape tape, final EngineStateReport report)
    {
        synchronized (tape)
        {
            for (final Map.Entry<Long, Long> order : tape.orderQuantities.entrySet())
            {
                assertEquals(order.getValue(), tape.filledQuantities.get(order.getKey()),
                    "order " + order.getKey() + " filled exactly once, in full");
            }
        }
        assertEquals(0, report.openOrders().size(), "no order left open");
    }

    /** The core's net position equals the one in the terminal's last ACCOUNT snapshot, and the bridge agrees. */
    private static void assertPositionsAgree(final TerminalStatus status, final EngineStateReport report)
    {
        final long core = report.positions().stream()
            .filter(line -> line.accountId() == ACCOUNT && line.instrumentId() == EURUSD)
            .mapToLong(EngineStateReport.PositionLine::netQuantity).sum();
        final long terminal = status.lastSnapshot().positions().stream()
            .filter(position -> position.symbolIndex() == 0).mapToLong(TerminalPosition::netVolume).sum();
        assertEquals(core, terminal, "the core's position against the terminal's");
        assertEquals("", status.positionMismatch());
    }

    private static String key(final long time, final long bid, final long ask)
    {
        return time + "/" + bid + "/" + ask;
    }

    /** What the core journaled (ticks, execution reports) and decided (accepted orders, fills, refused inputs). */
    private static final class CoreTape implements CoreListener
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final MarketTickDecoder tick = new MarketTickDecoder();
        private final ExecutionReportDecoder execution = new ExecutionReportDecoder();
        private final OrderAcceptedDecoder accepted = new OrderAcceptedDecoder();
        private final FillDecoder fill = new FillDecoder();
        private final InputRejectedDecoder rejected = new InputRejectedDecoder();
        private final RiskAlertDecoder alert = new RiskAlertDecoder();

        /** time, bid, ask of each journaled tick. */
        final List<long[]> ticks = Collections.synchronizedList(new ArrayList<>());
        /** orderId and execType of each journaled execution report, in journal order. */
        final List<long[]> executions = new ArrayList<>();
        final Map<Long, Long> orderQuantities = new HashMap<>();
        final Map<Long, Long> filledQuantities = new HashMap<>();
        volatile long lateFillsRefused;
        volatile long lateFillsBooked;

        @Override
        public synchronized void onInput(final long sequence, final long timeNs, final DirectBuffer buffer,
            final int offset, final int length)
        {
            final int template = header.wrap(buffer, offset).templateId();
            if (template == MarketTickDecoder.TEMPLATE_ID)
            {
                tick.wrapAndApplyHeader(buffer, offset, header);
                ticks.add(new long[]{tick.timeMsc(), tick.bid(), tick.ask()});
            }
            else if (template == ExecutionReportDecoder.TEMPLATE_ID)
            {
                execution.wrapAndApplyHeader(buffer, offset, header);
                executions.add(new long[]{execution.orderId(), execution.execType().value()});
            }
        }

        @Override
        public synchronized void onOutput(final long inputSequence, final DirectBuffer buffer, final int offset,
            final int length)
        {
            switch (header.wrap(buffer, offset).templateId())
            {
                case OrderAcceptedDecoder.TEMPLATE_ID ->
                {
                    accepted.wrapAndApplyHeader(buffer, offset, header);
                    orderQuantities.put(accepted.orderId(), accepted.quantity());
                }
                case FillDecoder.TEMPLATE_ID ->
                {
                    fill.wrapAndApplyHeader(buffer, offset, header);
                    filledQuantities.merge(fill.orderId(), fill.quantity(), Long::sum);
                }
                case RiskAlertDecoder.TEMPLATE_ID ->
                {
                    if (alert.wrapAndApplyHeader(buffer, offset, header).kind() == AlertKind.LATE_FILL)
                    {
                        lateFillsBooked++;
                    }
                }
                case InputRejectedDecoder.TEMPLATE_ID ->
                {
                    rejected.wrapAndApplyHeader(buffer, offset, header);
                    final boolean fillReport = rejected.templateId() == ExecutionReportDecoder.TEMPLATE_ID &&
                        rejected.reason() == RejectReason.ILLEGAL_TRANSITION;
                    final String text = rejected.text();
                    if (fillReport && (text.startsWith("FILL ") || text.startsWith("PARTIAL_FILL ")))
                    {
                        lateFillsRefused++;
                    }
                }
                default ->
                {
                }
            }
        }

        synchronized List<Long> tickTimes()
        {
            synchronized (ticks)
            {
                return ticks.stream().map(t -> t[0]).toList();
            }
        }

        synchronized long quantityFilled()
        {
            return filledQuantities.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Orders whose report stream has a PARTIAL_FILL and then a CANCELLED. */
        synchronized long partlyFilledThenCancelled()
        {
            final Set<Long> partlyFilled = new HashSet<>();
            long count = 0;
            for (final long[] report : executions)
            {
                if (report[1] == ExecType.PARTIAL_FILL.value())
                {
                    partlyFilled.add(report[0]);
                }
                else if (report[1] == ExecType.CANCELLED.value() && partlyFilled.contains(report[0]))
                {
                    count++;
                }
            }
            return count;
        }

        /** "orderId execType" of each fill journaled after its order's CANCELLED or EXPIRED. */
        synchronized List<String> fillsAfterTheirEnd()
        {
            final Set<Long> ended = new HashSet<>();
            final List<String> late = new ArrayList<>();
            for (final long[] report : executions)
            {
                if (report[1] == ExecType.CANCELLED.value() || report[1] == ExecType.EXPIRED.value())
                {
                    ended.add(report[0]);
                }
                else if ((report[1] == ExecType.FILL.value() || report[1] == ExecType.PARTIAL_FILL.value()) &&
                    ended.contains(report[0]))
                {
                    late.add(report[0] + " " + report[1]);
                }
            }
            return late;
        }
    }
}
