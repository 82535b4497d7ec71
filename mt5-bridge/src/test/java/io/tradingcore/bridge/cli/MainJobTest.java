package io.tradingcore.bridge.cli;

import io.tradingcore.bridge.simulator.ReplaySpeed;
import io.tradingcore.bridge.simulator.ReplayedSymbol;
import io.tradingcore.bridge.simulator.TerminalSimulator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scripts/run's job end to end: the whole sample day through the bridge socket, then the summary. */
class MainJobTest
{
    @org.junit.jupiter.api.BeforeAll
    static void home()
    {
        System.setProperty("tradingcore.home", "..");
    }

    @Test
    void replaysTheSampleThroughTheSocketAndSummarises() throws Exception
    {
        final Path data = Files.createTempDirectory("main-job");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = MainJob.run(new String[]{"--data", data.toString(), "--port", "0"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        final String summary = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, summary + err);
        assertTrue(summary.contains("ticks in            167,430 journaled from terminals over TCP"), summary);
        assertTrue(summary.contains("terminal positions  agree with the core"), summary);
        assertTrue(summary.matches("(?s).*tick-to-order       p50 \\d+ us .*"), summary);
        assertTrue(summary.contains("0 rejected"), summary);
        assertTrue(summary.contains("replay it:  scripts/replay verify --data " + data), summary);

        final ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(0, MainJob.run(new String[]{"--data", data.toString(), "--port", "0"},
            new PrintStream(again, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("ticks in            0 journaled"),
            "a second run on the same folder repeats no tick: " + again);
    }

    @Test
    void liveModeWaitsForRealTerminalsUntilTheDurationEnds() throws Exception
    {
        final Path data = Files.createTempDirectory("main-job-live");
        final int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int[] exit = {-1};
        final Thread job = new Thread(() -> exit[0] = MainJob.run(new String[]{"--live", "--data", data.toString(),
            "--port", String.valueOf(port), "--duration", "4s"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        job.start();
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!out.toString(StandardCharsets.UTF_8).contains("for MT5 terminals") && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        try (TerminalSimulator terminal = TerminalSimulator.launch(new TerminalSimulator.Context()
            .port(port).tenantId(1).accountId(1001).terminalId("real-one").token("demo-token-change-me")
            .symbol(ReplayedSymbol.forex("EURUSD", 5, Path.of("../samples/EURUSD_20140508.mt5.csv.gz")))
            .speed(ReplaySpeed.MAX).tickLimit(5_000).log(line -> { })))
        {
            assertTrue(terminal.awaitFinished(Duration.ofSeconds(10)), terminal.summary());
        }
        job.join(20_000);
        final String summary = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit[0], summary);
        assertTrue(summary.contains("ticks in            5,000 journaled from terminals over TCP"), summary);
        assertTrue(summary.contains("bridge              1 connections, 1 handshakes"), summary);
    }

    @Test
    void badOptionsAreOneLineErrors()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, MainJob.run(new String[]{"--bogus"}, System.out, errors));
        assertEquals(1, MainJob.run(new String[]{"--ticks", "/no/such/file.csv"}, System.out, errors));
        assertEquals(1, MainJob.run(new String[]{"--duration", "soon"}, System.out, errors));
        final String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("run: unknown argument '--bogus' (see --help)"), text);
        assertTrue(text.contains("tick file /no/such/file.csv not found"), text);
        assertTrue(text.contains("--duration must look like 90s"), text);
    }
}
