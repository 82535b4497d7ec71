package io.tradingcore.bridge.simulator;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                "--digits", "5", "--speed", "max", "--limit", "300", "--drops", "3", "--seed", "5", "--backoff", "1,4",
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
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--account is required"));
    }
}
