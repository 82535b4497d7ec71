package io.tradingcore.bridge;

import io.tradingcore.bridge.cli.MainJob;
import io.tradingcore.bridge.simulator.ReplaySpeed;
import io.tradingcore.bridge.simulator.ReplayedSymbol;
import io.tradingcore.bridge.simulator.TerminalSimulator;
import io.tradingcore.codec.ExecutionReportDecoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.outputs.OutputJournalReader;
import io.tradingcore.pipeline.InputEvent;
import io.tradingcore.replay.ReplayVerifier;
import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.venue.VenueSettings;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scenario with the kills automated: the main job ({@code scripts/run --live}: core and bridge) runs in a
 * child JVM and is killed with SIGKILL at random moments (seeded) while a terminal in this JVM, which lives on,
 * trades through it; after each kill the job starts again on the same data folder and the terminal reconnects. At the
 * end every order the core routed was executed exactly once by the terminal, every deal was journaled once, the
 * terminal's and the core's positions agree, and the journals replay identically with no gap in the sequences.
 */
class BridgeRestartTest
{
    private static final long ACCOUNT = 1001;
    private static final int KILLS = 5;
    private static final long TICKS = 24_000;
    private static final Path SAMPLE = Path.of("../samples/EURUSD_20140508.mt5.csv.gz");

    @TempDir
    Path folder;

