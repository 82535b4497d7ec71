package io.tradingcore.bridge.cli;

import io.tradingcore.cluster.ClusterClient;
import io.tradingcore.cluster.ClusterLayout;
import io.tradingcore.cluster.ClusterNode;
import io.tradingcore.cluster.MemberStatus;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.ClientCommandDoneDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.outputs.OutputJournalReader;
import io.tradingcore.pipeline.ClientKeys;
import io.tradingcore.replay.ReplayVerifier;
import io.tradingcore.strategy.examples.ExampleStrategies;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The issue's high-availability test: three members, each its own JVM as {@code scripts/cluster} runs them, while the
 * simulated terminal streams the sample day's ticks, and the orders the busy strategy makes of them, through the bridge
 * in cluster mode. The leader is killed with SIGKILL five times mid-stream (and started again after each new leader
 * takes over). At the end: every input the bridge offered was acknowledged, the engine applied each of the bridge's
 * client sequences exactly once (its {@code ClientCommandDone}s in the output journal, duplicates aside), the three
 * members' state hashes agree, and each member's journals replay in a single-process engine to that same state.
 * The failover times (from the kill to the first input committed under the new leader, as a client sees it on the
 * egress) are printed and kept in {@code target/cluster-failover.txt}.
 */
class ClusterFailoverTest
{
    private static final int MEMBERS = 3;
    private static final int KILLS = 5;
    private static final long KILL_INTERVAL_MS = 3_000;

    @TempDir
    Path data;

    private final Process[] members = new Process[MEMBERS];
    private final int basePort = 24_000 + ThreadLocalRandom.current().nextInt(200) * 30;
    private ClusterClient observer;
    private long leaderChangesAtKill = Long.MAX_VALUE;
    private long firstUnderNewLeaderNs;
    private long nextProbeNs;
    private long lastInputSeen;
    private final ExpandableArrayBuffer probe = new ExpandableArrayBuffer(128);

