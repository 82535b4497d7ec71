package io.tradingcore.benchmarks;

import io.tradingcore.config.ReferenceData;
import io.tradingcore.pipeline.ThreadingLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Events per second through the whole pipeline with journaling on and through the engine alone,
 * each beside a baseline measured in the same run on the same bytes: the raw Chronicle Queue append
 * rate and a raw one-to-one Disruptor hop. Each baseline runs just before the figures compared with
 * it, so both see the machine in the same state.
 *
 * <pre>
 * java $JVM_FLAGS -cp ... io.tradingcore.benchmarks.ThroughputBenchmark [--ticks FILE] [--events N]
 *     [--iterations N] [--warmups N] [--threading SPLIT] [--idle backoff] [--order-steps N]
 *     [--parts chronicle,pipeline,disruptor,engine] [--markdown FILE]
 * </pre>
 */
public final class ThroughputBenchmark
{
    private static final Set<String> OPTIONS = Set.of(
        "ticks", "events", "iterations", "warmups", "threading", "idle", "order-steps", "parts", "markdown");
    private static final long HOP_MESSAGES = 5_000_000;
    /**
     * The hop's rate depends on where the scheduler puts its two threads (same core: long batches;
     * two cores: a cache-line hand-off per event), so it gets more runs for a steadier median.
     */
    private static final int HOP_ITERATIONS = 7;
    private static final long MIXED_WARMUP_NS = 3_000_000_000L;

    private final Map<String, String> options;
    private final int iterations;
    private final int warmups;
    private final List<String> parts;
    private final ThroughputReport report = new ThroughputReport();
    private final List<String> targets = new ArrayList<>();

    private ThroughputBenchmark(final Map<String, String> options)
    {
        this.options = options;
        iterations = Integer.parseInt(options.getOrDefault("iterations", "5"));
        warmups = Integer.parseInt(options.getOrDefault("warmups", "1"));
        parts = List.of(options.getOrDefault("parts", "chronicle,pipeline,disruptor,engine").split(","));
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = BenchOptions.parse(args, OPTIONS);
        if (options == null)
        {
            System.err.println("usage: ThroughputBenchmark [--ticks FILE] [--events N] [--iterations N] [--warmups N]" +
                " [--threading SHARED|SPLIT|DEDICATED] [--idle backoff|yielding|busy-spin|sleeping] [--order-steps N]" +
                " [--parts chronicle,pipeline,disruptor,engine] [--markdown FILE]");
            System.exit(2);
        }
        new ThroughputBenchmark(options).run();
    }

    private void run() throws Exception
    {
        final ReferenceData reference = BenchReferenceData.withTickStrategy();
        final Path file = Path.of(options.getOrDefault("ticks", TickFiles.sample().toString()));
        final long minimumTicks = Long.parseLong(options.getOrDefault("events", "1000000"));
        System.out.println("loading " + file + " ...");
        final EncodedTicks ticks = EncodedTicks.load(file, reference, minimumTicks);
        describeRun(ticks);

        if (parts.contains("chronicle"))
        {
            chronicleAndPipeline(ticks, reference);
        }
        else if (parts.contains("pipeline"))
        {
            pipeline(ticks, reference, null);
        }
        if (parts.contains("disruptor") || parts.contains("engine"))
        {
            disruptorAndEngine(ticks);
        }

        report.print();
        final String markdown = options.get("markdown");
        if (markdown != null)
        {
            Files.writeString(Path.of(markdown), report.markdown());
            RatioRows.writeBeside(Path.of(markdown), report.ratioRows());
            TargetRows.writeBeside(Path.of(markdown), targets);
            System.out.println("markdown written to " + markdown);
        }
    }

    private void describeRun(final EncodedTicks ticks) throws IOException
    {
        report.context(String.format(
            "Ticks: `%s`, %,d real %s ticks, repeated %d time%s with times shifted by %d day%s " +
                "(ticks keep increasing): **%,d MarketTick inputs** of %d bytes, %d with the journal's 8-byte " +
                "time stamp.",
            ticks.file().getFileName(), ticks.fileTicks(), ticks.instrument().symbol(), ticks.repeats(),
            ticks.repeats() == 1 ? "" : "s", ticks.shiftDays(), ticks.shiftDays() == 1 ? "" : "s", ticks.count(),
            EncodedTicks.MESSAGE_LENGTH, EncodedTicks.ENTRY_LENGTH));
        final Path large = TickFiles.large();
        final String largeState = !Files.isRegularFile(large) ? "**absent** (" + large + " not found): this run " +
            "used only the shipped sample" : Files.isSameFile(large, ticks.file()) ? "present and used" :
            "present but not used by this run (pass `--ticks " + large + "`)";
        report.context("Larger tick file `" + TickFiles.LARGE + "` (1,144,542 ticks): " + largeState + ".");
        report.context(String.format("Each figure: warm-up runs (at least %d, and at least %s of them), then %d " +
            "timed run%s (the Disruptor hop at least %d); median, min and max of the timed runs.", warmups,
            Measurement.minWarmup(), iterations, iterations == 1 ? "" : "s", HOP_ITERATIONS));
        report.context(CpuProbe.explanation());
        report.context("Journals and data folders in " + System.getProperty("java.io.tmpdir") + " (" +
            Files.getFileStore(Path.of(System.getProperty("java.io.tmpdir"))).type() + "), deleted after each run.");
    }

