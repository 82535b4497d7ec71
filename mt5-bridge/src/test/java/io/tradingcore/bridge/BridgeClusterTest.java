package io.tradingcore.bridge;

import io.tradingcore.bridge.simulator.TerminalSimulator;
import io.tradingcore.cluster.ClusterClient;
import io.tradingcore.cluster.ClusterLayout;
import io.tradingcore.cluster.NodeStatus;
import io.tradingcore.cluster.TestCluster;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.outputs.OutputJournalWriter;
import io.tradingcore.pipeline.ClientKeys;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge in cluster mode against three cluster members in this JVM: the reference data sent first under session
 * 1, then the simulated terminal replays a slice of the real tick file through the bridge's socket; every input is
 * acknowledged by the cluster, every terminal frame by the bridge, the example strategy's orders reach the terminal
 * and their fills come back on the egress, and the three members end with the same state.
 */
class BridgeClusterTest
{
    private static final int TICKS = 20_000;

    @Test
    void terminalTradesThroughTheClusterAndTheMembersAgree() throws Exception
    {
        final Path dir = BridgeRig.tempData("cluster");
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        TestCluster cluster = null;
        ClusterClient observer = null;
        Thread observerThread = null;
        final AtomicBoolean observing = new AtomicBoolean(true);
        BridgeServer bridge = null;
        TerminalSimulator terminal = null;
        try
        {
            cluster = TestCluster.started(dir);
            final ClusterLayout layout = cluster.layout();
            final byte[] key = ClientKeys.loadOrIssue(cluster.clientsFile(), "bridge", dir.resolve("bridge.key"));
            final ReferenceData referenceData = BridgeRig.busyStrategyReferenceData();

            final ClusterReferenceData.Sent sent = ClusterReferenceData.send(
                clientContext(layout, key, "reference-data", log), referenceData.inputs(), Duration.ofSeconds(60));
            assertEquals(referenceData.inputs().size(), sent.acknowledged(), "reference data acknowledged");
            // The same list again: answered as duplicates, applied once.
            assertEquals(referenceData.inputs().size(), ClusterReferenceData.send(
                clientContext(layout, key, "reference-data", log), referenceData.inputs(), Duration.ofSeconds(60))
                .acknowledged());

            // Every client session receives every output batch: this one watches what the engine says.
            final InputRecorder recorder = new InputRecorder();
            final ClusterClient watching = ClusterClient.launch(clientContext(layout, key, "observer", log)
                .outputListener((inputSequence, buffer, offset, length) -> eachMessage(buffer, offset, length,
                    (at, messageLength) -> recorder.onOutput(inputSequence, buffer, at, messageLength))));
            observer = watching;
            observerThread = new Thread(() ->
            {
                while (observing.get())
                {
                    if (watching.poll() == 0)
                    {
                        Thread.onSpinWait();
                    }
                }
            }, "cluster-observer");
            observerThread.start();

            final BridgeContext bridgeContext = new BridgeContext().port(0).log(log::add);
            for (final InstrumentSpec spec : referenceData.instrumentsBySymbol().values())
            {
                bridgeContext.instrument(new CoreInstrument(spec.instrumentId(), spec.symbol(), spec.digits(),
                    spec.contractSize()));
            }
            bridge = new BridgeServer(bridgeContext).startClustered(clientContext(layout, key, "bridge", log));
            terminal = TerminalSimulator.launch(BridgeEndToEndTest.simulator(bridge.port(), 1001, "cluster-terminal")
                .tickLimit(TICKS)
                .firstTicket(System.currentTimeMillis() * 1_000));

            assertTrue(terminal.awaitFinished(Duration.ofSeconds(180)), "terminal finished: " + terminal.summary() +
                "; log " + tail(log));
            final BridgeServer server = bridge;
            await("the bridge's inputs acknowledged", () -> server.clusterLink().allAcknowledged(), log);
            final ClusterLink link = bridge.clusterLink();
            assertTrue(link.offered() >= TICKS, "inputs offered: " + link);
            assertEquals(TICKS, terminal.uniqueTicksSent(), "ticks sent");
            assertEquals(TICKS, terminal.ticksAcknowledged(), "ticks acknowledged to the terminal");
            assertEquals(TICKS, bridge.stats().ticksForwarded(), "ticks offered to the cluster");

            await("every routed order filled", () ->
            {
                synchronized (recorder)
                {
                    return !recorder.orderQuantities.isEmpty() &&
                        recorder.filledQuantities.size() == recorder.orderQuantities.size();
                }
            }, log);
            synchronized (recorder)
            {
                assertTrue(recorder.orderQuantities.size() > 10, "the strategy traded: " +
                    recorder.orderQuantities.size());
                for (final Map.Entry<Long, Long> order : recorder.orderQuantities.entrySet())
                {
                    assertEquals(order.getValue(), recorder.filledQuantities.get(order.getKey()),
                        "order " + order.getKey() + " filled exactly once, in full");
                }
                final List<Long> executed = terminal.executedOrderIds();
                assertEquals(executed.size(), new HashSet<>(executed).size(), "no order executed twice");
                assertEquals(recorder.orderQuantities.keySet(), new HashSet<>(executed),
                    "the terminal executed every order the engine accepted");
                assertEquals(recorder.newOrdersRouted, executed.size(), "every routed order reached the terminal");
            }
            assertEquals(bridge.stats().ordersWritten(), terminal.ordersReceived() -
                terminal.duplicateOrdersDropped(), "orders written = orders the terminal took");

            assertMembersAgree(cluster, TestCluster.MEMBERS, log);
        }
        finally
        {
            observing.set(false);
            if (null != observerThread)
            {
                observerThread.join(5_000);
            }
            CloseHelper.closeAll(terminal, bridge, observer, cluster);
        }
    }

