package io.tradingcore.benchmarks;

import io.tradingcore.backtest.BacktestResult;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.marketdata.Mt5TickFile;
import io.tradingcore.projections.Projection;
import io.tradingcore.projections.ProjectionCommand;
import io.tradingcore.projections.ProjectionState;
import io.tradingcore.projections.SinkSettings;
import io.tradingcore.projections.Sinks;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The projections against their databases, each beside the raw write rate of the same client to the same server in
 * the same run: events a second a projection stores catching up on a busy day's journal; the catch-up rate on a large
 * journal; the lag of a live projection behind a core fed at a fixed rate; and what the three projections running
 * beside the core cost its pipeline rate and the MT5 bridge's tick-to-order latency. The harness starts its own
 * servers ({@code scripts/db start --no-fsync} in a temp folder) and stops them at the end; a server that does not
 * start leaves its sink's rows saying so.
 *
 * <pre>
 * java $JVM_FLAGS -Xms2g -Xmx2g -cp ... io.tradingcore.benchmarks.ProjectionBenchmark [--ticks FILE]
 *     [--catchup-inputs N] [--catchup-sinks all|fastest2] [--rate N] [--warmup-seconds S] [--seconds S]
 *     [--pipeline-ticks N] [--jit-warmup-orders N] [--markdown FILE]
 * </pre>
 */
public final class ProjectionBenchmark
{
    private static final Set<String> OPTIONS = Set.of("ticks", "catchup-inputs", "catchup-sinks", "rate",
        "warmup-seconds", "seconds", "pipeline-ticks", "jit-warmup-orders", "markdown");
    private static final long LIVE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final double RAW_TARGET = 0.5;
    /** The batch the PostgreSQL and Redis sinks prefer ({@code Sink.preferredBatchEvents}), for their raw rates. */
    private static final int RAW_BATCH = 10_000;
    private static final double PLATFORM_TARGET = 0.8;
    private static final double PLATFORM_LATENCY_TARGET = 1.2;

    private final Map<String, String> options;
    private final List<Path> temporary = new ArrayList<>();
    private final List<String> contextLines = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final List<String> ratios = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private final Map<String, Double> onceRates = new LinkedHashMap<>();
    private final ReferenceData reference = BenchReferenceData.withTickStrategy();
    private final PrintStream projectionLog;
    private DatabaseServers servers;
    private List<String> sinks;

    private ProjectionBenchmark(final Map<String, String> options) throws IOException
    {
        this.options = options;
        final Path log = tempFolder("log").resolve("projections.log");
        projectionLog = new PrintStream(Files.newOutputStream(log), true);
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = BenchOptions.parse(args, OPTIONS);
        if (options == null)
        {
            System.err.println("usage: ProjectionBenchmark [--ticks FILE] [--catchup-inputs N] " +
                "[--catchup-sinks all|fastest2] [--rate N] [--warmup-seconds S] [--seconds S] [--pipeline-ticks N] " +
                "[--jit-warmup-orders N] [--markdown FILE]");
            System.exit(2);
        }
        final ProjectionBenchmark benchmark = new ProjectionBenchmark(options);
        try
        {
            benchmark.run();
        }
        finally
        {
            if (benchmark.servers != null)
            {
                benchmark.servers.close();
            }
            benchmark.projectionLog.close();
            benchmark.temporary.forEach(TempDirectory::delete);
        }
        System.exit(0);
    }

    private void run() throws Exception
    {
        final long started = System.nanoTime();
        final Path tickFile = Path.of(options.getOrDefault("ticks", TickFiles.sample().toString()));
        System.out.println("starting the harness's own database servers (scripts/db start --no-fsync) ...");
        servers = DatabaseServers.start(tempFolder("db"));
        sinks = new ArrayList<>();
        final List<String> down = new ArrayList<>();
        for (final String name : Sinks.NAMES)
        {
            (servers.up(name) ? sinks : down).add(name);
        }
        context(String.format("Servers: the harness's own, started with `scripts/db start --data DIR --no-fsync` in " +
            "a temp folder and stopped at the end (PostgreSQL, Redis, ClickHouse as installed; no fsync); each run " +
            "of a projection into a fresh PostgreSQL database, ClickHouse database and Redis key prefix. %d CPUs; " +
            "load average at the start %s.", Runtime.getRuntime().availableProcessors(), CpuProbe.loadAverage()));
        for (final String name : down)
        {
            context("**" + name + ": its server did not start; its rows are absent.** scripts/db said: `" +
                servers.startOutput().strip().replace('\n', ' ') + "`");
        }
        onceAndRaw(tickFile);
        catchUp(tickFile);
        lag(tickFile);
        platformCost(tickFile);
        bridgeCost();
        context(String.format("The whole harness took %.0f s.", (System.nanoTime() - started) / 1e9));
        final String markdown = markdown();
        System.out.println();
        System.out.println(markdown);
        final String file = options.get("markdown");
        if (file != null)
        {
            Files.writeString(Path.of(file), markdown);
            RatioRows.writeBeside(Path.of(file), ratios);
            TargetRows.writeBeside(Path.of(file), targets);
            System.out.println("markdown written to " + file);
        }
    }