    private void chronicleAndPipeline(final EncodedTicks ticks, final ReferenceData reference) throws Exception
    {
        final ChronicleAppendRate chronicle = new ChronicleAppendRate(ticks);
        final Measurement raw = Measurement.measure("raw Chronicle Queue append", "msg/s", warmups, iterations,
            chronicle::rawQueue);
        report.baseline(raw);
        final Measurement journal = Measurement.measure("Journal.append (same bytes)", "msg/s", warmups, iterations,
            chronicle::journal);
        report.figure(journal, raw);
        final Measurement tailed = Measurement.measure("raw Chronicle Queue append + tail", "msg/s", warmups,
            iterations, chronicle::rawQueueWithTailer);
        report.figureShownOnly(tailed, raw);
        report.note(tailed.name(), "the raw append above with a second thread tailing the queue as it is written " +
            "(a spinning tailer, as a reader that keeps up would); the clock stops when the tailer has read the last " +
            "message.");
        report.layout("raw Chronicle append, Journal.append", "one thread (main) appending to a fresh queue, " +
            "roll cycle FAST_DAILY, no sync (the input journal's default flush policy NONE)");
        report.note(raw.name(), "one thread appends the journaller's exact bytes (8-byte stamp + MarketTick, " +
            EncodedTicks.ENTRY_LENGTH + " bytes) as one Chronicle document each, through `writingDocument()`, " +
            "into a fresh SingleChronicleQueue. No framing, no checks: the most any journaller on Chronicle can do.");
        report.note(journal.name(), "the same bytes through `io.tradingcore.journal.Journal.append`, which adds " +
            "the 32-byte entry frame (dense sequence, length, CRC32C, XXH64 hash chain): the header is built apart, " +
            "the checksum and the chain computed over the payload where it lies, and the payload copied once, " +
            "straight into the queue.");
        if (parts.contains("pipeline"))
        {
            pipeline(ticks, reference, raw);
        }
    }

    private void pipeline(final EncodedTicks ticks, final ReferenceData reference, final Measurement baseline)
        throws Exception
    {
        final ThreadingLayout layout = ThreadingLayout.valueOf(options.getOrDefault("threading", "SPLIT")
            .toUpperCase());
        final PipelineRate pipeline =
            new PipelineRate(ticks, reference, layout, options.getOrDefault("idle", "backoff"));
        System.out.println("pipeline layout: " + pipeline.layoutDescription());
        final Measurement throttled = Measurement.measure("pipeline, journaling on, throttled feed", "inputs/s",
            warmups, iterations, () -> pipeline.run(true));
        final Measurement unthrottled = Measurement.measure("pipeline, journaling on, offerBlocking only", "inputs/s",
            warmups, iterations, () -> pipeline.run(false));
        report.figure(throttled, baseline);
        report.figure(unthrottled, baseline);
        if (baseline != null)
        {
            final Measurement best = unthrottled.median() >= throttled.median() ? unthrottled : throttled;
            targets.add(TargetRows.row("full pipeline, journaling on: at least 50% of the raw Chronicle append rate",
                String.format("%.2f x (%s: %,.0f inputs/s; raw append %,.0f msg/s)", best.median() / baseline.median(),
                    best.name(), best.median(), baseline.median()), best.median() >= 0.5 * baseline.median()));
        }
        report.layout("pipeline", pipeline.layoutDescription());
        final String common = "a fresh `TradingCore` per run (new data folder, the built-in reference data with " +
            "ma-crossover on 20- and 100-tick moving averages trading against the simulated venue via " +
            "`VenueConnection`, Aeron on `aeron:ipc` with no " +
            "subscriber, input and output journals with flush NONE, snapshot every 100,000 inputs, wall clock). " +
            "Timed from the first offer until every input is journaled, processed and published and the venue has " +
            "nothing pending; events are all inputs published (ticks and venue reports).";
        report.note(throttled.name(), "the feeder calls `awaitBacklogBelow(256, 8 KiB)` every 64 ticks, then " +
            "`offerBlocking`, as a program that embeds the core feeds it a tick file (the tests' replays do; " +
            "`scripts/run` did before its ticks came through the bridge); " + common);
        report.note(unthrottled.name(), "the feeder calls `offerBlocking` alone, so up to the 8 MiB ingress " +
            "queue fills and the venue's reports wait behind some 130,000 ticks: the strategy, which waits for each " +
            "fill, trades far less than when throttled (compare the venue reports); " + common);
    }

