package io.tradingcore.benchmarks;

import io.tradingcore.cluster.ClusterClient;
import io.tradingcore.cluster.ClusterNode;
import io.tradingcore.cluster.NodeStatus;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.pipeline.ClientKeys;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The clustered engine's replicated input path: an input offered by a client to its acknowledgement (the engine's
 * {@code ClientCommandDone}, sent once the input is committed on a majority of the three members and applied) back on
 * the client's egress, at fixed offered rates free of coordinated omission ({@link PolledLoad}) and flat out; beside,
 * in the same run, a raw Aeron Cluster echo service on the same three members' layout (the floor under any answer from
 * a cluster) and the single-process pipeline taking the same input. Then, if asked, failover: the leader's JVM is
 * killed during a steady stream, and the time from the kill to the acknowledgement of the first input offered after
 * it is taken, a few times, the killed member started again and caught up between rounds.
 *
 * <p>The members are three JVMs ({@link ClusterProcesses}, {@link ClusterMember}) on this machine with every member
 * setting at its default; the client is this JVM's main thread.
 *
 * <pre>
 * java $JVM_FLAGS -cp ... io.tradingcore.benchmarks.ClusterBenchmark [--ticks FILE] [--rates 1000,5000,10000,20000]
 *     [--warmup-seconds 1] [--seconds 3] [--jit-warmup-inputs 20000] [--max-inputs 100000] [--window 1000]
 *     [--failovers 3] [--failover-rate 1000] [--member-heap 512m] [--base-port 21000]
 *     [--parts engine,echo,pipeline,failover] [--markdown FILE]
 * </pre>
 */
public final class ClusterBenchmark
{
    private static final Set<String> OPTIONS = Set.of("ticks", "rates", "warmup-seconds", "seconds",
        "jit-warmup-inputs", "max-inputs", "window", "failovers", "failover-rate", "member-heap", "base-port", "parts",
        "markdown");
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long RESTART_AFTER_KILL_NS = TimeUnit.SECONDS.toNanos(11);
    private static final String ENGINE = "clustered engine, 3 members";
    private static final String ECHO = "raw Aeron Cluster echo, 3 members";
    private static final String PIPELINE = "single-process pipeline";

