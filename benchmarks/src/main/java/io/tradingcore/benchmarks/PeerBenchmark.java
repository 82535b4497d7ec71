package io.tradingcore.benchmarks;

import exchange.core2.core.common.CoreWaitStrategy;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.pipeline.ThreadingLayout;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Ours beside the peer, exchange-core, in the same run under the same order workload: one trading account places a
 * resting limit order through every pre-trade (or, for exchange-core, risk-engine) check and cancels it, over and
 * over. Throughput with journaling on (ours: the whole pipeline, and the engine alone; exchange-core: its
 * disk journaling), then latency at a fixed rate, free of coordinated omission, from the intended send time to the
 * order event (ours: on an Aeron subscriber; exchange-core: in its results consumer).
 *
 * <pre>
 * java $JVM_FLAGS -cp ... io.tradingcore.benchmarks.PeerBenchmark [--ticks FILE] [--operations 1000000]
 *     [--iterations 3] [--warmups 1] [--rate 100000] [--warmup-seconds 2] [--seconds 3] [--threading SPLIT]
 *     [--idle backoff] [--peer-wait YIELDING|BLOCKING|BUSY_SPIN] [--markdown FILE]
 * </pre>
 */
public final class PeerBenchmark
{
    private static final Set<String> OPTIONS = Set.of("ticks", "operations", "iterations", "warmups", "rate",
        "warmup-seconds", "seconds", "threading", "idle", "peer-wait", "markdown");

    private final Map<String, String> options;
    private final int operations;
    private final int iterations;
    private final int warmups;
    private final int rate;
    private final int warmupSeconds;
    private final int seconds;
    private final ThreadingLayout layout;
    private final String idle;
    private final CoreWaitStrategy peerWait;
    private final ThroughputReport throughput = new ThroughputReport(
        "Ours beside the peer, exchange-core: throughput " +
        "(`PeerBenchmark`)");
    private final LatencyReport latency = new LatencyReport("Ours beside the peer, exchange-core: latency " +
        "(`PeerBenchmark`)");