    @Test
    void theLeaderKilledFiveTimesMidStreamLosesNothingAndRepeatsNothing() throws Exception
    {
        for (int id = 0; id < MEMBERS; id++)
        {
            Files.deleteIfExists(Path.of("target", "cluster-failover", "node-" + id + ".log"));
        }
        final Path clusterDir = data.resolve("members").resolve("cluster");
        Files.createDirectories(clusterDir);
        final Path config = data.resolve("busy.conf");
        Files.writeString(config, ReferenceData.defaultsWithStrategyParameters("bar=0 fast=20 slow=100"));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final List<Long> failoverMs = new ArrayList<>();
        try
        {
            for (int id = 0; id < MEMBERS; id++)
            {
                start(id);
            }
            awaitLeader(clusterDir, -1);
            final int[] exit = {-1};
            final Thread job = new Thread(() -> exit[0] = MainJob.run(new String[]{"--cluster",
                "--cluster-base-port=" + basePort, "--clients-file=" + clusterDir.resolve("ingress-clients"),
                "--data=" + data.resolve("job"), "--port=0", "--speed=1000", "--config=" + config,
                "--ticks=" + Path.of("..", "samples", "EURUSD_20140508.mt5.csv.gz")},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)),
                "main-job");
            try (ClusterClient observer = observer(clusterDir))
            {
                this.observer = observer;
                job.start();
                awaitOutput(out, err, "simulated terminal replaying", job);
                for (int kill = 0; kill < KILLS; kill++)
                {
                    pollFor(observer, KILL_INTERVAL_MS);
                    assertTrue(job.isAlive(), "the stream is still running at kill " + (kill + 1) + ": " + out + err);
                    final int leader = awaitLeader(clusterDir, -1);
                    firstUnderNewLeaderNs = 0;
                    leaderChangesAtKill = observer.leaderChanges();
                    final long killedNs = System.nanoTime();
                    members[leader].destroyForcibly().waitFor();
                    while (firstUnderNewLeaderNs == 0)
                    {
                        probe(observer);
                        if (System.nanoTime() - killedNs > TimeUnit.SECONDS.toNanos(60))
                        {
                            fail("no input committed within 60 s of killing leader " + leader);
                        }
                    }
                    failoverMs.add(TimeUnit.NANOSECONDS.toMillis(firstUnderNewLeaderNs - killedNs));
                    leaderChangesAtKill = Long.MAX_VALUE;
                    awaitLeader(clusterDir, leader);
                    start(leader);
                    awaitRejoined(clusterDir, leader);
                }
                while (job.isAlive())
                {
                    pollFor(observer, 100);
                }
            }
            job.join();
            final String summary = out.toString(StandardCharsets.UTF_8);
            System.out.println(summary);
            assertEquals(0, exit[0], summary + err);
            final Matcher inputs = Pattern.compile("cluster inputs +([\\d,]+) offered, ([\\d,]+) acknowledged")
                .matcher(summary);
            assertTrue(inputs.find(), summary);
            assertEquals(inputs.group(1), inputs.group(2), "every input the bridge offered is acknowledged");
            final long offered = Long.parseLong(inputs.group(1).replace(",", ""));
            final Matcher ticks = Pattern.compile("ticks sent (\\d+) \\(acknowledged (\\d+)\\)").matcher(summary);
            assertTrue(ticks.find(), summary);
            assertEquals(ticks.group(1), ticks.group(2), "the terminal's ticks are all acknowledged");
            final Matcher fills = Pattern.compile("executions reported by the terminal: ([\\d,]+)").matcher(summary);
            assertTrue(fills.find() && Long.parseLong(fills.group(1).replace(",", "")) > 0,
                "the strategy's orders reached the terminal and were executed: " + summary);

            final String hash = awaitSameState(clusterDir);
            for (int id = 0; id < MEMBERS; id++)
            {
                final Path member = clusterDir.resolve("node-" + id);
                final ReplayVerifier.Result replay = ReplayVerifier.verify(member, ExampleStrategies.catalog(),
                    (reached, total) ->
                    {
                    });
                assertTrue(replay.identical(), "member " + id + " replays to its own outputs: " + replay.divergence());
                assertEquals(hash, replay.stateHash(), "member " + id + "'s journal replays to the cluster's state");
            }
            assertAppliedOnce(clusterDir.resolve("node-0"), offered);
        }
        finally
        {
            for (final Process member : members)
            {
                if (null != member)
                {
                    member.destroyForcibly().waitFor();
                }
            }
            report(failoverMs);
        }
        assertEquals(KILLS, failoverMs.size());
    }

    private void start(final int id) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String line : Files.readAllLines(Path.of("..", "scripts", "jvm-flags")))
        {
            if (!line.isBlank() && !line.startsWith("#"))
            {
                command.add(line.trim());
            }
        }
        command.addAll(Arrays.asList("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
            "-D" + ClusterNode.Context.SNAPSHOT_INPUTS_PROP_NAME + "=20000",
            "-D" + ClusterNode.Context.LOG_TERM_LENGTH_PROP_NAME + "=4m",
            "-cp", System.getProperty("java.class.path"), "io.tradingcore.cli.ClusterCommand", "member",
            "--id", Integer.toString(id), "--data", data.resolve("members").toString(),
            "--base-port", Integer.toString(basePort)));
        // Kept after the test, for a failure's post-mortem.
        final Path log = Path.of("target", "cluster-failover", "node-" + id + ".log");
        Files.createDirectories(log.getParent());
        members[id] = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** The leader once one other than {@code not} leads (and the process that says so is alive). */
    private int awaitLeader(final Path clusterDir, final int not) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            for (int id = 0; id < MEMBERS; id++)
            {
                if (id != not && null != members[id] && members[id].isAlive() &&
                    "leader".equals(MemberStatus.read(id, clusterDir.resolve("node-" + id)).role()))
                {
                    return id;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no leader within 60 s");
    }

    /**
     * Waits until the restarted member follows again and has applied what was committed when it started: killing the
     * next leader before would leave one member up to date, and no majority to elect from.
     */
    private void awaitRejoined(final Path clusterDir, final int member) throws InterruptedException
    {
        final long committed = lastInputSeen;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        MemberStatus status = MemberStatus.read(member, clusterDir.resolve("node-" + member));
        while (!"follower".equals(status.role()) || status.sequence() < committed)
        {
            if (System.nanoTime() > deadline)
            {
                fail("member " + member + " did not rejoin within 60 s: " + status);
            }
            pollFor(observer, 20);
            status = MemberStatus.read(member, clusterDir.resolve("node-" + member));
        }
    }

    private ClusterClient observer(final Path clusterDir)
    {
        final byte[] key = ClientKeys.loadOrIssue(clusterDir.resolve("ingress-clients"), "observer",
            data.resolve("observer.key"));
        return ClusterClient.launch(new ClusterClient.Context()
            .ingressEndpoints(ClusterLayout.parse(ClusterNode.Context.HOSTS_DEFAULT, basePort).ingressEndpoints())
            .clientName("observer")
            .key(key)
            .log(line -> System.out.println("observer: " + line))
            .outputListener(this::onOutputs));
    }

    /**
     * A new leader tells each client session so before it sends anything else on the egress: the first outputs after
     * that are of an input the new leader committed.
     */
    private void onOutputs(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
    {
        lastInputSeen = Math.max(lastInputSeen, inputSequence);
        if (firstUnderNewLeaderNs == 0 && observer.leaderChanges() > leaderChangesAtKill)
        {
            firstUnderNewLeaderNs = System.nanoTime();
        }
    }

    private void pollFor(final ClusterClient client, final long millis) throws InterruptedException
    {
        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end)
        {
            if (probe(client) == 0)
            {
                Thread.sleep(1);
            }
        }
    }

    /**
     * Every 5 ms the observer sends an input of its own (a quote for an instrument the engine does not know, which it
     * rejects), so that the first input committed under a new leader is seen even when the stream pauses.
     */
    private int probe(final ClusterClient client)
    {
        final long now = System.nanoTime();
        if (now - nextProbeNs >= 0 && client.unacknowledgedCount() < 1_000)
        {
            nextProbeNs = now + TimeUnit.MILLISECONDS.toNanos(5);
            final int length = new InputMessages().marketTick(probe, 0, 999_999, 1, 1, 2, 0, 0, 6);
            client.offer(probe, 0, length);
        }
        return client.poll();
    }

    private static void awaitOutput(
        final ByteArrayOutputStream out, final ByteArrayOutputStream err, final String text, final Thread job)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!out.toString(StandardCharsets.UTF_8).contains(text))
        {
            if (System.nanoTime() > deadline || !job.isAlive())
            {
                fail("the job never printed '" + text + "': " + out + err);
            }
            Thread.sleep(10);
        }
    }

    /** Waits until the three members show the same last input and hash; returns the hash. */
    private String awaitSameState(final Path clusterDir) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String seen = "";
        while (System.nanoTime() < deadline)
        {
            final List<MemberStatus> statuses = new ArrayList<>();
            for (int id = 0; id < MEMBERS; id++)
            {
                statuses.add(MemberStatus.read(id, clusterDir.resolve("node-" + id)));
            }
            seen = statuses.toString();
            final MemberStatus first = statuses.get(0);
            if (first.sequence() > 0 && statuses.stream().allMatch(status -> !"down".equals(status.role()) &&
                status.sequence() == first.sequence() && status.stateHash().equals(first.stateHash())))
            {
                return first.stateHash();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the members did not settle at one state: " + seen);
    }

    /**
     * In the member's output journal, each client session's applied sequences (its non-duplicate
     * {@code ClientCommandDone}s) run 1, 2, 3... with no gap and no repeat; the bridge's session, the busiest, has as
     * many as the bridge offered.
     */
    private static void assertAppliedOnce(final Path member, final long offered)
    {
        final Long2LongHashMap lastApplied = new Long2LongHashMap(0);
        final Long2LongHashMap applied = new Long2LongHashMap(0);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final ClientCommandDoneDecoder done = new ClientCommandDoneDecoder();
        try (Journal journal = Journal.open(new Journal.Context().directory(member.resolve("journal")
            .resolve("output")).readOnly(true));
            JournalReader entries = journal.reader())
        {
            final OutputJournalReader reader = new OutputJournalReader(entries);
            while (reader.poll((inputSequence, batch, offset, length) -> OutputBatch.forEach(batch, offset, length,
                (buffer, messageOffset, messageLength) ->
                {
                    header.wrap(buffer, messageOffset);
                    if (header.templateId() == ClientCommandDoneDecoder.TEMPLATE_ID)
                    {
                        done.wrapAndApplyHeader(buffer, messageOffset, header);
                        if (done.duplicate() == BooleanType.FALSE)
                        {
                            final long session = done.clientSessionId();
                            assertEquals(lastApplied.get(session) + 1, done.clientSequence(),
                                "session " + session + " applies its sequences in order, each once");
                            lastApplied.put(session, done.clientSequence());
                            applied.put(session, applied.get(session) + 1);
                        }
                    }
                })))
            {
                // read to the end
            }
        }
        long busiest = 0;
        for (final Long2LongHashMap.KeyIterator it = applied.keySet().iterator(); it.hasNext(); )
        {
            busiest = Math.max(busiest, applied.get(it.nextValue()));
        }
        assertEquals(offered, busiest, "the bridge's inputs applied: " + applied);
    }

    private static void report(final List<Long> failoverMs) throws IOException
    {
        if (failoverMs.isEmpty())
        {
            return;
        }
        final long[] sorted = failoverMs.stream().mapToLong(Long::longValue).sorted().toArray();
        final String line = "failover (kill -> first input committed by the new leader) over " + sorted.length +
            " kills: p50 " + sorted[(sorted.length - 1) / 2] + " ms, max " + sorted[sorted.length - 1] + " ms, all " +
            failoverMs + " ms";
        System.out.println(line);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "cluster-failover.txt"), line + System.lineSeparator());
    }
}