    /** Part 1: a busy day's journal caught up once into each sink, beside the raw write rate of the same rows. */
    private void onceAndRaw(final Path tickFile) throws Exception
    {
        final EncodedTicks day = EncodedTicks.load(tickFile, reference, 0);
        final Path data = tempFolder("day");
        System.out.printf("1. building the journal: %,d ticks of %s through a core ...%n", day.count(),
            tickFile.getFileName());
        final long published;
        try (LiveCore core = new LiveCore(data, reference))
        {
            core.feedThrottled(day, 0, day.count());
            core.settle();
            published = core.publishedSequence();
        }
        section("Sustained rate: the day's journal caught up once, beside the raw write rate");
        lines.add(String.format("A core (SPLIT, journaling on, the simulated venue, the strategy on `%s`) fed the " +
            "%,d ticks of `%s`: **%,d inputs** journaled (ticks, reference data, the venue's reports) and their " +
            "outputs. Then `new Projection(sink, new Projection.Context().dataDirectory(dir).once(true)).run(() -> " +
            "true)` into a fresh database per sink, timed from the call (the sink opened and its schema made just " +
            "before, not timed) to its return: **events** are those the sink stored (the inputs it wants and every " +
            "output), counted by a wrapper sink. The raw rate writes as many rows of about the same width (10 " +
            "columns: sequence, index, tenant, account, engine time, timestamp, type, quantity, price, order id) " +
            "with the same client to the same server in batches of the projection's size (%,d for PostgreSQL and " +
            "Redis, the size their sinks prefer): PostgreSQL COPY over " +
            "plain JDBC, a transaction a batch; Redis HSETs of 7 fields, a pipelined MULTI/EXEC a batch (Lettuce " +
            "async); ClickHouse all rows in one HTTP INSERT, TabSeparated, into a MergeTree table.",
            BenchReferenceData.TICK_STRATEGY, day.count(),
            tickFile.getFileName(), published, RAW_BATCH));
        lines.add("");
        lines.add("| sink | events | projection events/s | raw rows/s | projection / raw | raw write |");
        lines.add("|---|---:|---:|---:|---:|---|");
        for (final String name : Sinks.NAMES)
        {
            if (!sinks.contains(name))
            {
                lines.add("| " + name + " | server did not start | | | | |");
                continue;
            }
            final Map<String, String> settings = servers.freshSettings();
            final Once once = once(name, data, settings);
            final TrialResult raw = raw(name, settings, once.events());
            final double projectionRate = once.events() * 1e9 / once.nanos();
            final double ratio = projectionRate / raw.perSecond();
            onceRates.put(name, projectionRate);
            System.out.printf("   %s: %,d events in %.2f s = %,.0f events/s; raw %,.0f rows/s (%s); ratio %.2f%n",
                name, once.events(), once.nanos() / 1e9, projectionRate, raw.perSecond(), raw.detail(), ratio);
            lines.add(String.format("| %s | %,d | %,.0f | %,.0f | %.2f | %s |", name, once.events(), projectionRate,
                raw.perSecond(), ratio, raw.detail()));
            ratios.add(RatioRows.shown("projection " + name + ", the day's journal once", ratio, true,
                "raw " + name + " write of as many rows"));
            targets.add(TargetRows.row("projection reaches at least half its raw write rate: " + name,
                String.format("%,.0f events/s = %.2f x raw %,.0f rows/s", projectionRate, ratio, raw.perSecond()),
                ratio >= RAW_TARGET));
        }
        lines.add("");
        lines.add("Reading the ratios: the Redis projection conflates a batch (one write per hash field and one " +
            "publication per entity, the quote hash once a batch however many ticks), so it sends fewer commands " +
            "than it stores events and can beat one HSET a row. The ClickHouse projection stores each batch as an " +
            "INSERT per table plus its checkpoint row (several HTTP requests and parts a batch), the raw rate is one " +
            "INSERT of every row, what ClickHouse is built for: the ratio says what the batch size costs there.");
        for (final String name : Sinks.NAMES)
        {
            if (!sinks.contains(name))
            {
                targets.add(TargetRows.row("projection reaches at least half its raw write rate: " + name,
                    "not measured: its server did not start", false));
            }
        }
        TempDirectory.delete(data);
    }

