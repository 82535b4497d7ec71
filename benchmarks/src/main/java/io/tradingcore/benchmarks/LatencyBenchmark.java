package io.tradingcore.benchmarks;

import io.tradingcore.config.ReferenceData;
import io.tradingcore.journal.FlushPolicy;
import io.tradingcore.pipeline.ThreadingLayout;
import io.tradingcore.pipeline.TradingCore;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Latency at fixed rates, free of coordinated omission ({@link FixedRateLoad}), each distribution beside a baseline
 * measured in the same run: the pipeline (input to order event on an Aeron subscriber, journaling on) beside a raw
 * Disruptor hop into a raw Chronicle append; raw Aeron IPC and raw Netty TCP round trips as further floors. Also
 * how much CPU an idle core takes with the default idle strategies. Writes a Markdown fragment, its ratio rows and
 * an SVG percentile plot beside it.
 *
 * <pre>
 * java $JVM_FLAGS -cp ... io.tradingcore.benchmarks.LatencyBenchmark [--ticks FILE] [--rate 100000]
 *     [--tcp-rate 10000] [--warmup-seconds 2] [--seconds 3] [--threading SPLIT] [--idle backoff]
 *     [--parts chronicle,pipeline,aeron,tcp,idle] [--markdown FILE]
 * </pre>
 */
public final class LatencyBenchmark
{
    private static final Set<String> OPTIONS = Set.of(
        "ticks", "rate", "tcp-rate", "warmup-seconds", "seconds", "threading", "idle", "parts", "sender", "markdown");
    private static final int TCP_FRAME = 64;

    private final Map<String, String> options;
    private final List<String> parts;
    private final int rate;
    private final int tcpRate;
    private final int warmupSeconds;
    private final int seconds;
    private final ThreadingLayout layout;
    private final String idle;
    private final FixedRateLoad.Pace pace;
    private final LatencyReport report = new LatencyReport("Latency (`LatencyBenchmark`)");
    private final List<String> targets = new ArrayList<>();