    @Test
    void sigkillsAtRandomMomentsNeitherLoseNorRepeatAnOrder() throws Exception
    {
        final Random random = new Random(20261206);
        final Path data = folder.resolve("data");
        final int port = freePort();
        writeConfig();
        final long started = System.nanoTime();
        Process job = startJob(data, port, 0);
        final List<String> restarts = new ArrayList<>();
        final TerminalSimulator terminal = TerminalSimulator.launch(new TerminalSimulator.Context()
            .port(port)
            .tenantId(1)
            .accountId(ACCOUNT)
            .terminalId("restart-terminal")
            .token("demo-token-change-me")
            .symbol(ReplayedSymbol.forex("EURUSD", 5, SAMPLE))
            .tickLimit(TICKS)
            // some 25 s of market flow over the socket, trading all along: room for the kills on a slow machine
            .speed(ReplaySpeed.times(1_000))
            .reconnectBackoffMs(50, 250)
            .venueSettings(VenueSettings.defaults())
            .log(line ->
            {
            }));
        try
        {
            int kills = 0;
            while (kills < KILLS && !terminal.isFinished())
            {
                TimeUnit.MILLISECONDS.sleep(300 + random.nextInt(1_200));
                if (random.nextBoolean())
                {
                    // Right after an order reached the terminal: its execution is on its way back, or journaled and
                    // not yet acknowledged, or the next order is on its way out.
                    final long orders = terminal.ordersReceived();
                    while (terminal.ordersReceived() == orders && !terminal.isFinished())
                    {
                        Thread.onSpinWait();
                    }
                    TimeUnit.MICROSECONDS.sleep(random.nextInt(3_000));
                }
                final long ordersBefore = terminal.ordersReceived();
                assertTrue(job.destroyForcibly().waitFor(30, TimeUnit.SECONDS), "the job did not die");
                kills++;
                job = startJob(data, port, kills);
                restarts.add("kill " + kills + " after " + ordersBefore + " orders: " + restoredLine(kills));
            }
            assertTrue(kills >= 3, "only " + kills + " kills landed before the terminal was done");
            assertTrue(terminal.awaitFinished(Duration.ofSeconds(90)), "the terminal did not finish: " +
                terminal.summary());
            awaitSettled(terminal);
            job.destroy();
            assertTrue(job.waitFor(30, TimeUnit.SECONDS), "the job did not stop on SIGTERM");
            restarts.forEach(System.out::println);
            System.out.printf("%d kills in %d ms; terminal: %s%n", kills, (System.nanoTime() - started) / 1_000_000,
                terminal.summary());

            final List<Long> executed = terminal.executedOrderIds();
            assertEquals(executed.size(), new HashSet<>(executed).size(), "an order executed twice: " + executed);
            final CoreRecord core = readJournals(data);
            assertTrue(core.routed.size() > 50, "the strategy traded: " + core.routed.size() + " orders");
            assertEquals(new TreeSet<>(core.routed), new TreeSet<>(executed),
                "every routed order executed by the terminal, none other");
            assertEquals(0, core.undelivered, "orders that expired undelivered");
            assertEquals(executed.size(), core.filledOrders, "every executed order filled in the core");
            assertEquals(core.net, terminal.netVolume(0), "the terminal's and the core's positions");

            final ReplayVerifier.Result verify = ReplayVerifier.verify(data, ExampleStrategies.catalog(), (r, t) ->
            {
            });
            assertTrue(verify.chainsIntact(), "journal chains intact");
            assertTrue(verify.identical(), "output journal matches a replay: " + verify.divergence());
        }
        finally
        {
            terminal.close();
            job.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** What the journals say: orders routed, deals, the account's net position; each deal journaled once. */
    private static final class CoreRecord
    {
        final List<Long> routed = new ArrayList<>();
        long undelivered;
        long filledOrders;
        long net;
    }

    private static CoreRecord readJournals(final Path data)
    {
        final CoreRecord record = new CoreRecord();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final ExecutionReportDecoder report = new ExecutionReportDecoder();
        final LongHashSet deals = new LongHashSet();
        final Set<String> reports = new HashSet<>();
        final Engine engine = new Engine(ExampleStrategies.catalog(), (s, b, o, l) ->
        {
        });
        final long[] expected = {1};
        try (Journal journal = Journal.open(new Journal.Context().directory(data.resolve("journal").resolve("input"))
            .readOnly(true));
            JournalReader reader = journal.reader())
        {
            while (reader.poll((sequence, buffer, offset, length) ->
            {
                assertEquals(expected[0]++, sequence, "input sequences continue without a gap");
                final int message = offset + InputEvent.INPUT_HEADER;
                engine.onInput(sequence, buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN), buffer, message,
                    length - InputEvent.INPUT_HEADER);
                header.wrap(buffer, message);
                if (header.templateId() == ExecutionReportDecoder.TEMPLATE_ID)
                {
                    report.wrapAndApplyHeader(buffer, message, header);
                    final String text = report.text();
                    if (text.startsWith("undelivered"))
                    {
                        record.undelivered++;
                    }
                    assertTrue(report.dealId() == 0 || deals.add(report.dealId()),
                        "deal " + report.dealId() + " journaled twice");
                    assertTrue(reports.add(report.orderId() + "/" + report.execTypeRaw() + "/" + report.dealId()),
                        "execution " + report.orderId() + "/" + report.execType() + " journaled twice");
                }
            }, 10_000) > 0)
            {
                // read to the end
            }
        }
        for (final EngineStateReport.PositionLine position : engine.report().positions())
        {
            if (position.accountId() == ACCOUNT)
            {
                record.net += position.netQuantity();
            }
        }
        final OrderRoutedDecoder routed = new OrderRoutedDecoder();
        final FillDecoder fill = new FillDecoder();
        final Long2LongHashMap filled = new Long2LongHashMap(0);
        try (Journal journal = Journal.open(new Journal.Context().directory(data.resolve("journal").resolve("output"))
            .readOnly(true));
            JournalReader entries = journal.reader())
        {
            final OutputJournalReader batches = new OutputJournalReader(entries);
            while (batches.poll((inputSequence, buffer, offset, length) -> OutputBatch.forEach(buffer, offset, length,
                (message, at, messageLength) ->
                {
                    header.wrap(message, at);
                    if (header.templateId() == OrderRoutedDecoder.TEMPLATE_ID)
                    {
                        routed.wrapAndApplyHeader(message, at, header);
                        assertEquals(RouteAction.NEW, routed.action(), "the strategy only places orders");
                        record.routed.add(routed.orderId());
                    }
                    else if (header.templateId() == FillDecoder.TEMPLATE_ID)
                    {
                        fill.wrapAndApplyHeader(message, at, header);
                        if (fill.leavesQuantity() == 0)
                        {
                            filled.put(fill.orderId(), 1);
                        }
                    }
                })))
            {
                // read to the end
            }
        }
        record.filledOrders = filled.size();
        return record;
    }

    /** No order on its way to or from the terminal: its count holds still while it has nothing left to do. */
    private static void awaitSettled(final TerminalSimulator terminal) throws InterruptedException
    {
        long orders = -1;
        while (orders != terminal.ordersReceived() || !terminal.isFinished())
        {
            orders = terminal.ordersReceived();
            TimeUnit.MILLISECONDS.sleep(1_000);
        }
    }

    /** The main job in a child JVM, listening once this returns; its output goes to a file of its own. */
    private Process startJob(final Path data, final int port, final int run) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle"))
            {
                command.add(argument);
            }
        }
        command.add("-Xmx512m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MainJob.class.getName());
        command.addAll(List.of("--live", "--data", data.toString(), "--port", Integer.toString(port), "--ticks",
            SAMPLE.toString(), "--config", folder.resolve("core.conf").toString()));
        final Path log = folder.resolve("job-" + run + ".log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("bridge listening on"))
        {
            assertTrue(process.isAlive(), "run " + run + " of the job ended: " + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "run " + run + " of the job did not listen within 60 s");
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return process;
    }

    /** The default reference data with a strategy that trades every few ticks, so that kills find orders on the way. */
    private void writeConfig() throws IOException
    {
        final String busy = ReferenceData.defaultsWithStrategyParameters("bar=0 fast=2 slow=3");
        assertTrue(busy.contains("bar=0 fast=2 slow=3"), busy);
        Files.writeString(folder.resolve("core.conf"), busy);
    }

    private String restoredLine(final int run) throws IOException
    {
        return Files.readAllLines(folder.resolve("job-" + run + ".log")).stream()
            .filter(line -> line.contains("restored")).findFirst().orElse("(no restore line)");
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
