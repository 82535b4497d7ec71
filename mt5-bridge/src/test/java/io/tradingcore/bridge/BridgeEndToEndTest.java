package io.tradingcore.bridge;

import io.tradingcore.bridge.simulator.ReplaySpeed;
import io.tradingcore.bridge.simulator.ReplayedSymbol;
import io.tradingcore.bridge.simulator.TerminalSimulator;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.marketdata.Mt5TickFile;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.venue.VenueSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Simulator -> bridge -> engine -> orders -> simulator fills -> positions, over real TCP, checked
 * exactly: the engine journals the file's ticks in order, each once, and every order the strategy
 * sends is executed once and only once, also when the connection drops 50 times mid-stream.
 */
class BridgeEndToEndTest
{
    static final Path SAMPLE = Path.of("../samples/EURUSD_20140508.mt5.csv.gz");
    private static final int TICKS = 60_000;

    @Test
    void everyTickOnceEveryOrderExecutedOncePositionsExact() throws Exception
    {
        runAndCheck(0);
    }

    @Test
    void fiftyDroppedConnectionsLoseNothingAndRepeatNothing() throws Exception
    {
        final TerminalSimulator terminal = runAndCheck(50);
        assertTrue(terminal.reconnects() >= 50, "reconnects: " + terminal.reconnects());
    }

    private static TerminalSimulator runAndCheck(final int drops) throws Exception
    {
        final InputRecorder recorder = new InputRecorder();
        final BridgeContext bridge = new BridgeContext();
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("e2e"), BridgeRig.busyStrategyReferenceData(), bridge,
            recorder);
             TerminalSimulator terminal = TerminalSimulator.launch(simulator(rig.port(), 1001, "e2e-terminal")
                 .tickLimit(TICKS)
                 .randomDrops(drops, 20261122L)
                 .reconnectBackoffMs(10, 50)))
        {
            assertTrue(terminal.awaitFinished(Duration.ofSeconds(120)), "simulator finished: " + terminal.summary() +
                "; bridge log " + rig.log);
            rig.await("every order executed", Duration.ofSeconds(20), () ->
            {
                synchronized (recorder)
                {
                    return recorder.filledQuantities.size() == recorder.orderQuantities.size();
                }
            });
            final EngineStateReport report = rig.stop();

            final List<long[]> expected = sampleTicks(TICKS);
            assertEquals(expected.size(), recorder.ticks.size(), "ticks journaled");
            for (int i = 0; i < expected.size(); i++)
            {
                final long[] want = expected.get(i);
                final long[] got = recorder.ticks.get(i);
                assertEquals(want[0], got[1], "time of tick " + i);
                assertEquals(want[1], got[2], "bid of tick " + i);
                assertEquals(want[2], got[3], "ask of tick " + i);
            }

            assertTrue(recorder.orderQuantities.size() > 100, "the strategy traded: "
                + recorder.orderQuantities.size());
            for (final Map.Entry<Long, Long> order : recorder.orderQuantities.entrySet())
            {
                assertEquals(order.getValue(), recorder.filledQuantities.get(order.getKey()),
                    "order " + order.getKey() + " filled exactly once, in full");
            }
            final List<Long> executed = terminal.executedOrderIds();
            assertEquals(executed.size(), new HashSet<>(executed).size(), "no order executed twice by the terminal");
            assertEquals(recorder.orderQuantities.keySet(), new HashSet<>(executed),
                "the terminal executed every order");
            assertEquals(recorder.newOrdersRouted, executed.size());

            final long net = report.positions().stream().mapToLong(EngineStateReport.PositionLine::netQuantity).sum();
            assertEquals(recorder.netByAccount.getOrDefault(1001L, 0L), net, "position = sum of fills");
            assertEquals(0, report.openOrders().size(), "no order left open");
            return terminal;
        }
    }

    static TerminalSimulator.Context simulator(final int port, final long account, final String terminalId)
    {
        return new TerminalSimulator.Context()
            .port(port)
            .tenantId(1)
            .accountId(account)
            .terminalId(terminalId)
            .token("demo-token-change-me")
            .symbol(ReplayedSymbol.forex("EURUSD", 5, SAMPLE))
            .speed(ReplaySpeed.MAX)
            .resendWindowFrames(4)
            .venueSettings(VenueSettings.defaults());
    }

    /** time, bid, ask of the sample's first {@code count} ticks. */
    static List<long[]> sampleTicks(final int count) throws Exception
    {
        final List<long[]> ticks = new ArrayList<>();
        try (Mt5TickReader reader = Mt5TickFile.builder(SAMPLE).digits(5).build().open())
        {
            while (ticks.size() < count && reader.read((time, bid, ask, last, volume, flags) ->
            {
                if (ticks.size() < count)
                {
                    ticks.add(new long[]{time, bid, ask});
                }
            }, 1) > 0)
            {
                continue;
            }
        }
        return ticks;
    }
}