    private record Once(long events, long nanos, long lastInput)
    {
    }

    private Once once(final String name, final Path data, final Map<String, String> settings) throws Exception
    {
        try (TimedSink sink = new TimedSink(Sinks.create(name, SinkSettings.load(null, data, settings))))
        {
            sink.open();
            final long start = System.nanoTime();
            try (Projection projection = new Projection(sink, new Projection.Context().dataDirectory(data).once(true)
                .log(projectionLog)))
            {
                projection.run(() -> true);
                return new Once(sink.events(), System.nanoTime() - start, projection.applied().lastInput());
            }
        }
    }

    private TrialResult raw(final String name, final Map<String, String> settings, final long rows) throws Exception
    {
        final int batch = RAW_BATCH;
        return switch (name)
        {
            case "postgres" -> RawWriteRate.postgres(settings.get("TC_POSTGRES_URL"), settings.get("TC_POSTGRES_USER"),
                rows, batch);
            case "dragonfly" -> RawWriteRate.redis(settings.get("TC_REDIS_URL"), settings.get("TC_REDIS_PREFIX") +
                "raw", rows, batch);
            case "clickhouse" -> RawWriteRate.clickHouse(settings.get("TC_CLICKHOUSE_URL"),
                settings.get("TC_CLICKHOUSE_DATABASE") + "raw", rows);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Part 2: a large backtest journal (10 M inputs in full mode) caught up once. */
    private void catchUp(final Path tickFile) throws Exception
    {
        final long target = Long.parseLong(options.getOrDefault("catchup-inputs", "10000000"));
        section("Catch-up on a large journal");
        if (target <= 0 || sinks.isEmpty())
        {
            lines.add("**Not run** this time (`--catchup-inputs 0` or no server).");
            return;
        }
        final Path folder = tempFolder("catchup");
        final TickSeries series = TickSeries.of(tickFile, reference,
            Files.createDirectories(folder.resolve("ticks")));
        // About 1.01 inputs a tick: the ticks, the strategy's orders' venue reports, the reference data.
        final int copies = (int)Math.max(1, Math.ceil(target / (series.ticks() * 1.01)));
        final List<Mt5TickFile> files = series.copies(copies);
        final Path run = folder.resolve("run");
        System.out.printf("2. building the catch-up journal: a backtest over %d copies of %s ...%n", copies,
            tickFile.getFileName());
        final long buildStart = System.nanoTime();
        final BacktestResult built = new BacktestRate(files, reference).keep(run, (fraction, ticks) -> { });
        final long buildNanos = System.nanoTime() - buildStart;
        final boolean fastestTwo = "fastest2".equals(options.getOrDefault("catchup-sinks", "all"));
        final List<String> chosen = fastestTwo ? onceRates.entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(2).map(Map.Entry::getKey)
            .collect(Collectors.toList()) : sinks;
        lines.add(String.format("A backtest (as the Backtest harness builds its verify journal: `BacktestRun` over " +
                "%d copies of `%s`, each shifted by %d week(s), the strategy on `%s`) built **%,d inputs** in %.1f s " +
                "(not timed)%s. Each sink then caught it up once (`--once`), into a fresh database, timed as above; " +
                "inputs/s = the input journal's last sequence / time. Sinks: %s.", copies, tickFile.getFileName(),
            series.weeks(), BenchReferenceData.TICK_STRATEGY, built.inputs(), buildNanos / 1e9,
            built.inputs() < 9_000_000 ? String.format(": **a smaller journal than the 10 M-input one of full mode " +
                "(`--catchup-inputs %d`), to keep quick mode short**", target) : "",
            fastestTwo ? "the fastest two of the part above (" + chosen + "), to keep the run short" : "all"));
        lines.add("");
        lines.add("| sink | inputs caught up | events stored | time s | inputs/s | events/s |");
        lines.add("|---|---:|---:|---:|---:|---:|");
        for (final String name : chosen)
        {
            System.out.printf("   catching up %s ...%n", name);
            final Once once = once(name, run, servers.freshSettings());
            final double inputsRate = once.lastInput() * 1e9 / once.nanos();
            System.out.printf("   %s: %,d inputs (%,d events) in %.1f s = %,.0f inputs/s%n", name, once.lastInput(),
                once.events(), once.nanos() / 1e9, inputsRate);
            lines.add(String.format("| %s | %,d | %,d | %.1f | %,.0f | %,.0f |", name, once.lastInput(),
                once.events(), once.nanos() / 1e9, inputsRate, once.events() * 1e9 / once.nanos()));
        }
        TempDirectory.delete(folder);
    }

    /** Part 3: live projections behind a core fed at a fixed rate; the lag of each output. */
    private void lag(final Path tickFile) throws Exception
    {
        final long rate = Long.parseLong(options.getOrDefault("rate", "10000"));
        final double warmup = Double.parseDouble(options.getOrDefault("warmup-seconds", "2"));
        final double seconds = Double.parseDouble(options.getOrDefault("seconds", "5"));
        section("Lag of a live projection at " + String.format("%,d", rate) + " ticks/s");
        if (sinks.isEmpty())
        {
            lines.add("**Not run**: no server started.");
            return;
        }
        final EncodedTicks ticks = EncodedTicks.load(tickFile, reference, (long)(rate * (warmup + seconds)) + 1);
        final Path data = tempFolder("lag");
        System.out.printf("3. lag: a core fed %,d ticks/s, %s live beside it ...%n", rate, sinks);
        final AtomicBoolean running = new AtomicBoolean(true);
        final Map<String, TimedSink> timed = new LinkedHashMap<>();
        final List<Thread> threads = new ArrayList<>();
        final List<Projection> projections = new ArrayList<>();
        long published;
        try (LiveCore core = new LiveCore(data, reference))
        {
            for (final String name : sinks)
            {
                final TimedSink sink = new TimedSink(Sinks.create(name, SinkSettings.load(null, data,
                    servers.freshSettings())));
                sink.open();
                final Projection projection = new Projection(sink, new Projection.Context().dataDirectory(data)
                    .log(projectionLog));
                timed.put(name, sink);
                projections.add(projection);
                final Thread thread = new Thread(() -> projection.run(running::get), "projection-" + name);
                threads.add(thread);
                thread.start();
            }
            awaitLive(projections);
            int next = core.feedAtRate(ticks, 0, rate, warmup);
            timed.values().forEach(sink -> sink.recording(true));
            next = core.feedAtRate(ticks, next, rate, seconds);
            timed.values().forEach(sink -> sink.recording(false));
            core.settle();
            published = core.publishedSequence();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && projections.stream().anyMatch(p ->
                p.applied().lastInput() < core.publishedSequence()))
            {
                Thread.sleep(10);
            }
            running.set(false);
            for (final Thread thread : threads)
            {
                thread.join();
            }
            System.out.printf("   fed %,d ticks; %,d inputs published%n", next, published);
        }
        finally
        {
            running.set(false);
            projections.forEach(Projection::close);
            timed.values().forEach(TimedSink::close);
        }
        lines.add(String.format("A core as above, fed at a fixed **%,d ticks/s** (plus the venue's reports of the " +
                "strategy's orders) from the real ticks (a schedule per tick, `offerBlocking`), the %s projections " +
                "running live in threads of the same JVM (`Projection.run` until stopped: the journal until caught " +
                "up, then the core's Aeron stream), each into a fresh database. %.0f s of warm-up, then %.0f s " +
                "recorded. **Lag** of an output: from its input's engine stamp (the core's live clock is the wall " +
                "clock, read by the sequencer as it takes the input, microseconds after the offer) to the sink's " +
                "write holding it returning, by a wrapper sink, for every output of every write; HdrHistogram. %d " +
                "CPUs for the core's two threads, the feeder, the projections and the three servers.", rate,
            sinks.size(), warmup, seconds, Runtime.getRuntime().availableProcessors()));
        lines.add("");
        lines.add("| sink | outputs recorded | writes (whole run) | lag p50 ms | p99 ms | p99.9 ms | max ms |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|");
        for (final Map.Entry<String, TimedSink> entry : timed.entrySet())
        {
            final Histogram h = entry.getValue().lagNs();
            System.out.printf("   %s: lag p50 %.2f ms p99 %.2f ms max %.2f ms (%,d outputs, %d out of range)%n",
                entry.getKey(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getMaxValue() / 1e6, h.getTotalCount(), entry.getValue().outOfRange());
            lines.add(String.format("| %s | %,d | %,d | %.2f | %.2f | %.2f | %.2f |", entry.getKey(),
                h.getTotalCount(), entry.getValue().writes(), h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6));
        }
        TempDirectory.delete(data);
    }

    private static void awaitLive(final List<Projection> projections) throws InterruptedException
    {
        final long deadline = System.nanoTime() + LIVE_TIMEOUT_NS;
        while (projections.stream().anyMatch(p -> p.state() != ProjectionState.LIVE))
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the projections did not go live within a minute");
            }
            Thread.sleep(10);
        }
    }