    private final Map<String, String> options;
    private final List<String> parts;
    private final int[] rates;
    private final double warmupSeconds;
    private final double seconds;
    private final int jitWarmupInputs;
    private final int maxInputs;
    private final int window;
    private final int failovers;
    private final int failoverRate;
    private final String memberHeap;
    private final int basePort;
    private final Map<String, List<PolledLoad.Result>> fixed = new LinkedHashMap<>();
    private final Map<String, PolledLoad.Result> flat = new LinkedHashMap<>();
    private final Map<String, Long> setupMs = new LinkedHashMap<>();
    private final List<Long> failoverNs = new ArrayList<>();
    private final List<String> failoverNotes = new ArrayList<>();
    private final Histogram failoverLatency = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);

    private ClusterBenchmark(final Map<String, String> options)
    {
        this.options = options;
        parts = List.of(options.getOrDefault("parts", "engine,echo,pipeline,failover").split(","));
        rates = Arrays.stream(options.getOrDefault("rates", "1000,5000,10000,20000").split(","))
            .mapToInt(Integer::parseInt).toArray();
        warmupSeconds = Double.parseDouble(options.getOrDefault("warmup-seconds", "1"));
        seconds = Double.parseDouble(options.getOrDefault("seconds", "3"));
        jitWarmupInputs = Integer.parseInt(options.getOrDefault("jit-warmup-inputs", "20000"));
        maxInputs = Integer.parseInt(options.getOrDefault("max-inputs", "100000"));
        window = Integer.parseInt(options.getOrDefault("window", "1000"));
        failovers = Integer.parseInt(options.getOrDefault("failovers", "3"));
        failoverRate = Integer.parseInt(options.getOrDefault("failover-rate", "1000"));
        memberHeap = options.getOrDefault("member-heap", "512m");
        basePort = Integer.parseInt(options.getOrDefault("base-port", "21000"));
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = BenchOptions.parse(args, OPTIONS);
        if (options == null)
        {
            System.err.println("usage: ClusterBenchmark [--ticks FILE] [--rates N,N,...] [--warmup-seconds S] " +
                "[--seconds S] [--jit-warmup-inputs N] [--max-inputs N] [--window N] [--failovers N] " +
                "[--failover-rate N] [--member-heap SIZE] [--base-port PORT] [--parts engine,echo,pipeline,failover] " +
                "[--markdown FILE]");
            System.exit(2);
        }
        new ClusterBenchmark(options).run();
        System.exit(0);
    }

    private void run() throws Exception
    {
        final long started = System.nanoTime();
        final String startedAt = Instant.now().toString();
        final String loadBefore = CpuProbe.loadAverage();
        final ReferenceData reference = ReferenceData.defaults();
        final Path file = Path.of(options.getOrDefault("ticks", TickFiles.sample().toString()));
        long needed = jitWarmupInputs + maxInputs;
        for (final int rate : rates)
        {
            needed += (long)(rate * (warmupSeconds + seconds));
        }
        final EncodedTicks ticks = EncodedTicks.load(file, reference, needed);
        final Path folder = TempDirectory.create("cluster-bench");
        try
        {
            if (parts.contains("engine") || parts.contains("failover"))
            {
                runEngine(folder.resolve("engine"), reference, ticks);
            }
            if (parts.contains("echo"))
            {
                runEcho(folder.resolve("echo"), ticks);
            }
            if (parts.contains("pipeline"))
            {
                final long setup = System.nanoTime();
                try (ClusterTargets.Pipeline pipeline = new ClusterTargets.Pipeline(ticks, reference))
                {
                    setupMs.put(PIPELINE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setup));
                    measure(PIPELINE, pipeline, new PolledLoad());
                }
            }
        }
        finally
        {
            TempDirectory.delete(folder);
        }
        final String machine = String.format("Machine: %s, %d CPUs, %s %s, %s %s. Run %s. Load average (1, 5, 15 " +
            "min) before: %s, after: %s. The whole harness took %d s.", CpuProbe.cpuModel(),
            Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
            System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), startedAt, loadBefore,
            CpuProbe.loadAverage(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        final String markdown = markdown(ticks, machine);
        System.out.println(markdown);
        final String target = options.get("markdown");
        if (target != null)
        {
            final Path path = Path.of(target);
            Files.writeString(path, markdown);
            RatioRows.writeBeside(path, ratioRows());
            TargetRows.writeBeside(path, targetRows());
            if (!fixed.isEmpty())
            {
                final String plot = path.getFileName().toString().replaceFirst("\\.md$", "") + ".svg";
                plot().writePlot(path.resolveSibling(plot));
            }
            System.out.println("markdown written to " + target);
        }
    }

    private void runEngine(final Path folder, final ReferenceData reference, final EncodedTicks ticks)
        throws Exception
    {
        try (ClusterProcesses members = new ClusterProcesses(folder, basePort, "engine", memberHeap))
        {
            final byte[] key = ClientKeys.loadOrIssue(members.clientsFile(), "bench", folder.resolve("bench.key"));
            final long setup = System.nanoTime();
            members.startAll();
            ClusterTargets.loadReferenceData(members.layout(), key, reference);
            try (ClusterTargets.Engine engine = new ClusterTargets.Engine(members.layout(), key, ticks))
            {
                final PolledLoad load = new PolledLoad();
                load.flatOut(engine, 1, 1, TIMEOUT_NS);
                setupMs.put(ENGINE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setup));
                if (parts.contains("engine"))
                {
                    measure(ENGINE, engine, load);
                }
                if (parts.contains("failover"))
                {
                    for (int round = 1; round <= failovers; round++)
                    {
                        failover(round, members, engine, ticks, load);
                    }
                }
            }
        }
    }

    private void runEcho(final Path folder, final EncodedTicks ticks) throws Exception
    {
        try (ClusterProcesses members = new ClusterProcesses(folder, basePort + 100, "echo", memberHeap))
        {
            final byte[] key = ClientKeys.loadOrIssue(members.clientsFile(), "bench", folder.resolve("bench.key"));
            final long setup = System.nanoTime();
            members.startAll();
            try (ClusterTargets.Echo echo = new ClusterTargets.Echo(members.layout(), key, ticks))
            {
                final PolledLoad load = new PolledLoad();
                load.flatOut(echo, 1, 1, TIMEOUT_NS);
                setupMs.put(ECHO, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setup));
                measure(ECHO, echo, load);
            }
        }
    }

    /** JIT warm-up flat out, each fixed rate, then the flat-out run. */
    private void measure(final String name, final PolledLoad.Target target, final PolledLoad load)
    {
        System.out.printf("== %s: JIT warm-up, %,d inputs flat out%n", name, jitWarmupInputs);
        load.flatOut(target, jitWarmupInputs, window, TimeUnit.SECONDS.toNanos(300));
        final List<PolledLoad.Result> results = new ArrayList<>();
        for (final int rate : rates)
        {
            final PolledLoad.Result result = load.fixedRate(target, rate, warmupSeconds, seconds, TIMEOUT_NS);
            results.add(result);
            final Histogram h = result.histogram();
            System.out.printf("%s at %,d/s: sent %,.0f/s, answered %,.0f/s, p50 %.1f p99 %.1f p99.9 %.1f max %.1f " +
                "µs%n", name, rate, result.sentRate(), result.answeredRate(), micros(h, 50), micros(h, 99),
                micros(h, 99.9), h.getMaxValue() / 1000.0);
        }
        fixed.put(name, results);
        final PolledLoad.Result max = load.flatOut(target, maxInputs, window, TimeUnit.SECONDS.toNanos(300));
        flat.put(name, max);
        System.out.printf("%s flat out: %,.0f inputs/s answered%n", name, max.answeredRate());
    }

    /**
     * One failover: a stream at the failover rate; after a second the leader's JVM is killed; the time from the kill
     * until the first input offered after it is acknowledged; a second more, then every input answered, the member
     * started again on its folder and caught up (its status file at the engine's last input) before the next round.
     */
    private void failover(
        final int round, final ClusterProcesses members, final ClusterTargets.Engine engine, final EncodedTicks ticks,
        final PolledLoad load) throws Exception
    {
        final ClusterClient client = engine.client();
        final int leader = client.leaderMemberId();
        final double periodNs = 1e9 / failoverRate;
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        final long killAt = start + TimeUnit.SECONDS.toNanos(1);
        final long firstIndex = load.offered();
        final long firstSequence = client.lastSequence();
        final List<Long> intended = new ArrayList<>();
        long killedAt = 0;
        long sequenceAtKill = 0;
        long recoveredAt = 0;
        long recorded = firstSequence;
        long next = 0;
        while (recoveredAt == 0 || System.nanoTime() < recoveredAt + TimeUnit.SECONDS.toNanos(1))
        {
            final long now = System.nanoTime();
            int work = 0;
            while (start + (long)(next * periodNs) <= now && engine.offer(firstIndex + next))
            {
                intended.add(start + (long)(next * periodNs));
                load.countOffered();
                next++;
                work++;
            }
            if (killedAt == 0 && now >= killAt)
            {
                members.kill(leader);
                killedAt = System.nanoTime();
                sequenceAtKill = client.lastSequence();
            }
            work += engine.poll();
            final long acknowledged = client.acknowledgedSequence();
            if (acknowledged > recorded)
            {
                final long answeredAt = System.nanoTime();
                for (long sequence = recorded + 1; sequence <= acknowledged; sequence++)
                {
                    failoverLatency.recordValue(Math.min(failoverLatency.getHighestTrackableValue(),
                        answeredAt - intended.get((int)(sequence - firstSequence - 1))));
                }
                recorded = acknowledged;
                if (killedAt != 0 && recoveredAt == 0 && acknowledged > sequenceAtKill)
                {
                    recoveredAt = answeredAt;
                }
            }
            if (now - start > TimeUnit.SECONDS.toNanos(120))
            {
                throw new IllegalStateException("failover " + round + ": no input acknowledged 120 s after the kill");
            }
            load.idle().idle(work);
        }
        load.drain(engine, TIMEOUT_NS);
        final long took = recoveredAt - killedAt;
        failoverNs.add(took);
        System.out.printf("failover %d: leader %d killed, new leader %d, first input after the kill acknowledged " +
            "%.0f ms later%n", round, leader, client.leaderMemberId(), took / 1e6);
        failoverNotes.add(String.format(Locale.ROOT, "round %d: member %d killed, %d leads, %.0f ms", round, leader,
            client.leaderMemberId(), took / 1e6));
        members.awaitGone(leader);
        // Aeron's archive refuses to start on a mark file touched within its liveness timeout (10 s): a member
        // killed outright is started again once that has passed since the kill.
        while (System.nanoTime() - killedAt < RESTART_AFTER_KILL_NS)
        {
            load.idle().idle(engine.poll());
        }
        final Path status = members.memberDirectory(leader).resolve("status");
        Files.deleteIfExists(status);
        final long restart = System.nanoTime();
        members.start(leader);
        final long caughtUpBy = client.lastInputSequence();
        while (true)
        {
            final NodeStatus.Line line = NodeStatus.read(status);
            if (null != line && "follower".equals(line.role()) && line.sequence() >= caughtUpBy)
            {
                break;
            }
            if (System.nanoTime() - restart > TimeUnit.SECONDS.toNanos(120))
            {
                throw new IllegalStateException("member " + leader + " did not catch up to input " + caughtUpBy +
                    " within 120 s of its restart; its status: " + NodeStatus.read(status) + "; its log:\n" +
                    members.logTail(leader));
            }
            load.idle().idle(engine.poll());
        }
        System.out.printf("member %d started again and caught up to input %,d in %.1f s%n", leader, caughtUpBy,
            (System.nanoTime() - restart) / 1e9);
    }

    private String markdown(final EncodedTicks ticks, final String machine)
    {
        final StringBuilder out = new StringBuilder("## Cluster (`ClusterBenchmark`)\n\n");
        out.append("- ").append(machine).append('\n');
        out.append(String.format(Locale.ROOT, "- Members: **three JVMs** on this machine (`ClusterMember`, started " +
            "by the harness with its classpath and scripts/jvm-flags, -Xms/-Xmx %s each), every `ClusterNode` " +
            "setting at its default (backoff idle on every thread, leader heartbeat timeout %d ms, interval %d ms, " +
            "election timeout %d ms, a snapshot every %,d inputs); one host, so the replication is over loopback " +
            "UDP. The client: this JVM's main thread, which offers and polls (backing off to parks of at most 50 " +
            "µs between inputs, so an answer is seen up to that late, the same for every series); its own media " +
            "driver (SHARED, backoff).%n", memberHeap, ClusterNode.Context.LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT,
            ClusterNode.Context.LEADER_HEARTBEAT_INTERVAL_MS_DEFAULT, ClusterNode.Context.ELECTION_TIMEOUT_MS_DEFAULT,
            ClusterNode.Context.SNAPSHOT_INPUTS_DEFAULT));
        out.append(String.format(Locale.ROOT, "- Input: real ticks of `%s` (%,d ticks, repeated %d times, shifted by " +
            "days), each an SBE MarketTick (%d bytes with its header) in a `ClientCommand` (client session and " +
            "sequence); the " +
            "built-in reference data (`ReferenceData.defaults()`, sent to the cluster through a client of session " +
            "1 and acknowledged first; given to the pipeline at open).%n", ticks.file().getFileName(),
            ticks.fileTicks(), ticks.repeats(), EncodedTicks.MESSAGE_LENGTH));
        out.append(String.format(Locale.ROOT, "- Each series: %,d inputs flat out as JIT warm-up; then per offered " +
            "rate %.1f s of warm-up on the same schedule (not recorded) until all are answered, then %.1f s " +
            "recorded; then %,d inputs flat out (at most %,d unanswered). Latency from each input's intended send " +
            "time (coordinated-omission free) to its answer on the client's thread; \"sent\" is the rate the " +
            "client offered at, \"answered\" the measured inputs over the time from the first due to the last " +
            "answer. Set-up (members started, first election, reference data): %s.%n", jitWarmupInputs,
            warmupSeconds, seconds, maxInputs, window, setupText()));
        out.append("\nMicroseconds from each input's intended send time, measured inputs only:\n\n");
        out.append("| offered rate | series | inputs | sent/s | answered/s | p50 | p90 | p99 | p99.9 | max | " +
            "p99 / echo p99 | p99 / pipeline p99 |\n");
        out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < rates.length; i++)
        {
            for (final Map.Entry<String, List<PolledLoad.Result>> entry : fixed.entrySet())
            {
                final PolledLoad.Result r = entry.getValue().get(i);
                final Histogram h = r.histogram();
                out.append(String.format(Locale.ROOT, "| %,d | %s | %,d | %,.0f | %,.0f | %.1f | %.1f | %.1f | " +
                    "%.1f | %.1f | %s | %s |%n", rates[i], entry.getKey(), h.getTotalCount(), r.sentRate(),
                    r.answeredRate(), micros(h, 50), micros(h, 90), micros(h, 99), micros(h, 99.9),
                    h.getMaxValue() / 1000.0, ratio(entry.getKey(), ECHO, i), ratio(entry.getKey(), PIPELINE, i)));
            }
        }
        if (!fixed.isEmpty())
        {
            out.append("\n![Cluster percentile plot, the lowest and the highest offered rate](cluster.svg)\n");
        }
        out.append("\nFlat out (the most each sustains with at most ").append(String.format("%,d", window))
            .append(" inputs unanswered):\n\n| series | inputs | answered inputs/s | ratio to the echo | " +
            "ratio to the pipeline |\n|---|---:|---:|---:|---:|\n");
        for (final Map.Entry<String, PolledLoad.Result> entry : flat.entrySet())
        {
            out.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %s | %s |%n", entry.getKey(),
                entry.getValue().inputs(), entry.getValue().answeredRate(), flatRatio(entry.getKey(), ECHO),
                flatRatio(entry.getKey(), PIPELINE)));
        }
        if (!failoverNs.isEmpty())
        {
            out.append(String.format(Locale.ROOT, "%nFailover, %d rounds: a stream at %,d inputs/s to the " +
                "clustered engine; after 1 s the leader's JVM is killed (`Process.destroyForcibly`, SIGKILL); timed " +
                "from the kill to the acknowledgement of the first input offered after it (the client sends " +
                "everything unacknowledged again to the new leader, the engine answers what it had applied as " +
                "duplicates); the member is started again 11 s after the kill (Aeron's archive will not start on a " +
                "mark file younger than its 10 s liveness timeout) and caught up before the next round. " +
                "**p50 %.0f ms, max %.0f ms** (%s). Over the rounds' streams, " +
                "every input from its intended send time to its " +
                "acknowledgement (most of them waited out the election): p50 %.0f ms, p99 %.0f ms, max %.0f ms.%n",
                failoverNs.size(), failoverRate, percentile(failoverNs, 50) / 1e6, percentile(failoverNs, 100) / 1e6,
                String.join("; ", failoverNotes), micros(failoverLatency, 50) / 1000,
                micros(failoverLatency, 99) / 1000, failoverLatency.getMaxValue() / 1e6));
        }
        out.append("\nWhat each series means:\n\n");
        out.append("- **" + ENGINE + "**: the core's `ClusterClient` offers each input; it is sent to the leader's " +
            "ingress, appended to the log, replicated to the followers, committed once a majority holds it, then " +
            "applied by `ClusteredEngine` on every member (each journals it and its outputs); the leader sends the " +
            "outputs, `ClientCommandDone` last, to the client. Answered: the client's acknowledged sequence reaches " +
            "the input's.\n");
        out.append("- **" + ECHO + "**: the **baseline**, the same members, layout, settings and authentication with " +
            "`ClusterEchoService` in the engine's place (`ClusterNode.Context.clusteredService`): each committed " +
            "message goes straight back to its session; a plain `AeronCluster` client with its own driver set up as " +
            "`ClusterClient`'s sends the same bytes. The floor under any answer from a three-member Aeron Cluster " +
            "here.\n");
        out.append("- **" + PIPELINE + "**: the same inputs into a fresh `TradingCore` in this JVM as the Latency " +
            "harness runs it (SPLIT, backoff, journaling on with no fsync, Aeron on, no venue as the cluster has " +
            "none), answered by the `ClientCommandDone` on the core's Aeron IPC publication, read by the client's " +
            "thread: what the cluster's replication costs over one process.\n");
        return out.toString();
    }

    private String setupText()
    {
        final List<String> parts = new ArrayList<>();
        setupMs.forEach((name, ms) -> parts.add(String.format("%s %.1f s", name, ms / 1000.0)));
        return String.join(", ", parts);
    }

    private String ratio(final String series, final String baseline, final int index)
    {
        if (series.equals(baseline) || !fixed.containsKey(baseline))
        {
            return series.equals(baseline) ? "**baseline**" : "";
        }
        return String.format(Locale.ROOT, "%.2f x", micros(fixed.get(series).get(index).histogram(), 99) /
            Math.max(0.001, micros(fixed.get(baseline).get(index).histogram(), 99)));
    }

    private String flatRatio(final String series, final String baseline)
    {
        if (series.equals(baseline) || !flat.containsKey(baseline))
        {
            return series.equals(baseline) ? "**baseline**" : "";
        }
        return String.format(Locale.ROOT, "%.2f x", flat.get(series).answeredRate() /
            flat.get(baseline).answeredRate());
    }

    /** Shown only: a new harness on a shared 2-core machine running five JVMs, its spread not yet known. */
    private List<String> ratioRows()
    {
        final List<String> rows = new ArrayList<>();
        if (fixed.containsKey(ENGINE) && fixed.containsKey(ECHO))
        {
            for (int i = 0; i < rates.length; i++)
            {
                rows.add(RatioRows.shown(String.format("cluster: %s p50 at %,d/s", ENGINE, rates[i]),
                    micros(fixed.get(ENGINE).get(i).histogram(), 50) /
                    Math.max(0.001, micros(fixed.get(ECHO).get(i).histogram(), 50)), false, ECHO + " p50"));
            }
        }
        if (flat.containsKey(ENGINE) && flat.containsKey(ECHO))
        {
            rows.add(RatioRows.shown("cluster: " + ENGINE + " flat out inputs/s", flat.get(ENGINE).answeredRate() /
                flat.get(ECHO).answeredRate(), true, ECHO + " flat out"));
        }
        return rows;
    }

    private List<String> targetRows()
    {
        final List<String> rows = new ArrayList<>();
        if (!failoverNs.isEmpty())
        {
            rows.add(TargetRows.measured("cluster: failover, leader killed to the first input acknowledged " +
                "afterwards", String.format(Locale.ROOT, "p50 %.0f ms, max %.0f ms over %d kills (stream at %,d/s)",
                percentile(failoverNs, 50) / 1e6, percentile(failoverNs, 100) / 1e6, failoverNs.size(),
                failoverRate)));
        }
        return rows;
    }

    /** The three series at the lowest and the highest offered rate. */
    private LatencyReport plot()
    {
        final LatencyReport report = new LatencyReport("Cluster");
        for (final int i : new int[] {0, rates.length - 1})
        {
            for (final Map.Entry<String, List<PolledLoad.Result>> entry : fixed.entrySet())
            {
                report.add(String.format("%s %,d/s", entry.getKey(), rates[i]), entry.getValue().get(i).histogram(),
                    rates[i], "", null);
            }
            if (rates.length == 1)
            {
                break;
            }
        }
        return report;
    }

    private static double micros(final Histogram histogram, final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static double percentile(final List<Long> values, final double percentile)
    {
        final long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        final int index = (int)Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

}
