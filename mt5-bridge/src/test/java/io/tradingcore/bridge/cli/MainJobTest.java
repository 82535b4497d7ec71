package io.tradingcore.bridge.cli;

import io.tradingcore.bridge.simulator.ReplaySpeed;
import io.tradingcore.bridge.simulator.ReplayedSymbol;
import io.tradingcore.bridge.simulator.TerminalSimulator;
import io.tradingcore.cli.CommandLines;
import io.tradingcore.bridge.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void replaysTheSampleThroughTheSocketAndSummarises(@TempDir final Path data) throws Exception
    {
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
    void liveModeWaitsForRealTerminalsUntilTheDurationEnds(@TempDir final Path data) throws Exception
    {
        final int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int[] exit = {-1};
        final Thread job = new Thread(() -> exit[0] = MainJob.run(new String[]{"--live", "--data=" + data,
            "--port=" + port, "--duration=4s"}, new PrintStream(out, true, StandardCharsets.UTF_8),
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
    void aWrongOptionIsNamedAboveTheUsage()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream output = new PrintStream(out, true, StandardCharsets.UTF_8);
        final PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, MainJob.run(new String[]{"--bogus"}, output, errors));
        final List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("run: Unknown option: '--bogus'", lines.get(0));
        assertTrue(lines.get(1).startsWith("Usage: scripts/run [-h] [--ticks=FILE] "), lines.get(1));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing ran");

        err.reset();
        assertEquals(2, MainJob.run(new String[]{"--duration", "soon"}, output, errors));
        assertEquals(2, MainJob.run(new String[]{"--speed=fast"}, output, errors));
        assertEquals(2, MainJob.run(new String[]{"--port", "80a"}, output, errors));
        assertEquals(2, MainJob.run(new String[]{"--position-mismatch=shrug"}, output, errors));
        final String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("run: Invalid value for option '--duration': 'soon' is not a duration like 90s, 5m, " +
            "1h or 250ms\n"), text);
        assertTrue(text.contains("run: Invalid value for option '--speed': 'fast' is not realtime, max or a positive " +
            "factor such as 10\n"), text);
        assertTrue(text.contains("run: Invalid value for option '--port': '80a' is not an int\n"), text);
        assertTrue(text.contains("run: Invalid value for option '--position-mismatch': 'shrug' is neither alert nor " +
            "halt\n"), text);
    }

    @Test
    void aRunThatCannotStartIsOneLine()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, MainJob.run(new String[]{"--ticks", "/no/such/file.csv"}, System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("run: tick file /no/such/file.csv not found\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void beyondLoopbackTheDemoTokenAndPlaintextAreRefusedInOneLine(@TempDir final Path folder) throws Exception
    {
        final Path data = Files.createDirectories(folder.resolve("data"));
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(1, MainJob.run(new String[]{"--live", "--bridge-host", "0.0.0.0", "--data", data.toString()},
            System.out, errors));
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("run: refusing to listen on 0.0.0.0, beyond loopback, with the built-in " +
            "demo token demo-token-change-me"), lines.get(0));

        final Path terminals = folder.resolve("terminals.conf");
        Files.writeString(terminals, "terminal k3Jq8vT2mW9xR4pL7sN1bY6cF0hD5gZe tenant=1 accounts=1001\n");
        err.reset();
        assertEquals(1, MainJob.run(new String[]{"--live", "--bridge-host", "0.0.0.0", "--terminals",
            terminals.toString(), "--data", data.toString()}, System.out, errors));
        lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("run: refusing to listen on 0.0.0.0, beyond loopback, without a " +
            "certificate"), lines.get(0));

        err.reset();
        assertEquals(1, MainJob.run(new String[]{"--tls-cert", "bridge.crt", "--tls-key", "bridge.key"}, System.out,
            errors));
        assertEquals("run: --tls-cert and --tls-key are for real terminals: add --live (the simulated terminal of a " +
            "replay dials the bridge in plaintext)\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void liveBeyondLoopbackListensWithTlsAndYourTokens(@TempDir final Path folder) throws Exception
    {
        final TestCertificates certificates = TestCertificates.create(folder);
        final Path terminals = folder.resolve("terminals.conf");
        Files.writeString(terminals, "terminal k3Jq8vT2mW9xR4pL7sN1bY6cF0hD5gZe tenant=1 accounts=1001\n");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = MainJob.run(new String[]{"--live", "--bridge-host", "0.0.0.0", "--port", "0", "--terminals",
            terminals.toString(), "--tls-cert", certificates.certificatePem.toString(), "--tls-key",
            certificates.privateKeyPem.toString(), "--data", folder.resolve("data").toString(), "--duration", "1s"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        final String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, printed + err);
        assertTrue(printed.matches("(?s).*bridge listening on 0\\.0\\.0\\.0:\\d+ with TLS for MT5 terminals " +
            "\\(tokens: " + java.util.regex.Pattern.quote(terminals.toString()) + "\\).*"), printed);
    }

    @Test
    void equalsSignsAndSpacesGiveTheSameOptions()
    {
        final Map<String, String> spaced = options("--ticks", "t.csv", "--speed", "60", "--data", "d", "--duration",
            "5m", "--port", "18101", "--bridge-host", "0.0.0.0", "--terminals", "tokens.conf", "--config", "core.conf",
            "--account", "7", "--symbol", "XAUUSD", "--position-mismatch", "halt", "--live");
        final Map<String, String> joined = options("--ticks=t.csv", "--speed=60", "--data=d", "--duration=5m",
            "--port=18101", "--bridge-host=0.0.0.0", "--terminals=tokens.conf", "--config=core.conf", "--account=7",
            "--symbol=XAUUSD", "--position-mismatch=HALT", "--live");
        assertEquals(spaced, joined);
        assertEquals("60.0x", spaced.get("--speed"));
        assertEquals("PT5M", spaced.get("--duration"));
        assertEquals("18101", spaced.get("--port"));
        assertEquals("true", spaced.get("--live"));
        assertEquals("HALT", spaced.get("--position-mismatch"));

        final Map<String, String> defaults = options();
        assertEquals("max", defaults.get("--speed"));
        assertEquals("data", defaults.get("--data"));
        assertEquals("null", defaults.get("--duration"));
        assertEquals("8001", defaults.get("--port"));
        assertEquals("127.0.0.1", defaults.get("--bridge-host"));
        assertEquals("1001", defaults.get("--account"));
        assertEquals("false", defaults.get("--live"));
        assertEquals("null", defaults.get("--position-mismatch"), "the bridge's setting decides");
        assertEquals(Map.of("--duration", "PT0.25S"), difference(defaults, options("--duration=250ms")));
        assertEquals(Map.of("--duration", "PT1H"), difference(defaults, options("--duration", "1h")));
        assertEquals(Map.of("--speed", "realtime"), difference(defaults, options("--speed=realtime")));
    }

    @Test
    void helpListsEveryOptionAndCompletionIsGenerated()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream output = new PrintStream(out, true, StandardCharsets.UTF_8);
        final PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, MainJob.run(new String[]{"-h"}, output, errors));
        final String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("Usage: scripts/run "), help);
        for (final String option : List.of("--ticks=FILE", "--speed=max|realtime|N", "--data=DIR",
            "--duration=90s|5m|1h", "--port=PORT", "--bridge-host=HOST", "--terminals=FILE", "--tls-cert=FILE",
            "--tls-key=FILE", "--insecure-plaintext", "--config=FILE", "--account=ID", "--symbol=SYMBOL",
            "--position-mismatch=alert|halt", "--live"))
        {
            assertTrue(help.contains("      " + option + " "), option + " in " + help);
        }
        assertFalse(help.contains(CommandLines.COMPLETION), help);
        assertEquals("", err.toString(StandardCharsets.UTF_8));

        out.reset();
        assertEquals(0, MainJob.run(new String[]{CommandLines.COMPLETION}, output, errors));
        final String script = out.toString(StandardCharsets.UTF_8);
        assertTrue(script.contains("complete -F _complete_scripts/run "), script);
        assertTrue(script.contains("--bridge-host"), script);
    }

    /** Every option of scripts/run as parsed from {@code args}, by its name, default values included. */
    private static Map<String, String> options(final String... args)
    {
        final CommandLine commandLine = MainJob.commandLine(System.out, System.err);
        commandLine.parseArgs(args);
        final Map<String, String> values = new TreeMap<>();
        for (final CommandLine.Model.OptionSpec option : commandLine.getCommandSpec().options())
        {
            final Object value = option.getValue();
            values.put(option.longestName(), String.valueOf(value));
        }
        return values;
    }

    private static Map<String, String> difference(final Map<String, String> base, final Map<String, String> other)
    {
        final Map<String, String> changed = new TreeMap<>(other);
        changed.entrySet().removeIf(entry -> entry.getValue().equals(base.get(entry.getKey())));
        return changed;
    }
}