    /** Part 4: the pipeline's rate fed flat out, core alone and with the three projections as processes beside it. */
    private void platformCost(final Path tickFile) throws Exception
    {
        final long minimum = Long.parseLong(options.getOrDefault("pipeline-ticks", "300000"));
        section("The core's price for the platform");
        final EncodedTicks ticks = EncodedTicks.load(tickFile, reference, minimum);
        System.out.println("4. pipeline rate: warm-up, core alone, with the projections ...");
        pipeline(ticks, false);
        final TrialResult alone = pipeline(ticks, false);
        final TrialResult with = sinks.isEmpty() ? null : pipeline(ticks, true);
        lines.add(String.format("The pipeline's input rate as the Throughput harness measures it (`offerBlocking` " +
                "alone, journaling on, Aeron on, the simulated venue, SPLIT; %,d ticks of `%s`%s; from the first " +
                "offer until every input is published and the venue is settled), in a fresh data folder each: the " +
                "core alone, then with the %s projections as separate processes in the SCHED_IDLE class " +
                "(`chrt --idle 0 java ... ProjectionCommand NAME " +
                "--data DIR`, what `scripts/projection NAME --data DIR` runs, with the `TC_*` settings of fresh " +
                "databases in their environment), started after the core and live before the feed. One warm-up run " +
                "of the core alone first; one timed run each, in the same JVM and run.", ticks.count(),
            tickFile.getFileName(),
            ticks.repeats() > 1 ? String.format(", the file %d times shifted by days", ticks.repeats()) : "",
            sinks));
        lines.add("");
        lines.add("| run | inputs/s | ratio to core alone | what moved |");
        lines.add("|---|---:|---:|---|");
        lines.add(String.format("| core alone | %,.0f | **baseline** | %s |", alone.perSecond(), alone.detail()));
        if (with == null)
        {
            lines.add("| with the projections | not run: no server started | | |");
            targets.add(TargetRows.row("the platform costs the core at most 20%: pipeline rate", "not measured",
                false));
            return;
        }
        final double ratio = with.perSecond() / alone.perSecond();
        lines.add(String.format("| with %s live as processes | %,.0f | %.2f | %s |", sinks, with.perSecond(), ratio,
            with.detail()));
        System.out.printf("   core alone %,.0f inputs/s; with the projections %,.0f inputs/s; ratio %.2f%n",
            alone.perSecond(), with.perSecond(), ratio);
        ratios.add(RatioRows.shown("pipeline with the projections live", ratio, true, "pipeline, core alone"));
        targets.add(TargetRows.row("the platform costs the core at most 20%: pipeline rate", String.format(
            "%,.0f inputs/s with %d projections = %.2f x core alone (%,.0f)", with.perSecond(), sinks.size(), ratio,
            alone.perSecond()), ratio >= PLATFORM_TARGET));
    }