    private LatencyBenchmark(final Map<String, String> options)
    {
        this.options = options;
        parts = List.of(options.getOrDefault("parts", "chronicle,pipeline,aeron,tcp,idle").split(","));
        rate = Integer.parseInt(options.getOrDefault("rate", "100000"));
        tcpRate = Integer.parseInt(options.getOrDefault("tcp-rate", "10000"));
        warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "2"));
        seconds = Integer.parseInt(options.getOrDefault("seconds", "3"));
        layout = ThreadingLayout.valueOf(options.getOrDefault("threading", "SPLIT").toUpperCase());
        idle = options.getOrDefault("idle", "backoff");
        pace = FixedRateLoad.Pace.valueOf(options.getOrDefault("sender", "park").toUpperCase());
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = BenchOptions.parse(args, OPTIONS);
        if (options == null)
        {
            System.err.println("usage: LatencyBenchmark [--ticks FILE] [--rate N] [--tcp-rate N] [--warmup-seconds N]" +
                " [--seconds N] [--threading SHARED|SPLIT|DEDICATED] [--idle backoff|yielding|busy-spin|sleeping]" +
                " [--parts chronicle,pipeline,aeron,tcp,idle] [--sender park|yield] [--markdown FILE]");
            System.exit(2);
        }
        new LatencyBenchmark(options).run();
        System.exit(0);
    }

    private FixedRateLoad load(final int eventsPerSecond)
    {
        return new FixedRateLoad(eventsPerSecond, eventsPerSecond * warmupSeconds, eventsPerSecond * seconds)
            .pace(pace);
    }

    private void run() throws Exception
    {
        final ReferenceData reference = BenchReferenceData.withTickStrategy();
        final Path file = Path.of(options.getOrDefault("ticks", TickFiles.sample().toString()));
        final EncodedTicks ticks = EncodedTicks.load(file, reference, 100_000);
        report.context(String.format("Each series: %d s of warm-up events on the same schedule (not recorded), then " +
            "%d s recorded; sender pacing `%s` (%s); load average at the start %s.", warmupSeconds, seconds,
            pace.name().toLowerCase(), pace == FixedRateLoad.Pace.PARK ? "it parks until each event is due; a " +
            "park oversleeps by some 50-90 µs here, so events due meanwhile go out together, late, and " +
            "that lateness is in their latency" : "it parks until shortly before each event is due, then yields",
            CpuProbe.loadAverage()));
        report.context("Threading: pipeline " + layout + " with idle strategy `" + idle + "` (" +
            describeLayout() + "); every baseline's threads use the same idle strategy; the load's sender and the " +
            "receiver are threads of their own.");

        if (parts.contains("idle"))
        {
            // First, in a quiet JVM: after the load runs, the JVM's own collector and compiler work would be counted.
            idleCpu(reference);
        }
        LatencyReport.Series journaled = null;
        if (parts.contains("chronicle"))
        {
            final FixedRateLoad load = load(rate);
            final Histogram histogram = new DisruptorChronicleLatency(ticks, idle).run(load);
            journaled = report.add("raw Disruptor hop + Chronicle append", histogram, rate,
                sent(load), null);
            report.note(journaled.name(), "the sender copies a stamped tick (64 bytes) into a one-to-one Disruptor " +
                "ring of 1 KiB slots; one consumer thread polls it with the `" + idle + "` idle strategy and appends " +
                "the bytes to a raw Chronicle Queue (FAST_DAILY, no sync); done when appended. The **baseline** of " +
                "the pipeline: one journaled hand-off.");
        }
        if (parts.contains("pipeline"))
        {
            final FixedRateLoad load = load(rate);
            final PipelineLatency pipeline = new PipelineLatency(ticks, layout, idle, false);
            final Histogram histogram = pipeline.run(load);
            final LatencyReport.Series series = report.add("pipeline, NewOrder in -> OrderAccepted on Aeron, " +
                "journaling on", histogram, rate, sent(load),
                journaled);
            final long p9999 = histogram.getValueAtPercentile(99.99);
            targets.add(TargetRows.row(String.format(
                "in-process latency at %,d events/s, journaling on: p99.99 under " +
                "1 ms", rate), String.format("p99.99 %.1f µs", p9999 / 1000.0), p9999 < 1_000_000));
            if (journaled != null)
            {
                targets.add(TargetRows.row(String.format("in-process latency at %,d events/s: p99 within 3x of the " +
                    "raw Disruptor + Chronicle baseline", rate), String.format("%.2f x (p99 %.1f µs, baseline %.1f µs)",
                    series.p99Ratio(), histogram.getValueAtPercentile(99) / 1000.0,
                    journaled.histogram().getValueAtPercentile(99) / 1000.0), series.p99Ratio() <= 3));
            }
            report.note(series.name(), "a fresh `TradingCore` as `scripts/run` wires it (journaling on, Aeron on, " +
                "the simulated venue filling every order, its FILLs coming back in as inputs, so the core takes two " +
                "inputs per order), fed external 0.10-lot market orders (buy and sell in turn) from an account " +
                "with no order-rate, open-order, position or daily-loss limit (at this rate they would refuse or " +
                "stop it within a second), the other pre-trade checks on; an Aeron subscriber in this process " +
                "takes each order's OrderAccepted off the core's IPC publication.");
        }
        LatencyReport.Series aeron = null;
        if (parts.contains("aeron"))
        {
            final FixedRateLoad load = load(rate);
            aeron = report.add("raw Aeron IPC round trip", new AeronIpcPing(idle).run(load), rate, sent(load), null);
            report.note(aeron.name(), "an embedded media driver (SHARED threading, `" + idle + "` idle), 64-byte " +
                "messages on an IPC stream, an echo thread sending each straight back on a second stream, a " +
                "receiver thread taking the echo: a **baseline**, the floor under any answer over Aeron.");
        }
        if (parts.contains("tcp"))
        {
            final FixedRateLoad load = load(tcpRate);
            final LatencyReport.Series tcp = report.add("raw Netty TCP echo round trip", new TcpEchoRoundTrip(TCP_FRAME)
                .run(load), tcpRate, sent(load), null);
            report.note(tcp.name(), "a raw Netty echo server on 127.0.0.1 (one NIO event loop, TCP_NODELAY), a " +
                "plain blocking socket writing " + TCP_FRAME + "-byte frames at the rate an MT5 bridge would carry " +
                "ticks, a reader thread taking the echoes: a **baseline**, the floor under the bridge's round trip.");
        }
        report.print();
        final String markdown = options.get("markdown");
        if (markdown != null)
        {
            final Path path = Path.of(markdown);
            final String plot = path.getFileName().toString().replaceFirst("\\.md$", "") + ".svg";
            report.writePlot(path.resolveSibling(plot));
            Files.writeString(path, report.markdown(plot));
            RatioRows.writeBeside(path, report.ratioRows());
            TargetRows.writeBeside(path, targets);
            System.out.println("markdown written to " + markdown + ", plot to " + path.resolveSibling(plot));
        }
    }

    private String describeLayout()
    {
        return switch (layout)
        {
            case SHARED -> "one thread for every stage";
            case SPLIT -> "thread 1: sequencer + journaller; thread 2: engine + publisher + simulated venue + " +
                "embedded Aeron driver and conductor";
            case DEDICATED -> "a thread per stage";
        };
    }

    /**
     * CPU the core takes while nothing happens: a fresh core with the default settings (its layout and idle
     * strategy, Aeron on), started, left alone; the process's CPU time over the wall time.
     */
    private void idleCpu(final ReferenceData reference) throws Exception
    {
        final Path data = TempDirectory.create("idle");
        try (TradingCore core = TradingCore.open(new TradingCore.Context()
            .dataDirectory(data)
            .referenceData(reference.inputs())
            .flushPolicy(FlushPolicy.NONE)))
        {
            core.start();
            System.gc();
            Thread.sleep(2_000);
            final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
            final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final Map<Long, Long> threadCpuBefore = new java.util.HashMap<>();
            for (final long id : threads.getAllThreadIds())
            {
                threadCpuBefore.put(id, threads.getThreadCpuTime(id));
            }
            final long cpuBefore = os.getProcessCpuTime();
            final long wallBefore = System.nanoTime();
            Thread.sleep(5_000);
            final long wall = System.nanoTime() - wallBefore;
            final double share = 100.0 * (os.getProcessCpuTime() - cpuBefore) / wall;
            final List<String> busiest = new ArrayList<>();
            double javaThreads = 0;
            for (final long id : threads.getAllThreadIds())
            {
                final java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
                final long now = threads.getThreadCpuTime(id);
                if (info != null && now > 0)
                {
                    final double threadShare = 100.0 * (now - threadCpuBefore.getOrDefault(id, 0L)) / wall;
                    javaThreads += threadShare;
                    if (threadShare >= 0.1)
                    {
                        busiest.add(String.format("%s %.1f%%", info.getThreadName(), threadShare));
                    }
                }
            }
            final TradingCore.Context defaults = new TradingCore.Context();
            report.context(String.format("Idle CPU with the default settings (layout %s, idle strategy `%s`, Aeron " +
                    "on, embedded driver), started and left alone for 2 s, then measured over 5 s with no input: " +
                    "the whole process used **%.1f%% of one core**, " +
                    "%.1f%% of this %d-core machine (target: under 5%%); Java threads above 0.1%%: %s (%.1f%% in all " +
                    "Java threads, the rest is the JVM's own); spinning threads by default: **0** (backoff: 10 " +
                    "spins, 20 yields, then parks of 1 µs doubling to 4 ms; busy-spin is only a setting; the Aeron " +
                    "driver's async executor thread is off).",
                defaults.threadingLayout(), defaults.idleStrategy(), share, share / Runtime.getRuntime()
                    .availableProcessors(), Runtime.getRuntime().availableProcessors(), String.join(", ", busiest),
                javaThreads));
            System.out.printf("idle CPU: %.1f%% of one core; threads: %s%n", share, busiest);
            targets.add(TargetRows.row("idle core under 5% CPU with the default idle strategies; spinning threads " +
                "never more than the cores", String.format(
                    "%.1f%% of one core for the whole idle process; 0 spinning " +
                "threads by default", share), share < 5));
        }
        finally
        {
            TempDirectory.delete(data);
        }
    }

    private static String sent(final FixedRateLoad load)
    {
        return String.format("sender achieved %,.0f events/s, at most %.1f µs behind schedule", load.achievedRate(),
            load.maxSendLagNs() / 1000.0);
    }
}
