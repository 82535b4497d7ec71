package io.tradingcore.bridge.cli;

import io.tradingcore.cluster.NodeStatus;
import io.tradingcore.cluster.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scripts/run --cluster} against three members in this JVM: the leader is stopped while the simulated terminal
 * replays a slice of the sample day, and the job carries on with the new leader; every input the bridge offered is
 * acknowledged, the terminal ends with every frame acknowledged, and the two members left agree.
 */
class MainJobClusterTest
{
    /** Six hours of the sample morning: about 11 s at 2000x, so the leader stops mid-stream on any machine. */
    private static final int TICKS = 30_000;

    @Test
    void replaysThroughTheClusterAcrossALeaderFailover(@TempDir final Path data) throws Exception
    {
        final Path ticks = data.resolve("EURUSD_slice.mt5.csv");
        writeSlice(Path.of("../samples/EURUSD_20140508.mt5.csv.gz"), ticks, TICKS);
        try (TestCluster cluster = TestCluster.started(data.resolve("cluster-members")))
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int[] exit = {-1};
            final Thread job = new Thread(() -> exit[0] = MainJob.run(new String[]{"--cluster",
                "--cluster-base-port=" + cluster.basePort(), "--clients-file=" + cluster.clientsFile(),
                "--data=" + data, "--port=0", "--ticks=" + ticks, "--speed=2000"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)),
                "main-job");
            job.start();
            final long deadline = System.nanoTime() + 60_000_000_000L;
            while (!out.toString(StandardCharsets.UTF_8).contains("simulated terminal replaying") &&
                System.nanoTime() < deadline && job.isAlive())
            {
                Thread.sleep(10);
            }
            Thread.sleep(2_000);
            final int leader = cluster.leader();
            assertTrue(leader >= 0, "a leader");
            assertTrue(job.isAlive(), "the job still runs when the leader stops: " + out + err);
            cluster.stop(leader);

            job.join(240_000);
            assertFalse(job.isAlive(), "the job ended: " + out + err);
            final String summary = out.toString(StandardCharsets.UTF_8);
            System.out.println(summary);
            assertEquals(0, exit[0], summary + err);
            assertTrue(summary.contains("reference data: "), summary);
            final Matcher inputs = Pattern.compile("cluster inputs +([\\d,]+) offered, ([\\d,]+) acknowledged")
                .matcher(summary);
            assertTrue(inputs.find(), summary);
            assertEquals(inputs.group(1), inputs.group(2), summary);
            assertFalse(summary.contains("NOT ALL"), summary);
            final Matcher client = Pattern.compile("cluster client +session \\d+, ([\\d,]+) connects, ([\\d,]+) " +
                "inputs resent").matcher(summary);
            assertTrue(client.find(), summary);
            assertTrue(summary.contains("ticks in            " + String.format("%,d", TICKS) + " offered"), summary);
            assertTrue(summary.contains("ticks sent " + TICKS + " (acknowledged " + TICKS + ")"), summary);
            final Matcher fills = Pattern.compile("fills +([\\d,]+) \\(executions reported by the terminal: " +
                "([\\d,]+)\\)").matcher(summary);
            assertTrue(fills.find(), summary);
            assertTrue(Long.parseLong(fills.group(2).replace(",", "")) > 0, "the terminal executed orders: " + summary);

            final long waitUntil = System.nanoTime() + 30_000_000_000L;
            List<NodeStatus.Line> settled = cluster.settledStatuses();
            while (null == settled && System.nanoTime() < waitUntil)
            {
                Thread.sleep(20);
                settled = cluster.settledStatuses();
            }
            assertNotNull(settled, "the members left settle at one input");
            assertEquals(TestCluster.MEMBERS - 1, settled.size());
            assertEquals(settled.get(0).stateHash(), settled.get(1).stateHash(), "state hashes: " + settled);
        }
    }

    private static void writeSlice(final Path gzipped, final Path slice, final int ticks) throws Exception
    {
        final List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(gzipped)), StandardCharsets.UTF_8)))
        {
            for (String line = reader.readLine(); null != line && lines.size() <= ticks; line = reader.readLine())
            {
                lines.add(line);
            }
        }
        Files.write(slice, lines, StandardCharsets.UTF_8);
    }
}