    private TrialResult pipeline(final EncodedTicks ticks, final boolean withProjections) throws Exception
    {
        final Path data = tempFolder("pipeline");
        final List<Process> processes = new ArrayList<>();
        try (LiveCore core = new LiveCore(data, reference))
        {
            if (withProjections)
            {
                final Map<String, String> settings = servers.freshSettings();
                for (final String name : sinks)
                {
                    processes.add(projectionProcess(name, data, settings));
                }
                awaitLiveLogs(data, () -> { });
            }
            return core.feedFlatOut(ticks);
        }
        finally
        {
            stop(processes);
            TempDirectory.delete(data);
        }
    }

    /**
     * Part 4, the latency half: the bridge's tick-to-order latency as the Bridge harness measures it
     * ({@link BridgeTickToOrder}), at the lag part's rate, first with the core and bridge alone, then with the
     * projections following the same data folder as processes. One core for both, after the JIT warm-up, as in the
     * Bridge harness: a fresh core would be measured while C2 compiled its path again.
     */
    private void bridgeCost() throws Exception
    {
        final long rate = Long.parseLong(options.getOrDefault("rate", "10000"));
        final double warmup = Double.parseDouble(options.getOrDefault("warmup-seconds", "2"));
        final double seconds = Double.parseDouble(options.getOrDefault("seconds", "5"));
        final long jitWarmupOrders = Long.parseLong(options.getOrDefault("jit-warmup-orders", "10000"));
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        System.out.printf("5. bridge tick-to-order at %,d ticks/s: JIT warm-up, alone, with the projections ...%n",
            rate);
        final Path data = tempFolder("bridge");
        final List<Process> processes = new ArrayList<>();
        final BridgeRun alone;
        BridgeRun with = null;
        final double jitWarmupSeconds;
        try (BridgeTickToOrder bridge = new BridgeTickToOrder(data, true))
        {
            jitWarmupSeconds = bridge.warmUpJit(jitWarmupOrders);
            alone = BridgeRun.of(bridge, jit, rate, warmup, seconds);
            if (!sinks.isEmpty())
            {
                final Map<String, String> settings = servers.freshSettings();
                for (final String name : sinks)
                {
                    processes.add(projectionProcess(name, data, settings));
                }
                awaitLiveLogs(data, bridge::keepAlive);
                with = BridgeRun.of(bridge, jit, rate, warmup, seconds);
            }
            // Before the core closes, so that the projections do not log its going away as a fault.
            stop(processes);
        }
        finally
        {
            stop(processes);
            TempDirectory.delete(data);
        }
        lines.add("");
        lines.add(String.format("The MT5 bridge's tick-to-order latency as the Bridge harness measures it (a core " +
                "with the data clock and Aeron on, the bridge, one terminal on loopback sending EURUSD ticks at a " +
                "fixed **%,d ticks/s**, about %,d a second marked and traded by `%s`, each ORDER answered with a " +
                "FILL; from the tick's due time to the ORDER's arrival; HdrHistogram, microseconds). One core, " +
                "bridge and terminal for both runs, after a JIT warm-up of %,d orders (one on every tick at %,d " +
                "ticks/s, then until the JIT compiled nothing for 0.5 s: %.1f s): the core and bridge alone, then " +
                "with the %s projections as separate processes following the same data folder (started as above " +
                "with fresh databases on the harness's servers, live before the run). %.0f s of warm-up, then %.0f s " +
                "recorded, each. JIT ms: the harness JVM's compilation time during the run. %d CPUs for the core, " +
                "the bridge, the terminal, the projections and their servers.", rate,
            BridgeTickToOrder.ORDERS_PER_SECOND, MarkedTickTrader.NAME, jitWarmupOrders,
            BridgeTickToOrder.JIT_WARMUP_RATE, jitWarmupSeconds, sinks, warmup, seconds,
            Runtime.getRuntime().availableProcessors()));
        lines.add("");
        lines.add("| run | orders timed | p50 us | p99 us | p99.9 us | max us | p99 / alone | ticks per frame | " +
            "JIT ms |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        lines.add(alone.row("core and bridge alone", "**baseline**"));
        System.out.printf("   alone: %s%n", alone.summary());
        final String target = String.format("the platform costs the core at most %.0f%%: bridge tick-to-order p99",
            (PLATFORM_LATENCY_TARGET - 1) * 100);
        if (with == null)
        {
            lines.add("| with the projections | not run: no server started | | | | | | | |");
            targets.add(TargetRows.row(target, "not measured", false));
            return;
        }
        final double ratio = (double)with.p99() / Math.max(1, alone.p99());
        lines.add(with.row("with " + sinks + " live as processes", String.format("%.2f", ratio)));
        System.out.printf("   with the projections: %s; p99 ratio %.2f%n", with.summary(), ratio);
        ratios.add(RatioRows.shown(String.format("bridge tick-to-order p99 at %,d ticks/s with the projections live",
            rate), ratio, false, "bridge tick-to-order p99, core and bridge alone"));
        targets.add(TargetRows.row(target, String.format("p99 %s us with %d projections = %.2f x core and bridge " +
            "alone (%s us) at %,d ticks/s", BridgeRun.us(with.p99()), sinks.size(), ratio, BridgeRun.us(alone.p99()),
            rate), ratio <= PLATFORM_LATENCY_TARGET));
    }

    /** One timed run of the bridge: its latencies, ticks per frame and the JIT's milliseconds during it. */
    private record BridgeRun(Histogram latencies, double ticksPerFrame, long jitMillis)
    {
        static BridgeRun of(final BridgeTickToOrder bridge, final CompilationMXBean jit, final long rate,
            final double warmup, final double seconds) throws Exception
        {
            final long jitBefore = jit.getTotalCompilationTime();
            final Histogram latencies = bridge.run(rate, warmup, seconds);
            final BridgeRun run = new BridgeRun(latencies, bridge.ticksPerFrameInLastRun(),
                jit.getTotalCompilationTime() - jitBefore);
            bridge.settle();
            return run;
        }

        long p99()
        {
            return latencies.getValueAtPercentile(99);
        }

        String row(final String name, final String ratio)
        {
            return String.format("| %s | %,d | %s | %s | %s | %s | %s | %.2f | %,d |", name,
                latencies.getTotalCount(), us(latencies.getValueAtPercentile(50)), us(p99()),
                us(latencies.getValueAtPercentile(99.9)), us(latencies.getMaxValue()), ratio, ticksPerFrame,
                jitMillis);
        }

        String summary()
        {
            return String.format("p50 %s p99 %s p99.9 %s max %s us (%,d orders)",
                us(latencies.getValueAtPercentile(50)), us(p99()), us(latencies.getValueAtPercentile(99.9)),
                us(latencies.getMaxValue()), latencies.getTotalCount());
        }

        static String us(final long nanos)
        {
            return String.format("%,.1f", nanos / 1000.0);
        }
    }

    /** Stops the processes (SIGTERM, then SIGKILL after 20 s) and forgets them. */
    private static void stop(final List<Process> processes) throws InterruptedException
    {
        for (final Process process : processes)
        {
            process.destroy();
        }
        for (final Process process : processes)
        {
            if (!process.waitFor(20, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
            }
        }
        processes.clear();
    }

    private Process projectionProcess(final String name, final Path data, final Map<String, String> settings)
        throws IOException
    {
        // In the SCHED_IDLE class, as scripts/projection and scripts/run start them (scripts/lib/priority.sh).
        final List<String> command = new ArrayList<>(List.of("chrt", "--idle", "0"));
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmFlags());
        command.addAll(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            ProjectionCommand.class.getName(), name, "--data", data.toString()));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(data.resolve(name + ".log").toFile());
        builder.environment().putAll(settings);
        return builder.start();
    }

