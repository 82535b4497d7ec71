package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.TestCertificates;
import io.tradingcore.cli.CommandLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorCommandTest
{
    private static final Path EURUSD = Path.of("").toAbsolutePath().getParent()
        .resolve("samples").resolve("EURUSD_20140508.mt5.csv.gz");

    @Test
    void replaysAPrefixWithRandomDropsAndPrintsASummary() throws Exception
    {
        try (FakeBridge bridge = new FakeBridge())
        {
            bridge.orderOnTick(40, FakeBridge.PlannedOrder.marketBuy(1, 10_000));
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int code = SimulatorCommand.run(new String[] {"--port", String.valueOf(bridge.port()),
                "--tenant", "7", "--account", "5001234", "--token", "s3cret", "--ticks", EURUSD.toString(),
                "--digits", "5", "--speed=max", "--limit=300", "--drops", "3", "--seed", "5", "--backoff=1,4",
                "--timeout", "20"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

            final String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, printed + err.toString(StandardCharsets.UTF_8));
            assertTrue(printed.contains("finished: every tick sent and acknowledged"), printed);
            assertTrue(printed.contains("tick-to-order latency over the socket (us), 1 orders"), printed);
            assertEquals(300, bridge.ticks().size());
        }
    }

    @Test
    void aMissingAccountIsAUsageError() throws Exception
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = SimulatorCommand.run(new String[] {"--tenant", "7", "--ticks", EURUSD.toString()},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        final List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("simulate: Missing required option: '--account=LOGIN'", lines.get(0));
        assertEquals("Usage: scripts/simulate --tenant ID --account LOGIN --ticks FILE[,FILE...] [options]",
            lines.get(1));
    }

    @Test
    void anUnknownOptionIsAUsageError() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = SimulatorCommand.run(new String[] {"--tenant", "7", "--account", "1", "--ticks",
            EURUSD.toString(), "--drop=3"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "no terminal started");
        final List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("simulate: Unknown option: '--drop=3'", lines.get(0));
        final String drops = " +--drops=N +drop the connection at N random ticks \\(0\\)";
        assertTrue(lines.stream().anyMatch(line -> line.matches(drops)), "the usage lists the options: " + lines);
    }

    @Test
    void equalsSignsAndSpacesGiveTheSameTerminal()
    {
        final String ticks = EURUSD + ", " + EURUSD;
        final String spaced = context("--host", "localhost", "--port", "18101", "--tenant", "7", "--account",
            "5001234", "--terminal", "t1", "--token", "s3cret", "--ticks", ticks, "--symbol", "EURUSD, XAUUSD",
            "--digits", "5, 6", "--server-offset", "7200", "--speed", "10", "--batch", "32", "--window", "16",
            "--limit", "300", "--drops", "3", "--seed", "5", "--account-every", "500", "--backoff", "1,4",
            "--timeout", "20", "--slow-start", "300", "--late-deals", "END_WAITS", "--late-fill-every", "4",
            "--unknown-position", "-0.25");
        final String joined = context("--host=localhost", "--port=18101", "--tenant=7", "--account=5001234",
            "--terminal=t1", "--token=s3cret", "--ticks=" + ticks, "--symbol=EURUSD, XAUUSD", "--digits=5, 6",
            "--server-offset=7200", "--speed=10", "--batch=32", "--window=16", "--limit=300", "--drops=3", "--seed=5",
            "--account-every=500", "--backoff=1,4", "--timeout=20", "--slow-start=300", "--late-deals=END_WAITS",
            "--late-fill-every=4", "--unknown-position=-0.25");
        assertEquals(spaced, joined);
        assertTrue(spaced.startsWith("localhost:18101 tenant 7 account 5001234 terminal t1 token s3cret offset 7200 " +
            "speed 10.0x batch 32 window 16 limit 300 backoff 1..4 account every 500 drops at ["), spaced);
        assertTrue(spaced.contains("brokerSymbol=XAUUSD") && spaced.contains("digits=6"), spaced);
        assertTrue(spaced.endsWith(" slow start 300 late deals END_WAITS late fill every 4 unknown -2500 in 0"),
            spaced);

        final String defaults = context("--tenant", "7", "--account", "5001234", "--ticks", EURUSD.toString());
        assertTrue(defaults.startsWith("127.0.0.1:8001 tenant 7 account 5001234 terminal 5001234@simulator token  " +
            "offset 0 speed realtime batch 64 window 1024 "), defaults);
        assertTrue(defaults.contains("drops at []"), defaults);
    }

    @Test
    void tlsOptionsReachTheTerminalAndABadTrustFileIsAUsageError(@TempDir final Path folder) throws Exception
    {
        final TestCertificates certificates = TestCertificates.create(folder);
        final TerminalSimulator.Context pem = concluded("--tenant", "7", "--account", "5001234", "--ticks",
            EURUSD.toString(), "--tls-trust", certificates.certificatePem.toString());
        assertTrue(pem.tls(), "--tls-trust implies --tls");
        assertEquals(certificates.certificatePem, pem.tlsTrustFile());
        final TerminalSimulator.Context keyStore = concluded("--tenant", "7", "--account", "5001234", "--ticks",
            EURUSD.toString(), "--tls", "--tls-trust=" + certificates.keyStore, "--tls-password",
            TestCertificates.PASSWORD);
        assertTrue(keyStore.tls());
        assertTrue(concluded("--tenant", "7", "--account", "5001234", "--ticks", EURUSD.toString(), "--tls").tls(),
            "--tls alone trusts the JDK's authorities");
        assertFalse(concluded("--tenant", "7", "--account", "5001234", "--ticks", EURUSD.toString()).tls());

        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = SimulatorCommand.run(new String[] {"--tenant", "7", "--account", "1", "--ticks",
            EURUSD.toString(), "--tls-trust", "/no/such/bridge.crt"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        final String first = err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
        assertTrue(first.startsWith("simulate: tlsTrustFile (" + TerminalSimulator.Context.TLS_TRUST_FILE_PROP_NAME +
            ") /no/such/bridge.crt cannot be used"), first);
    }

    @Test
    void helpListsEveryOption() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, SimulatorCommand.run(new String[] {"--help"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        final String help = out.toString(StandardCharsets.UTF_8);
        for (final String option : List.of("--tenant", "--account", "--ticks", "--host", "--port", "--terminal",
            "--token", "--symbol", "--digits", "--server-offset", "--speed", "--batch", "--window", "--limit",
            "--drops", "--seed", "--account-every", "--backoff", "--slow-start", "--reinitialise-after", "--late-deals",
            "--late-fill-every", "--unknown-position",
            "--timeout", "--tls-trust", "--tls-password"))
        {
            assertTrue(help.contains("      " + option + "="), option + " in " + help);
        }
        assertFalse(help.contains(CommandLines.COMPLETION), help);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    private static TerminalSimulator.Context concluded(final String... args)
    {
        final CommandLine commandLine = SimulatorCommand.commandLine(System.out, System.err);
        commandLine.parseArgs(args);
        return ((SimulatorCommand)commandLine.getCommand()).context().conclude();
    }

    /** The terminal's settings as scripts/simulate makes them from {@code args}, defaults filled in. */
    private static String context(final String... args)
    {
        final TerminalSimulator.Context context = concluded(args);
        return context.host() + ":" + context.port() + " tenant " + context.tenantId() + " account " +
            context.accountId() + " terminal " + context.terminalId() + " token " + context.token() + " offset " +
            context.serverTimeOffsetSeconds() + " speed " + context.speed() + " batch " + context.batchSize() +
            " window " + context.resendWindowFrames() + " limit " + context.tickLimit() + " backoff " +
            context.reconnectBackoffMinMs() + ".." + context.reconnectBackoffMaxMs() + " account every " +
            context.accountSnapshotIntervalMs() + " drops at " + Arrays.toString(context.dropPoints()) + " symbols " +
            context.symbols() + " slow start " + context.slowStartMs() + " late deals " + context.lateDeals() +
            " late fill every " + context.lateFillEvery() + " unknown " + context.unknownPositionVolume() + " in " +
            context.unknownPositionSymbol();
    }
}