    private void disruptorAndEngine(final EncodedTicks ticks) throws Exception
    {
        final int passes = (int)Math.max(1, (HOP_MESSAGES + ticks.count() - 1) / ticks.count());
        final DisruptorHopRate hop = new DisruptorHopRate(ticks, passes);
        final Measurement hopRate = Measurement.measure("raw Disruptor hop, 1 producer -> 1 consumer", "msg/s",
            warmups, Math.max(iterations, HOP_ITERATIONS), hop::run);
        report.baseline(hopRate);
        report.layout("raw Disruptor hop", "producer = main thread, consumer = one BatchEventProcessor thread, " +
            "YieldingWaitStrategy, ring of " + DisruptorHopRate.RING_SIZE + " slots of " + DisruptorHopRate.SLOT_BYTES +
            " bytes");
        report.note(hopRate.name(), "the producer claims a slot, copies one stamped MarketTick (" +
            EncodedTicks.ENTRY_LENGTH + " bytes) into it as our sequencer does, and publishes; the consumer " +
            "takes each event and copies nothing. The cost of one thread hand-off per event, nothing else.");
        if (!parts.contains("engine"))
        {
            return;
        }
        final int steps = Integer.parseInt(options.getOrDefault("order-steps",
            String.valueOf(Math.min(ticks.count(), 200_000))));
        System.out.println("recording the engine's inputs with the venue's fills ...");
        final RecordedFlow tickFlow = RecordedFlow.ticks(ticks);
        final RecordedFlow orderFlow = RecordedFlow.orderHeavy(ticks, steps);
        // Both flows in turn first, as a live engine sees ticks and orders mixed: warmed on ticks alone, the JIT
        // compiles the engine for ticks, then deoptimizes on the first orders and, from run to run, sometimes
        // recompiles the order path half as fast.
        final long mixedUntil = System.nanoTime() + MIXED_WARMUP_NS;
        while (System.nanoTime() < mixedUntil)
        {
            EngineRate.run(tickFlow, false);
            EngineRate.run(orderFlow, true);
        }
        final Measurement tickRate = Measurement.measure("engine alone, ticks (ma-crossover attached)", "ticks/s",
            warmups, iterations, () -> EngineRate.run(tickFlow, false));
        final Measurement orderRate = Measurement.measure("engine alone, orders (NewOrder + FILL + tick)", "orders/s",
            warmups, iterations, () -> EngineRate.run(orderFlow, true));
        report.figure(tickRate, hopRate);
        report.figure(orderRate, hopRate);
        targets.add(TargetRows.row("engine alone: at least 10 million ticks per second",
            String.format("%,.0f ticks/s (median; min %,.0f)", tickRate.median(), tickRate.min()),
            tickRate.median() >= 10_000_000));
        targets.add(TargetRows.row("engine alone: order handling with all risk checks at least 3 million per second",
            String.format("%,.0f orders/s (median; min %,.0f; each with its FILL and a tick)", orderRate.median(),
                orderRate.min()), orderRate.median() >= 3_000_000));
        report.layout("engine alone", "one thread (main) calling `Engine.onInput`; outputs counted and dropped");
        report.note(tickRate.name(), "`Engine.onInput` in one thread over every pre-encoded tick, stamped with " +
            "the tick's own time, plus a FILL at the touch for each order the ma-crossover strategy routes (about " +
            "1% of the inputs), as the simulated venue answers in the pipeline: the strategy holds a position, so " +
            "every tick also runs the daily-loss check on it. A fresh engine per run with the default reference " +
            "data applied first; the inputs are recorded once and each run's final state hash is checked against " +
            "the recording's. Outputs go to a sink that counts and drops them.");
        report.note(orderRate.name(), "per step: one real tick, one external 0.10-lot market order (buy and sell " +
            "in turn, from a second account with the demo account's limits) and the venue's FILL for it, plus " +
            "FILLs for the strategy's orders. Every pre-trade check runs and passes. Recorded and checked like the " +
            "ticks. Orders/s counts external orders; each comes with a tick and a FILL (three inputs).");
    }
}