    /** Waits until each projection process has logged that it went live, calling {@code whileWaiting} meanwhile. */
    private void awaitLiveLogs(final Path data, final BridgeTickToOrder.WhileWaiting whileWaiting)
        throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + LIVE_TIMEOUT_NS;
        for (final String name : sinks)
        {
            final Path log = data.resolve(name + ".log");
            while (!Files.isRegularFile(log) || !Files.readString(log).contains(name + ": live at"))
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("projection " + name + " did not go live within a minute: " +
                        (Files.isRegularFile(log) ? Files.readString(log) : "no log"));
                }
                Thread.sleep(20);
                whileWaiting.run();
            }
        }
    }

    private static List<String> jvmFlags() throws IOException
    {
        final Path file = TickFiles.home().resolve("scripts").resolve("jvm-flags");
        return Files.readAllLines(file).stream().map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .flatMap(line -> Arrays.stream(line.split("\\s+"))).collect(Collectors.toList());
    }

    private void section(final String title)
    {
        lines.add("");
        lines.add("### " + title);
        lines.add("");
    }

    private void context(final String line)
    {
        contextLines.add(line);
    }

    private String markdown()
    {
        final StringBuilder out = new StringBuilder("## Projections (`ProjectionBenchmark`)\n\n");
        for (final String line : contextLines)
        {
            out.append("- ").append(line).append('\n');
        }
        for (final String line : lines)
        {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private Path tempFolder(final String purpose)
    {
        final Path folder = TempDirectory.create("projections-" + purpose);
        temporary.add(folder);
        return folder;
    }
}
