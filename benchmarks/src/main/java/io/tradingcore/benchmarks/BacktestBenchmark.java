package io.tradingcore.benchmarks;

import io.tradingcore.backtest.BacktestResult;
import io.tradingcore.backtest.BacktestRun;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.journal.FlushPolicy;
import io.tradingcore.marketdata.Mt5TickFile;
import io.tradingcore.pipeline.RecoveryReport;
import io.tradingcore.pipeline.TradingCore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Backtest speed on a real tick file, beside the time to merely parse the same file in the same run:
 * ticks per second of a whole backtest (reading, journals, engine, venue, result files) and of the
 * engine alone over the inputs that backtest fed it; then {@code replay verify} in inputs per second
 * on a journal of at least 10 M inputs, built by a backtest over the file repeated with its times
 * shifted by whole weeks.
 *
 * <pre>
 * java $JVM_FLAGS -Xms2g -Xmx2g -cp ... io.tradingcore.benchmarks.BacktestBenchmark [--ticks FILE]
 *     [--iterations N] [--warmups N] [--verify-inputs N] [--verify-iterations N] [--markdown FILE]
 * </pre>
 */
public final class BacktestBenchmark
{
    private static final Set<String> OPTIONS = Set.of(
        "ticks", "iterations", "warmups", "verify-inputs", "verify-iterations", "markdown");
    /** The larger export's size: the sample is repeated to about as many ticks when that file is absent. */
    private static final long LARGE_TICKS = 1_144_542;
    /** A 10 M-input journal and its output journal take a few GB of (sparse) Chronicle files. */
    private static final long MIN_FREE_BYTES_FOR_VERIFY = 8L << 30;

    private static final int MIN_BACKTEST_WARMUPS = 3;

    private final Map<String, String> options;
    private final int iterations;
    private final int warmups;
    private final ThroughputReport report = new ThroughputReport("Backtest and replay verify (`BacktestBenchmark`)");
    private final List<Path> temporary = new ArrayList<>();

    private BacktestBenchmark(final Map<String, String> options)
    {
        this.options = options;
        iterations = Integer.parseInt(options.getOrDefault("iterations", "3"));
        warmups = Integer.parseInt(options.getOrDefault("warmups", "1"));
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = BenchOptions.parse(args, OPTIONS);
        if (options == null)
        {
            System.err.println("usage: BacktestBenchmark [--ticks FILE] [--iterations N] [--warmups N]" +
                " [--verify-inputs N (0 skips the verify)] [--verify-iterations N] [--markdown FILE]");
            System.exit(2);
        }
        final BacktestBenchmark benchmark = new BacktestBenchmark(options);
        try
        {
            benchmark.run();
        }
        finally
        {
            benchmark.temporary.forEach(TempDirectory::delete);
        }
    }

