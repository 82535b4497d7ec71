package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.protocol.AccountSnapshot;
import io.tradingcore.bridge.protocol.ErrorCode;
import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.FrameType;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.bridge.protocol.Welcome;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.venue.Mt5ReturnCode;
import io.tradingcore.venue.VenueSettings;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static io.tradingcore.bridge.simulator.FakeBridge.PlannedOrder.marketBuy;
import static io.tradingcore.bridge.simulator.FakeBridge.PlannedOrder.marketSell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TerminalSimulatorTest
{
    private static final Path EURUSD = Path.of(System.getProperty("tradingcore.home",
        Path.of("").toAbsolutePath().getParent().toString()), "samples", "EURUSD_20140508.mt5.csv.gz");
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int TENANT = 7;
    private static final long ACCOUNT = 5_001_234L;
    private static final long ONE_LOT = 10_000;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            resources.get(i).close();
        }
    }

    @Test
    void helloCarriesResetOnlyOnTheFirstConnectAndResumesFromTheBridgesAck() throws Exception
    {
        final FakeBridge bridge = bridge();
        bridge.orderOnTick(3, marketBuy(1, ONE_LOT)).orderOnTick(8, marketSell(2, ONE_LOT));
        final TerminalSimulator simulator = launch(context(bridge, 12).speed(ReplaySpeed.MAX));
        assertTrue(simulator.awaitFinished(WAIT));

        final ByteBuffer first = ByteBuffer.wrap(bridge.helloBytes().get(0)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(first.capacity() - 4, first.getInt(0), "length counts the bytes after itself");
        assertEquals(FrameType.HELLO, first.getShort(4));
        assertEquals(0, first.getShort(6), "header flags");
        assertEquals(0, first.getLong(8), "HELLO is not sequenced");
        assertEquals(0, first.getLong(16), "no ORDER processed yet");
        assertEquals(1, first.getShort(24), "protocol version");
        assertEquals(Frame.HELLO_FLAG_RESET, first.getShort(26), "a fresh terminal starts over");
        assertEquals(TENANT, first.getInt(28));
        assertEquals(ACCOUNT, first.getLong(32));
        assertEquals(0, first.getInt(40), "server time offset");
        assertEquals(1, first.getLong(44), "nothing sent yet: resume from seq 1");
        int at = 52;
        assertEquals("5001234@Sim-Demo", string(first, at));
        at += 1 + first.get(at);
        assertEquals("s3cret", string(first, at));
        at += 1 + first.get(at);
        assertEquals(1, first.getShort(at));
        at += 2;
        assertEquals("EURUSD", string(first, at));
        at += 1 + first.get(at);
        assertEquals("EURUSD", string(first, at));
        at += 1 + first.get(at);
        assertEquals(5, first.get(at));
        assertEquals(Frame.FILLING_FOK | Frame.FILLING_IOC, first.get(at + 1));
        assertEquals(100_000, first.getLong(at + 2));
        assertEquals(100, first.getLong(at + 10));
        assertEquals(100, first.getLong(at + 18));
        assertEquals(1_000_000, first.getLong(at + 26));
        assertEquals(first.capacity(), at + 34, "nothing after the last symbol");

        final long terminalSeq = bridge.lastTerminalSeq();
        simulator.dropConnectionNow();
        awaitTrue(() -> bridge.hellos().size() == 2 && simulator.isConnected());
        final Hello again = bridge.hellos().get(1);
        assertEquals(0, again.flags(), "a reconnect keeps the session");
        assertEquals(terminalSeq + 1, again.resumeFromSeq(), "everything acknowledged: resume from the next seq");
        assertEquals(2, again.ack(), "the last ORDER seq executed");
        assertEquals(1, simulator.reconnects());
        assertTrue(bridge.violations().isEmpty(), bridge.violations().toString());
    }

    @Test
    void everyTickReachesTheBridgeExactlyOnceAcrossTwentyFiveDrops() throws Exception
    {
        final int tickCount = 6_000;
        final FakeBridge bridge = bridge().sendOrdersTwice();
        for (int i = 0; i < 30; i++)
        {
            bridge.orderOnTick(100 + i * 190L, i % 2 == 0 ? marketBuy(100 + i, ONE_LOT) : marketSell(100 + i, ONE_LOT));
        }
        final TerminalSimulator simulator = launch(context(bridge, tickCount)
            .speed(ReplaySpeed.MAX).batchSize(16).resendWindowFrames(32).randomDrops(25, 20140508L));
        assertEquals(25, simulator.context().dropPoints().length);

        assertTrue(simulator.awaitFinished(WAIT), simulator.summary());

        assertEquals(readTicks(tickCount), bridge.ticks(), "every tick once, in order");
        assertEquals(tickCount, simulator.uniqueTicksSent());
        assertEquals(tickCount, simulator.ticksAcknowledged());
        assertTrue(simulator.reconnects() >= 25, "reconnects " + simulator.reconnects());
        assertEquals(30, simulator.ordersReceived());
        final List<Long> expectedOrders = new ArrayList<>();
        for (int i = 0; i < 30; i++)
        {
            expectedOrders.add(100L + i);
        }
        assertEquals(expectedOrders, simulator.executedOrderIds());
        assertEquals(expectedOrders, bridge.executions().stream().map(FakeBridge.Execution::orderId)
            .collect(Collectors.toList()), "one FILL per order reached the bridge");
        // Each order was executed once (above) although the bridge sent it twice; a drop can still fall between an
        // ORDER's two copies (a fresh-clone run saw 29 of 30 arrive), never between more than one order's.
        assertTrue(simulator.duplicateOrdersDropped() >= 30 - simulator.reconnects(),
            "duplicates " + simulator.duplicateOrdersDropped() + " with " + simulator.reconnects() + " reconnects");
        assertTrue(bridge.violations().isEmpty(), bridge.violations().toString());
    }

    @Test
    void duplicateOrdersAreDroppedAndEachOrderIsExecutedOnce() throws Exception
    {
        final FakeBridge bridge = bridge().sendOrdersTwice();
        bridge.orderOnTick(5, marketBuy(11, ONE_LOT)).orderOnTick(9, marketBuy(12, ONE_LOT))
            .orderOnTick(20, marketSell(13, 2 * ONE_LOT));
        final TerminalSimulator simulator = launch(context(bridge, 30).speed(ReplaySpeed.MAX).batchSize(1)
            .resendWindowFrames(1));
        assertTrue(simulator.awaitFinished(WAIT), simulator.summary());

        assertEquals(List.of(11L, 12L, 13L), simulator.executedOrderIds());
        assertEquals(3, simulator.ordersReceived());
        assertEquals(3, simulator.duplicateOrdersDropped());
        assertEquals(3, simulator.executionsSent());
        assertEquals(3, bridge.executions().stream().map(FakeBridge.Execution::dealId).distinct().count());

        simulator.dropConnectionNow();
        awaitTrue(() -> bridge.hellos().size() == 2 && simulator.isConnected());
        assertEquals(3, bridge.hellos().get(1).ack(), "the bridge need not resend any ORDER");
        assertEquals(List.of(11L, 12L, 13L), simulator.executedOrderIds());
    }

    @Test
    void venueFillsAtTheTouchOfTheSampleTicksAndReportsExecutions() throws Exception
    {
        final List<FakeBridge.Tick> ticks = readTicks(40);
        final long limitPrice = ticks.get(2).ask() - 2;
        int limitFillTick = 3;
        while (ticks.get(limitFillTick).ask() > limitPrice)
        {
            limitFillTick++;
        }
        final FakeBridge bridge = bridge()
            .orderOnTick(1, marketBuy(21, ONE_LOT))
            .orderOnTick(2, new FakeBridge.PlannedOrder(22, 0, 1, 0, ONE_LOT / 10, limitPrice, true))
            .orderOnTick(limitFillTick + 2, marketSell(23, ONE_LOT + ONE_LOT / 10))
            .orderOnTick(limitFillTick + 3, marketBuy(24, 50));
        final TerminalSimulator simulator = launch(context(bridge, 40).speed(ReplaySpeed.MAX).batchSize(1)
            .resendWindowFrames(1).venueSettings(new VenueSettings(7_000_000, 0, 0))
            .accountSnapshotIntervalMs(20));
        assertTrue(simulator.awaitFinished(WAIT), simulator.summary());

        final List<FakeBridge.Execution> executions = bridge.executions();
        assertEquals(5, executions.size(), executions.toString());
        final FakeBridge.Execution buy = executions.get(0);
        assertEquals(21, buy.orderId());
        assertEquals(Frame.EXEC_FILL, buy.execType());
        assertEquals(ticks.get(1).ask(), buy.lastPrice(), "a market buy fills at the ask of the tick it saw");
        assertEquals(ONE_LOT, buy.lastQuantity());
        assertEquals(7_000_000, buy.commission());
        assertEquals(0, buy.retcode());
        assertTrue(buy.dealId() > 0 && buy.venueOrderId() > 0);

        assertEquals(22, executions.get(1).orderId());
        assertEquals(Frame.EXEC_ACCEPTED, executions.get(1).execType(), "a limit below the ask rests");
        final FakeBridge.Execution limitFill = executions.get(2);
        assertEquals(22, limitFill.orderId());
        assertEquals(Frame.EXEC_FILL, limitFill.execType());
        assertEquals(ticks.get(limitFillTick).ask(), limitFill.lastPrice(), "filled on the first tick at the limit");
        assertEquals(700_000, limitFill.commission());

        final FakeBridge.Execution sell = executions.get(3);
        assertEquals(23, sell.orderId());
        assertEquals(ticks.get(limitFillTick + 2).bid(), sell.lastPrice(), "a market sell fills at the bid");

        final FakeBridge.Execution tooSmall = executions.get(4);
        assertEquals(24, tooSmall.orderId());
        assertEquals(Frame.EXEC_REJECTED, tooSmall.execType());
        assertEquals(Mt5ReturnCode.INVALID_VOLUME, tooSmall.retcode(), "0.005 lot is below the volume minimum");

        awaitTrue(() -> !bridge.accounts().isEmpty() &&
            bridge.accounts().get(bridge.accounts().size() - 1).positions().isEmpty() &&
            bridge.accounts().get(bridge.accounts().size() - 1).balance() ==
            TerminalSimulator.Context.STARTING_BALANCE_DEFAULT - 7_000_000 - 700_000 - 7_700_000);
        final AccountSnapshot last = bridge.accounts().get(bridge.accounts().size() - 1);
        assertEquals(100, last.leverage());
        assertTrue(bridge.violations().isEmpty(), bridge.violations().toString());
    }

    @Test
    void pacedReplayTakesAboutTheTicksOwnTimeDividedByTheSpeed() throws Exception
    {
        final List<FakeBridge.Tick> ticks = readTicks(20);
        final long spanMs = ticks.get(19).timeMsc() - ticks.get(0).timeMsc();
        final double factor = 50;
        final long expectedMs = (long)(spanMs / factor);
        final FakeBridge bridge = bridge();
        final long start = System.nanoTime();
        final TerminalSimulator simulator = launch(context(bridge, 20).speed(ReplaySpeed.times(factor)));
        assertTrue(simulator.awaitFinished(WAIT), simulator.summary());
        final long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertTrue(elapsedMs >= expectedMs * 9 / 10, "took " + elapsedMs + " ms, expected about " + expectedMs);
        assertTrue(elapsedMs <= expectedMs + 2_000, "took " + elapsedMs + " ms, expected about " + expectedMs);
        assertEquals(ticks, bridge.ticks());
    }

    @Test
    void latencyHistogramHoldsOneValuePerOrderWithACauseTick() throws Exception
    {
        final FakeBridge bridge = bridge().sendOrdersTwice();
        for (int i = 0; i < 10; i++)
        {
            bridge.orderOnTick(10 + i * 7L, marketBuy(31 + i, ONE_LOT));
        }
        bridge.orderOnTick(90, new FakeBridge.PlannedOrder(41, 1, 0, 0, ONE_LOT, 0, false));
        bridge.orderOnTick(95, new FakeBridge.PlannedOrder(42, 1, 0, 0, ONE_LOT, 0, false));
        final TerminalSimulator simulator = launch(context(bridge, 120).speed(ReplaySpeed.MAX).batchSize(4)
            .dropAfterTicks(50));
        assertTrue(simulator.awaitFinished(WAIT), simulator.summary());

        final Histogram latency = simulator.tickToOrderLatency();
        assertEquals(12, simulator.ordersReceived());
        assertEquals(10, latency.getTotalCount(), "orders without a cause tick and duplicates are not timed");
        assertTrue(latency.getMinValue() > 0);
        assertTrue(latency.getMaxValue() < 5_000_000_000L, "a loopback round trip, not seconds");
        assertEquals(0, simulator.ordersWithUnknownCauseTick());
    }

    @Test
    void authenticationFailureStopsTheTerminalForGood() throws Exception
    {
        final FakeBridge bridge = bridge().refuseWith(ErrorCode.AUTHENTICATION_FAILED, "unknown token");
        final TerminalSimulator simulator = launch(context(bridge, 10).speed(ReplaySpeed.MAX));

        final TerminalRefusedException refused =
            assertThrows(TerminalRefusedException.class, () -> simulator.awaitFinished(WAIT));
        assertEquals(ErrorCode.AUTHENTICATION_FAILED, refused.error().code());
        assertEquals(ErrorCode.AUTHENTICATION_FAILED, simulator.failure().code());
        assertEquals(1, simulator.errorsReceived().size());
        awaitTrue(simulator::isStopped);
        assertEquals(1, bridge.hellos().size(), "no reconnect after a refusal");
    }

    @Test
    void rawConnectionSendsAnythingAndSeesTheBridgeClose() throws Exception
    {
        final FakeBridge bridge = bridge();
        try (RawTerminalConnection raw = RawTerminalConnection.connect("127.0.0.1", bridge.port(), WAIT))
        {
            raw.sendHello(new Hello(1, Frame.HELLO_FLAG_RESET, TENANT, ACCOUNT, 0, 1, "raw", "s3cret",
                List.of(new TerminalSymbol("EURUSD", "EURUSD", 5, 1, 100_000, 100, 100, 1_000_000)), 0));
            final ReceivedFrame welcomeFrame = raw.readFrame(WAIT);
            assertNotNull(welcomeFrame);
            final Welcome welcome = welcomeFrame.welcome();
            assertEquals(1, welcome.symbols().size());

            raw.sendTick(1, 0, 0, 1_399_525_217_007L, 139_147, 139_148);
            final ReceivedFrame ack = raw.readFrame(WAIT);
            assertEquals(FrameType.HEARTBEAT, ack.type());
            assertEquals(1, ack.ack());

            raw.send(new byte[] {(byte)0xFF, (byte)0xFF, (byte)0xFF, 0x7F});
            final ReceivedFrame error = raw.readFrame(WAIT);
            assertEquals(ErrorCode.FRAME_TOO_LARGE, error.error().code());
            assertTrue(raw.awaitClosedByPeer(WAIT));
            assertTrue(raw.isClosedByPeer());
        }
    }

    @Test
    void aLateFillIsReportedExpiredThenFilledAndAnUnknownPositionShowsInEverySnapshot() throws Exception
    {
        final long unknown = 2_500;
        final FakeBridge bridge = bridge()
            .orderOnTick(3, marketBuy(31, ONE_LOT))
            .orderOnTick(6, marketBuy(32, ONE_LOT))
            .orderOnTick(9, marketSell(33, ONE_LOT));
        final TerminalSimulator simulator = launch(context(bridge, 40).speed(ReplaySpeed.MAX).batchSize(1)
            .resendWindowFrames(1).accountSnapshotIntervalMs(5).lateFillEvery(2).lateFillDelayTicks(5)
            .unknownPosition(0, unknown));
        assertTrue(simulator.awaitFinished(WAIT), simulator.summary());

        assertEquals(1, simulator.lateFills());
        assertEquals(List.of(31L, 32L, 33L), simulator.executedOrderIds(), "each ORDER taken once");
        final List<FakeBridge.Execution> late = bridge.executions().stream().filter(e -> e.orderId() == 32).toList();
        assertEquals(2, late.size(), late.toString());
        assertEquals(Frame.EXEC_EXPIRED, late.get(0).execType(), "the terminal gave up on the second order");
        assertEquals(10012, late.get(0).retcode(), "TRADE_RETCODE_TIMEOUT");
        assertEquals(Frame.EXEC_FILL, late.get(1).execType(), "and the trade server filled it anyway");
        assertEquals(ONE_LOT, late.get(1).lastQuantity());
        assertTrue(late.get(1).dealId() > 0);

        awaitTrue(() -> bridge.accounts().size() > 2);
        for (final AccountSnapshot snapshot : bridge.accounts())
        {
            assertEquals(1, snapshot.positions().size(), "the unknown position is always there: " + snapshot);
        }
        awaitTrue(() -> bridge.accounts().get(bridge.accounts().size() - 1).positions().get(0).netVolume() ==
            ONE_LOT + unknown);
        assertTrue(bridge.violations().isEmpty(), bridge.violations().toString());
    }

    @Test
    void contextConcludesOnceAndNamesTheBadSetting()
    {
        final TerminalSimulator.Context concluded = context(8001, 10).conclude();
        try
        {
            assertThrows(IllegalStateException.class, concluded::conclude);
            assertThrows(IllegalStateException.class, () -> concluded.batchSize(8));
        }
        finally
        {
            concluded.close();
        }
        assertTrue(concluded.errorCounter().isClosed());

        final IllegalStateException refused =
            assertThrows(IllegalStateException.class, () -> context(8001, 10).batchSize(0).conclude());
        assertTrue(refused.getMessage().contains(TerminalSimulator.Context.BATCH_SIZE_PROP_NAME), refused.getMessage());

        final IllegalStateException lateFill =
            assertThrows(IllegalStateException.class, () -> context(8001, 10).lateFillEvery(-1).conclude());
        assertTrue(lateFill.getMessage().contains(TerminalSimulator.Context.LATE_FILL_EVERY_PROP_NAME),
            lateFill.getMessage());
        final IllegalStateException unknown =
            assertThrows(IllegalStateException.class, () -> context(8001, 10).unknownPosition(1, 100).conclude());
        assertTrue(unknown.getMessage().contains(TerminalSimulator.Context.UNKNOWN_POSITION_SYMBOL_PROP_NAME),
            unknown.getMessage());
    }

    @Test
    void aSlowStartPollsUntilWelcomeIsReadInsteadOfReconnecting() throws Exception
    {
        final FakeBridge bridge = bridge();
        bridge.orderOnTick(5, marketBuy(51, ONE_LOT));
        final TerminalSimulator simulator = launch(context(bridge, 30).speed(ReplaySpeed.MAX).slowStartMs(300));
        assertTrue(simulator.awaitFinished(WAIT), simulator.summary());

        assertEquals(1, bridge.hellos().size(), "one connection: the empty reads were not taken for a lost link");
        assertEquals(0, simulator.reconnects());
        assertTrue(simulator.emptyReads() >= 5, "polled every 20 ms for 300 ms: " + simulator.emptyReads());
        assertEquals(readTicks(30), bridge.ticks());
        assertEquals(List.of(51L), simulator.executedOrderIds());
        assertTrue(bridge.violations().isEmpty(), bridge.violations().toString());
    }

    @Test
    void aReinitialisedTerminalStartsANewStreamAndDoesNotPlaceAnOrderTwice() throws Exception
    {
        // this stand-in sends every ORDER again after a RESET, as the bridge sends those it held unacknowledged
        final FakeBridge bridge = bridge();
        bridge.orderOnTick(3, marketBuy(61, ONE_LOT)).orderOnTick(8, marketSell(62, ONE_LOT));
        final TerminalSimulator simulator = launch(context(bridge, 40).speed(ReplaySpeed.MAX).batchSize(1)
            .resendWindowFrames(1).reinitialiseAfterTicks(20));
        assertTrue(simulator.awaitFinished(WAIT), simulator.summary());

        assertEquals(1, simulator.reinitialisations());
        assertEquals(2, bridge.hellos().size());
        final Hello again = bridge.hellos().get(1);
        assertEquals(Frame.HELLO_FLAG_RESET, again.flags(), "OnInit forgot everything: a new stream");
        assertEquals(1, again.resumeFromSeq(), "numbered from 1 again, nothing held");
        assertEquals(0, again.ack(), "no ORDER processed in the new stream");
        assertEquals(List.of(61L, 62L), simulator.executedOrderIds(), "each order placed once");
        assertEquals(2, simulator.ordersReconciled());
        final List<FakeBridge.Execution> reconciled = bridge.executions().stream()
            .filter(e -> e.execType() == Frame.EXEC_ACCEPTED).toList();
        assertEquals(List.of(61L, 62L), reconciled.stream().map(FakeBridge.Execution::orderId).toList());
        assertTrue(reconciled.get(0).text().startsWith("already placed as #"), reconciled.get(0).text());
        assertEquals(2, bridge.executions().stream().filter(e -> e.execType() == Frame.EXEC_FILL)
            .map(FakeBridge.Execution::dealId).distinct().count(), "one deal per order");
        assertTrue(bridge.ticks().containsAll(readTicks(40)), "ticks not acknowledged before are sent again");
        assertTrue(bridge.violations().isEmpty(), bridge.violations().toString());
    }

    @Test
    void lateDealsGoOutBeforeTheirOrdersCancelOrAfterItInTheOldOrder() throws Exception
    {
        assertEquals(List.of(Frame.EXEC_PARTIAL_FILL, Frame.EXEC_CANCELLED), cappedIocBuy(LateDeals.END_WAITS));
        assertEquals(List.of(Frame.EXEC_CANCELLED, Frame.EXEC_PARTIAL_FILL), cappedIocBuy(LateDeals.END_FIRST));
        assertEquals(List.of(Frame.EXEC_PARTIAL_FILL, Frame.EXEC_CANCELLED), cappedIocBuy(LateDeals.NONE));
    }

    /** The execTypes a one-lot market buy on an IOC-only symbol reports when the venue fills 0.3 lot at most. */
    private List<Integer> cappedIocBuy(final LateDeals lateDeals) throws Exception
    {
        final FakeBridge bridge = bridge();
        bridge.orderOnTick(2, marketBuy(71, ONE_LOT));
        final TerminalSimulator simulator = launch(context(bridge, 20).speed(ReplaySpeed.MAX)
            .symbols(List.of(new ReplayedSymbol(new TerminalSymbol("EURUSD", "EURUSD", 5, Frame.FILLING_IOC,
                100_000, 100, 100, 1_000_000), EURUSD)))
            .venueSettings(new VenueSettings(0, 3 * ONE_LOT / 10))
            .lateDeals(lateDeals));
        assertTrue(simulator.awaitFinished(WAIT), simulator.summary());
        assertEquals(lateDeals == LateDeals.NONE ? 0 : 1, simulator.dealsHeld());
        assertEquals(lateDeals == LateDeals.END_FIRST ? 1 : 0, simulator.fillsAfterEnd());
        assertEquals(3 * ONE_LOT / 10, simulator.quantityFilled());
        return bridge.executions().stream().map(FakeBridge.Execution::execType).toList();
    }

    // ---------------------------------------------------------------- fixture

    private FakeBridge bridge() throws IOException
    {
        final FakeBridge bridge = new FakeBridge();
        resources.add(bridge);
        return bridge;
    }

    private TerminalSimulator launch(final TerminalSimulator.Context context)
    {
        final TerminalSimulator simulator = TerminalSimulator.launch(context);
        resources.add(simulator);
        return simulator;
    }

    private static TerminalSimulator.Context context(final FakeBridge bridge, final long ticks)
    {
        return context(bridge.port(), ticks);
    }

    private static TerminalSimulator.Context context(final int port, final long ticks)
    {
        return new TerminalSimulator.Context()
            .host("127.0.0.1")
            .port(port)
            .tenantId(TENANT)
            .accountId(ACCOUNT)
            .terminalId("5001234@Sim-Demo")
            .token("s3cret")
            .symbol(ReplayedSymbol.forex("EURUSD", 5, EURUSD))
            .tickLimit(ticks)
            .reconnectBackoffMs(1, 4)
            .venueSettings(VenueSettings.defaults())
            .log(message -> { });
    }

    private static List<FakeBridge.Tick> readTicks(final int count) throws IOException
    {
        final List<FakeBridge.Tick> ticks = new ArrayList<>();
        try (Mt5TickReader reader = Mt5TickReader.open(EURUSD, 5))
        {
            reader.read((timeMsc, bid, ask, last, volume, flags) ->
                ticks.add(new FakeBridge.Tick(0, timeMsc, bid, ask, last, volume, flags)), count);
        }
        return ticks;
    }

    private static String string(final ByteBuffer buffer, final int at)
    {
        final int length = buffer.get(at) & 0xFF;
        final byte[] bytes = new byte[length];
        buffer.get(at + 1, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static void awaitTrue(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "condition not met within " + WAIT);
            Thread.sleep(5);
        }
    }
}