    static ClusterClient.Context clientContext(final ClusterLayout layout, final byte[] key, final String what,
        final List<String> log)
    {
        return new ClusterClient.Context()
            .ingressEndpoints(layout.ingressEndpoints())
            .clientName("bridge")
            .key(key)
            .log(line -> log.add(what + ": " + line));
    }

    /** Waits until the running members show the same input, then checks their state hashes are equal. */
    static void assertMembersAgree(final TestCluster cluster, final int running, final List<String> log)
        throws InterruptedException
    {
        await("the members at the same input", () -> null != cluster.settledStatuses(), log);
        final List<NodeStatus.Line> lines = cluster.settledStatuses();
        assertEquals(running, lines.size(), "members running: " + lines);
        final String hash = lines.get(0).stateHash();
        assertTrue(!hash.isEmpty(), "a state hash");
        for (final NodeStatus.Line line : lines)
        {
            assertEquals(hash, line.stateHash(), "state hashes: " + lines);
        }
    }

    @FunctionalInterface
    interface MessageAt
    {
        void accept(int offset, int length);
    }

    /** Each message of an output batch as the egress brings it: input sequence, then length-framed messages. */
    static void eachMessage(final DirectBuffer buffer, final int offset, final int length, final MessageAt handler)
    {
        final int end = offset + length;
        for (int at = offset + OutputJournalWriter.HEADER_LENGTH; at + Integer.BYTES <= end; )
        {
            final int messageLength = buffer.getInt(at, ByteOrder.LITTLE_ENDIAN);
            handler.accept(at + Integer.BYTES, messageLength);
            at += Integer.BYTES + messageLength;
        }
    }

    static void await(final String what, final BooleanSupplier condition, final List<String> log)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what + "; log " + tail(log));
            }
            Thread.sleep(10);
        }
    }

    private static List<String> tail(final List<String> log)
    {
        synchronized (log)
        {
            return new ArrayList<>(log.subList(Math.max(0, log.size() - 40), log.size()));
        }
    }
}