    private void run() throws Exception
    {
        final ReferenceData reference = BenchReferenceData.withTickStrategy();
        final Path large = TickFiles.large();
        final boolean fallback = !options.containsKey("ticks") && !Files.isRegularFile(large);
        if (fallback)
        {
            System.out.println("*** the larger tick file " + large + " is ABSENT: every figure below is for the " +
                "shipped sample repeated, NOT for the issue's file ***");
        }
        final Path source = Path.of(options.getOrDefault("ticks", (fallback ? TickFiles.sample() : large).toString()));
        final TickSeries series = TickSeries.of(source, reference, tempFolder("ticks"));
        final int repeats = fallback ? (int)((LARGE_TICKS + series.ticks() - 1) / series.ticks()) : 1;
        final List<Mt5TickFile> files = series.copies(repeats);
        describeRun(series, repeats, fallback);

        final BacktestRate backtest = new BacktestRate(files, reference);
        final String label = fallback ? " (SAMPLE REPEATED)" : "";
        final Measurement parse = Measurement.measure("parse only (Mt5TickReader)" + label, "ticks/s", warmups,
            iterations, backtest::parseOnly);
        report.baseline(parse);
        // One backtest alone outlasts the 2 s minimum warm-up while the JIT is still compiling its journal code.
        final Measurement endToEnd = Measurement.measure("backtest end to end" + label, "ticks/s",
            Math.max(warmups, MIN_BACKTEST_WARMUPS), iterations, backtest::endToEnd);
        report.figure(endToEnd, parse);

        System.out.println("recording one backtest's inputs from its input journal ...");
        final Path recordedFolder = tempFolder("recorded").resolve("run");
        final BacktestResult recorded = backtest.keep(recordedFolder, (fraction, ticks) -> { });
        final JournaledInputs inputs = JournaledInputs.read(recordedFolder);
        final Measurement engine = Measurement.measure("engine only, journaled inputs replayed" + label, "ticks/s",
            warmups, iterations, () -> inputs.replay(recorded.ticks(), recorded.stateHash()));
        report.figure(engine, parse);
        final Measurement engineInputs = engine.scaled("engine only, in inputs" + label, "inputs/s",
            (double)inputs.count() / recorded.ticks(), engine.detail());
        report.recount(engineInputs);

        final VerifyRate oneFile = new VerifyRate(recordedFolder);
        final Measurement verifySmall = Measurement.measure(String.format("replay verify, one backtest's journal " +
            "(%,d inputs)%s", recorded.inputs(), label), "inputs/s", warmups, iterations, oneFile::verify);
        report.figureShownOnly(verifySmall, engineInputs);
        notes(recorded, inputs.count(), label, verifySmall.name());

        final long verifyInputs = Long.parseLong(options.getOrDefault("verify-inputs", "10000000"));
        if (verifyInputs > 0)
        {
            verifyLarge(series, recorded.inputs() / (double)repeats, verifyInputs, engineInputs, label);
        }
        else
        {
            report.context("Replay verify on a 10 M-input journal: **not run** this time (`--verify-inputs 0`).");
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

    private void verifyLarge(final TickSeries series, final double inputsPerCopy, final long target,
        final Measurement engineInputs, final String label) throws Exception
    {
        final Path folder = tempFolder("verify");
        final long free = Files.getFileStore(folder).getUsableSpace();
        if (free < MIN_FREE_BYTES_FOR_VERIFY)
        {
            final String why = String.format("Replay verify on a %,d-input journal: **skipped**, only %.1f GB free " +
                "in %s (needs %d GB).", target, free / 1e9, folder.getParent(), MIN_FREE_BYTES_FOR_VERIFY >> 30);
            System.out.println(why);
            report.context(why);
            return;
        }
        // One percent more than the average asks for: the strategy trades a little differently on each copy.
        final int copies = (int)Math.ceil(target * 1.01 / inputsPerCopy);
        System.out.printf("building the verify journal: %d copies of %s shifted by %d week(s) each, %.1f GB free ...%n",
            copies, series.file().getFileName(), series.weeks(), free / 1e9);
        final List<Mt5TickFile> files = series.copies(copies);
        final Path run = folder.resolve("run");
        final long start = System.nanoTime();
        final BacktestResult built = new BacktestRate(files, BenchReferenceData.withTickStrategy())
            .keep(run, new Progress());
        final long buildNanos = System.nanoTime() - start;
        System.out.printf("   built in %.1f s: %s%n", buildNanos / 1e9, BacktestRate.describe(built));
        if (built.inputs() < target)
        {
            throw new IllegalStateException(String.format("the verify journal holds %,d inputs, under %,d",
                built.inputs(), target));
        }

        final VerifyRate verify = new VerifyRate(run);
        final int verifyIterations = Integer.parseInt(options.getOrDefault("verify-iterations", "3"));
        final String loadBefore = loadAverage();
        // No warm-up of its own: the verify of one backtest's journal just before ran the same code.
        final Measurement inputsRate = Measurement.measure(String.format("replay verify, %,d-input journal%s",
            built.inputs(), label), "inputs/s", 0, verifyIterations, verify::verify);
        final long events = verify.inputs() + verify.outputMessages();
        final Measurement eventsRate = inputsRate.scaled(String.format("replay verify, %,d-input journal, inputs + " +
            "outputs%s", built.inputs(), label), "events/s", (double)events / verify.inputs(), inputsRate.detail());
        final Measurement chains = Measurement.measure(String.format("hash chains alone, %,d-input journal%s",
            built.inputs(), label), "inputs/s", 0, verifyIterations, verify::chainsOnly);
        report.figureShownOnly(inputsRate, engineInputs);
        report.recount(eventsRate);
        report.figure(chains, inputsRate);
        report.context(String.format("Verify journal: one backtest over %d copies of `%s` (the first unshifted, " +
                "each next one %d week(s) later), built in %.1f s before timing: **%,d inputs** (%,d ticks, the rest " +
                "reference data, the attach and the venue's reports) and **%,d output messages** (%,d events in " +
                "all). Load average just before its verify: %s.", files.size(), series.file().getFileName(),
            series.weeks(), buildNanos / 1e9, verify.inputs(), built.ticks(), verify.outputMessages(), events,
            loadBefore));
        report.note(inputsRate.name(), "`ReplayVerifier.verify` on that folder, as `scripts/replay verify` runs it: " +
            "both journals' hash chains walked, then every input re-run in a fresh engine and each output batch " +
            "compared byte for byte with the output journal; must come out identical with both chains intact. " +
            "The journal files are in the page cache (just written), so this is CPU, not disk. " + verifyIterations +
            " timed runs, no warm-up of their own (the verify of one backtest's journal ran just before).");
        report.note(eventsRate.name(), "the same runs counted as inputs plus the output messages compared.");
        report.note(chains.name(), "`Journal.verifyChain()` on the input and the output journal, opened read-only, " +
            "alone: the part of the verify above that checks the hash chains; per input journal entry.");
        recovery(run);
        TempDirectory.delete(folder);
    }

    /**
     * Start-up of a core on the verify folder as {@code scripts/run} would start it after a stop: first with no
     * snapshot (every input replayed), then again with the snapshot the first core wrote when it closed.
     */
    private final List<String> targets = new ArrayList<>();

    private void recovery(final Path run) throws Exception
    {
        TempDirectory.delete(run.resolve("snapshots"));
        final StartUp cold = startUp(run);
        final StartUp warm = startUp(run);
        final String line = String.format("Recovery: a core opened and started on the %,d-input verify journal " +
                "(Aeron off, otherwise as `scripts/run` starts it): **without a snapshot %.2f s** (%,d inputs " +
                "replayed, %,.0f inputs/s); **with a snapshot %.2f s** (snapshot at input %,d, %,d replayed; the " +
                "snapshot the first core wrote when it closed). Target: ready in under 3 s with a snapshot. With the " +
                "default snapshot interval (every 100,000 inputs) at most that many inputs follow the newest snapshot.",
            cold.report().lastSequence(), cold.nanos() / 1e9, cold.report().replayedInputs(),
            cold.report().replayedInputs() * 1e9 / cold.nanos(), warm.nanos() / 1e9,
            warm.report().snapshotSequence(), warm.report().replayedInputs());
        System.out.println(line);
        report.context(line);
        targets.add(TargetRows.row("recovery: start-up with a 10 million input journal ready in under 3 s using a " +
            "snapshot; the time without one reported", String.format("%.2f s with a snapshot; %.2f s without " +
            "(%,d inputs)", warm.nanos() / 1e9, cold.nanos() / 1e9, cold.report().lastSequence()),
            warm.nanos() < 3_000_000_000L));
    }

    private record StartUp(RecoveryReport report, long nanos)
    {
    }

    private static StartUp startUp(final Path run)
    {
        final long start = System.nanoTime();
        try (TradingCore core = TradingCore.open(new TradingCore.Context()
            .dataDirectory(run)
            .aeronEnabled(false)
            .flushPolicy(FlushPolicy.NONE)))
        {
            core.start();
            return new StartUp(core.recovery(), System.nanoTime() - start);
        }
    }

    private void describeRun(final TickSeries series, final int repeats, final boolean fallback) throws IOException
    {
        if (fallback)
        {
            report.context("**The larger tick file `" + TickFiles.LARGE + "` was ABSENT: every figure is for the " +
                "shipped sample repeated, not for the issue's file.**");
        }
        report.context(String.format("Ticks: `%s`, %,d real %s ticks%s.", series.file().getFileName(),
            series.ticks(), series.symbol(), repeats == 1 ? "" : String.format(", repeated %d times with times " +
                "shifted by %d week%s each (%,d ticks)", repeats, series.weeks(), series.weeks() == 1 ? "" : "s",
                series.ticks() * repeats)));
        report.context(String.format("Each figure: warm-up runs (at least %d, the backtest at least %d, and at least " +
            "%s of them), then %d timed run%s; median, min and max of the timed runs.", warmups,
            Math.max(warmups, MIN_BACKTEST_WARMUPS), Measurement.minWarmup(), iterations, iterations == 1 ? "" : "s"));
        report.context(CpuProbe.explanation());
        final Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        report.context(String.format("Journals in %s (%s, %.1f GB free at the start), deleted after. Load average " +
            "at the start: %s.", tmp, Files.getFileStore(tmp).type(), Files.getFileStore(tmp).getUsableSpace() / 1e9,
            loadAverage()));
    }

    private void notes(final BacktestResult recorded, final int inputs, final String label, final String verifyName)
    {
        report.layout("all parts", "one thread (main): the backtest, the engine alone and the verify are " +
            "single-threaded by design");
        report.note("parse only (Mt5TickReader)" + label, "every tick file read with " +
            "`Mt5TickReader.readAll` (gzip, tab-separated rows, fixed-point prices) into a sink that adds up the " +
            "fields: the least a backtest of these files can cost, the **baseline**.");
        report.note("backtest end to end" + label,
            "`BacktestRun.run` then `BacktestFiles.write`, as `BacktestCommand` " +
            "(`scripts/backtest --strategy ma-crossover --param bar=0 --param fast=20 --param slow=100 --ticks FILE " +
            "--out DIR`) runs it: ma-crossover on moving averages of 20 and 100 ticks (its defaults before it took " +
            "bar closes), the built-in reference data, fills at the touch, no latency; every input stamped, " +
            "journaled, processed and its outputs journaled and shown to the simulated venue; result files " +
            "written. A fresh temp folder per run, deleted after (not timed). Ticks per second of wall time.");
        report.note("engine only, journaled inputs replayed" + label, String.format(
            "the %,d inputs one such backtest fed " +
            "its engine (reference data, the attach, %,d ticks, the venue's reports), read back once from its own " +
            "input journal into memory with their stamps, then replayed by `Engine.onInput` on a fresh engine per " +
            "run, outputs counted and dropped; the final state hash must equal the backtest's. What the backtest " +
            "costs without reading files, journaling and the venue.", inputs, recorded.ticks()));
        report.note(verifyName, "`ReplayVerifier.verify` (hash chains, then the " +
            "byte-for-byte replay) on that backtest's folder: also the verify's warm-up.");
    }

    private Path tempFolder(final String purpose)
    {
        final Path folder = TempDirectory.create(purpose);
        temporary.add(folder);
        return folder;
    }

    private static String loadAverage()
    {
        try
        {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2] + " (1, 5, 15 min)";
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    /** Prints the ticks read every million while the verify journal is built. */
    private static final class Progress implements BacktestRun.ProgressListener
    {
        private long nextMillion = 1_000_000;

        @Override
        public void onProgress(final double fraction, final long ticks)
        {
            if (ticks >= nextMillion)
            {
                System.out.printf("   %,d ticks backtested ...%n", ticks);
                nextMillion += 1_000_000;
            }
        }
    }
}