    private PeerBenchmark(final Map<String, String> options)
    {
        this.options = options;
        operations = Integer.parseInt(options.getOrDefault("operations", "1000000")) & ~1;
        iterations = Integer.parseInt(options.getOrDefault("iterations", "3"));
        warmups = Integer.parseInt(options.getOrDefault("warmups", "1"));
        rate = Integer.parseInt(options.getOrDefault("rate", "100000")) & ~1;
        warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "2"));
        seconds = Integer.parseInt(options.getOrDefault("seconds", "3"));
        layout = ThreadingLayout.valueOf(options.getOrDefault("threading", "SPLIT").toUpperCase());
        idle = options.getOrDefault("idle", "backoff");
        peerWait = CoreWaitStrategy.valueOf(options.getOrDefault("peer-wait", "YIELDING").toUpperCase());
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = BenchOptions.parse(args, OPTIONS);
        if (options == null)
        {
            System.err.println("usage: PeerBenchmark [--ticks FILE] [--operations N] [--iterations N] [--warmups N]" +
                " [--rate N] [--warmup-seconds N] [--seconds N] [--threading SHARED|SPLIT|DEDICATED]" +
                " [--idle backoff|yielding|busy-spin|sleeping] [--peer-wait YIELDING|BLOCKING|BUSY_SPIN]" +
                " [--markdown FILE]");
            System.exit(2);
        }
        new PeerBenchmark(options).run();
        System.exit(0);
    }

    private void run() throws Exception
    {
        final Path file = Path.of(options.getOrDefault("ticks", TickFiles.sample().toString()));
        final EncodedTicks ticks = EncodedTicks.load(file, ReferenceData.defaults(), 1_000);

        // The peer first, in its own JVM, so that nothing of it runs while ours is measured.
        final List<String> peerResults = runPeer();
        final String peerJournal = field(peerResults, "journal")[1];
        final Measurement peer = Measurement.decode(String.join("\t", java.util.Arrays.copyOfRange(
            field(peerResults, "throughput"), 1, 5)));
        throughput.baseline(peer);
        final Measurement pipeline = Measurement.measure("ours: pipeline, place + cancel, journaling on", "ops/s",
            warmups, iterations, new PipelinePlaceCancelRate(ticks, layout, idle, operations)::run);
        throughput.figure(pipeline, peer);
        final RecordedFlow flow = RecordedFlow.placeCancel(ticks, operations / 2);
        final Measurement engine = Measurement.measure("ours: engine alone, place + cancel", "ops/s", warmups,
            iterations, () ->
            {
                final TrialResult orders = EngineRate.run(flow, true);
                return new TrialResult(orders.events() * 2, orders.nanos(), orders.detail());
            });
        throughput.figure(engine, peer);
        final List<String> targets = new ArrayList<>();
        targets.add(TargetRows.row("full pipeline, journaling on: ahead of exchange-core's throughput in the same run",
            String.format("%.2f x (ours %,.0f ops/s, exchange-core %,.0f ops/s, journaling %s)", pipeline.median() /
                peer.median(), pipeline.median(), peer.median(), peerJournal.equals("on") ? "on" : "OFF"),
            pipeline.median() > peer.median()));
        describe(peerJournal, peer, pipeline, engine);

        final String[] latencyFields = field(peerResults, "latency");
        final LatencyReport.Series peerSeries = latency.add("exchange-core: place or cancel -> its result" +
            (peerJournal.equals("on") ? ", journaling on" : ""), ExchangeCoreRun.decodeHistogram(latencyFields[1]),
            rate, latencyFields[2], null);
        final FixedRateLoad ourLoad = new FixedRateLoad(rate, rate * warmupSeconds, rate * seconds)
            .pace(FixedRateLoad.Pace.PARK);
        final PipelineLatency ours = new PipelineLatency(ticks, layout, idle, true);
        final Histogram ourLatency = ours.run(ourLoad);
        latency.add("ours: place or cancel -> OrderAccepted / OrderRouted on Aeron, journaling on", ourLatency,
            rate, sent(ourLoad), peerSeries);
        latency.context(String.format("Both at %,d operations/s (places and cancels in turn), %d s of warm-up " +
            "operations then %d s recorded; exchange-core's results consumer and our Aeron subscriber each mark " +
            "an operation done.", rate, warmupSeconds, seconds));

        throughput.print();
        latency.print();
        final String markdown = options.get("markdown");
        if (markdown != null)
        {
            final Path path = Path.of(markdown);
            final String plot = path.getFileName().toString().replaceFirst("\\.md$", "") + ".svg";
            latency.writePlot(path.resolveSibling(plot));
            Files.writeString(path, throughput.markdown() + "\n" + latency.markdown(plot));
            final List<String> rows = new ArrayList<>(throughput.ratioRows());
            rows.addAll(latency.ratioRows());
            RatioRows.writeBeside(path, RatioRows.shown(rows));
            TargetRows.writeBeside(path, targets);
            System.out.println("markdown written to " + markdown);
        }
    }

    /** Runs {@link ExchangeCoreRun} in a JVM of its own, with Disruptor 3 in place of Disruptor 4; its result lines. */
    private List<String> runPeer() throws Exception
    {
        final Path out = Files.createTempFile("exchange-core", ".tsv");
        try
        {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("-cp");
            command.add(peerClasspath());
            command.add(ExchangeCoreRun.class.getName());
            for (final String option : List.of("operations", "iterations", "warmups", "rate", "warmup-seconds",
                "seconds", "peer-wait"))
            {
                if (options.containsKey(option))
                {
                    command.add("--" + option);
                    command.add(options.get(option));
                }
            }
            command.add("--out");
            command.add(out.toString());
            System.out.println("== exchange-core, in a JVM of its own (Disruptor 3.4.2 in place of 4.0.0)");
            final Process process = new ProcessBuilder(command).inheritIO().start();
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0)
            {
                process.destroyForcibly();
                throw new IllegalStateException("the exchange-core run failed (exit " +
                    (process.isAlive() ? "none" : process.exitValue()) + ")");
            }
            return Files.readAllLines(out);
        }
        finally
        {
            Files.deleteIfExists(out);
        }
    }

    /** This JVM's classpath with Disruptor 4 swapped for the Disruptor 3 jar the build copies to target/peer-lib. */
    private static String peerClasspath()
    {
        final List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path")
            .split(java.io.File.pathSeparator)));
        final Path classes = entries.stream().map(Path::of)
            .filter(p -> p.endsWith(Path.of("benchmarks", "target", "classes"))).findFirst()
            .orElseThrow(() -> new IllegalStateException("benchmarks/target/classes is not on the classpath"));
        final Path disruptor3 = classes.resolveSibling("peer-lib").resolve("disruptor-3.4.2.jar");
        if (!Files.isRegularFile(disruptor3))
        {
            throw new IllegalStateException(disruptor3 + " is missing: build the benchmarks module (mvn install)");
        }
        entries.replaceAll(entry -> entry.matches(".*disruptor-4[^/]*\\.jar") ? disruptor3.toString() : entry);
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static String[] field(final List<String> lines, final String name)
    {
        return lines.stream().filter(line -> line.startsWith(name + "\t")).findFirst()
            .orElseThrow(() -> new IllegalStateException("the exchange-core run wrote no " + name)).split("\t", -1);
    }

    private static String sent(final FixedRateLoad load)
    {
        return String.format("sender achieved %,.0f events/s, at most %.1f µs behind schedule", load.achievedRate(),
            load.maxSendLagNs() / 1000.0);
    }

    private void describe(final String peerJournal, final Measurement peer, final Measurement pipeline,
        final Measurement engine)
    {
        throughput.context(String.format("Workload on both sides: %,d operations per run (half places, half " +
            "cancels), one trading account, one instrument; each place is a resting limit buy checked by the " +
            "pre-trade (exchange-core: risk engine) checks, each cancel takes it away again.", operations));
        throughput.context("exchange-core 0.5.3, run just before ours in a JVM of its own (same flags and heap) " +
            "because " +
            "it needs Disruptor 3 (it fails on Disruptor 4's changed `Disruptor.after`): Disruptor 3.4.2 there, our " +
            "Agrona and Chronicle (its older ones are excluded from the classpath); one risk engine, one matching " +
            "engine, wait strategy " + peerWait + " on each of its pipeline threads; journaling " +
            (peerJournal.equals("on") ? "**on** (its `DiskSerializationProcessor`: LZ4-compressed journal files in a " +
            "temp folder)" : peerJournal) + "; commands built before timing, as its own throughput test builds them.");
        throughput.context(CpuProbe.explanation());
        throughput.layout("ours, pipeline", layout + ", idle strategy " + idle + " (as scripts/run), the feeder is " +
            "the main thread");
        throughput.layout("ours, engine alone", "one thread (main) calling `Engine.onInput`");
        throughput.layout("exchange-core", "its own threads (grouping, risk pre-process, matching, risk release, " +
            "results, journaling) with " + peerWait + "; the submitter is the main thread");
        throughput.note(peer.name(), "the peer, the **baseline** of this table: places and cancels submitted by " +
            "the main thread through `ExchangeApi.submitCommand`, done when its results consumer has seen the " +
            "last result.");
        throughput.note(pipeline.name(), "a fresh `TradingCore` as `scripts/run` wires it (journaling on, Aeron " +
            "on, the simulated venue answering each place with ACCEPTED and each cancel with CANCELLED, journaled " +
            "as inputs), fed the places and cancels by the main thread as fast as it takes them; done when " +
            "everything is published and the venue is settled.");
        throughput.note(engine.name(), "the same places and cancels with the venue's ACCEPTED and CANCELLED, " +
            "recorded once and replayed by `Engine.onInput` on a fresh engine per run; the final state hash must " +
            "equal the recording's.");
        latency.note("exchange-core", "the **baseline** of this table: its place and cancel commands submitted " +
            "on the fixed schedule; done when its results consumer sees the command's result.");
    }

}
