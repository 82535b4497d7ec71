package io.tradingcore.benchmarks;

import io.tradingcore.bridge.simulator.ReplaySpeed;
import io.tradingcore.bridge.simulator.ReplayedSymbol;
import io.tradingcore.bridge.simulator.TerminalSimulator;
import io.tradingcore.venue.VenueSettings;
import org.HdrHistogram.Histogram;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MT5 bridge measured end to end over loopback TCP, beside a raw Netty echo measured in the same run:
 * <ol>
 *   <li>tick-to-order latency at fixed tick rates ({@link FixedRateTerminal}: from the tick's due time to the
 *   ORDER's arrival, so stalls are not hidden), next to a Netty echo of a 72-byte message at the same rate;</li>
 *   <li>the most ticks per second one terminal, and eight, get journaled: {@link TerminalSimulator}s replaying
 *   the sample as fast as they can, timed until the bridge has acknowledged (journaled) every tick.</li>
 * </ol>
 */
public final class BridgeLatencyBenchmark
{
    private static final Path SAMPLE = Path.of("samples/EURUSD_20140508.mt5.csv.gz");

    private BridgeLatencyBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = BenchOptions.parse(args,
            Set.of("rates", "seconds", "warmup-seconds", "jit-warmup-orders", "throughput-ticks", "sample",
                "markdown"));
        if (options == null)
        {
            System.err.println("usage: BridgeLatencyBenchmark [--rates 1000,10000,100000] [--seconds 3] " +
                "[--warmup-seconds 1] [--jit-warmup-orders 10000] [--throughput-ticks 150000] [--sample FILE] " +
                "[--markdown FILE]");
            System.exit(2);
            return;
        }
        final long[] rates = java.util.Arrays.stream(options.getOrDefault("rates", "1000,10000,100000").split(","))
            .mapToLong(Long::parseLong).toArray();
        final double seconds = Double.parseDouble(options.getOrDefault("seconds", "3"));
        final double warmupSeconds = Double.parseDouble(options.getOrDefault("warmup-seconds", "1"));
        final int throughputTicks = Integer.parseInt(options.getOrDefault("throughput-ticks", "150000"));
        final long jitWarmupOrders = Long.parseLong(options.getOrDefault("jit-warmup-orders", "10000"));
        final Path sample = Path.of(options.getOrDefault("sample", SAMPLE.toString()));

        final String loadBefore = CpuProbe.loadAverage();
        final List<String[]> latencyRows = new ArrayList<>();
        final List<String> ratios = new ArrayList<>();
        final List<String> targets = new ArrayList<>();
        final Histogram[] echoes = echoAtEachRate(rates, warmupSeconds, seconds, jitWarmupOrders);
        final TickToOrderRuns orders = tickToOrderAtEachRate(rates, warmupSeconds, seconds, jitWarmupOrders);
        for (int r = 0; r < rates.length; r++)
        {
            final long rate = rates[r];
            final Histogram echo = echoes[r];
            final Histogram bridge = orders.latencies[r];
            System.out.printf("%,d ticks/s: echo %s | tick-to-order %s (%,d orders)%n", rate, summary(echo),
                summary(bridge), bridge.getTotalCount());
            final double p99Ratio =
                (double)bridge.getValueAtPercentile(99) / Math.max(1, echo.getValueAtPercentile(99));
            // Even the median moves two-fold between identical runs here (five threads' wake-ups on two vCPUs):
            // shown by --check, never failing it.
            final double p50Ratio =
                (double)bridge.getValueAtPercentile(50) / Math.max(1, echo.getValueAtPercentile(50));
            ratios.add(RatioRows.shown(String.format("bridge tick-to-order p50 at %,d ticks/s", rate), p50Ratio, false,
                "raw Netty echo p50"));
            ratios.add(RatioRows.shown(String.format("bridge tick-to-order p99 at %,d ticks/s", rate), p99Ratio, false,
                "raw Netty echo p99"));
            if (rate == 10_000)
            {
                targets.add(TargetRows.row("over the bridge at 10,000 ticks/s: p99 within 2x of the raw Netty echo " +
                    "round trip", String.format("%.1f x (p99 %s us, echo p99 %s us)", p99Ratio,
                    us(bridge.getValueAtPercentile(99)), us(echo.getValueAtPercentile(99))), p99Ratio <= 2.0));
            }
            latencyRows.add(new String[]{String.format("%,d", rate), us(echo.getValueAtPercentile(50)),
                us(echo.getValueAtPercentile(99)), us(echo.getValueAtPercentile(99.9)), us(echo.getMaxValue()),
                us(bridge.getValueAtPercentile(50)), us(bridge.getValueAtPercentile(99)),
                us(bridge.getValueAtPercentile(99.9)), us(bridge.getMaxValue()),
                String.format("%.1f",
                    (double)bridge.getValueAtPercentile(99) / Math.max(1, echo.getValueAtPercentile(99))),
                String.format("%,d", bridge.getTotalCount()), String.format("%.2f", orders.ticksPerFrame[r]),
                String.format("%,d", orders.jitMillis[r])});
        }

        final List<String[]> throughputRows = new ArrayList<>();
        for (final int terminals : new int[]{1, 8})
        {
            final double[] result = maxSustained(terminals, throughputTicks, sample);
            System.out.printf("%d terminal(s): %,.0f ticks/s journaled (%,.0f ticks in %.2f s)%n", terminals,
                result[0] / result[1], result[0], result[1]);
            throughputRows.add(new String[]{Integer.toString(terminals), String.format("%,.0f", result[0]),
                String.format("%.2f", result[1]), String.format("%,.0f", result[0] / result[1])});
        }

        if (options.containsKey("markdown"))
        {
            final Path markdown = Path.of(options.get("markdown"));
            Files.writeString(markdown, markdown(args, seconds, warmupSeconds, jitWarmupOrders, orders.jitWarmupSeconds,
                latencyRows, throughputRows, loadBefore, CpuProbe.loadAverage()), StandardCharsets.UTF_8);
            RatioRows.writeBeside(markdown, ratios);
            TargetRows.writeBeside(markdown, targets);
        }
    }

    /**
     * The echo at every rate, from one server whose code the JIT has compiled before anything is timed, as the
     * bridge's is: {@code messages} echoes at the JIT warm-up's rate, then until the JIT is quiet. All rates run
     * before the bridge's do, because the echo server and the bridge share Netty's code: run in turns, each
     * made the JIT throw away what it had compiled for the other ({@code -XX:+PrintCompilation}: Netty's event
     * loop and pipeline methods "made not entrant" during the measured seconds).
     */
    private static Histogram[] echoAtEachRate(
        final long[] rates, final double warmupSeconds, final double seconds, final long messages) throws Exception
    {
        final Histogram[] echoes = new Histogram[rates.length];
        try (NettyEchoBaseline baseline = new NettyEchoBaseline())
        {
            if (messages > 0)
            {
                baseline.run(BridgeTickToOrder.JIT_WARMUP_RATE, messages, 0);
                BridgeTickToOrder.awaitQuietJit();
            }
            for (int r = 0; r < rates.length; r++)
            {
                echoes[r] = baseline.run(rates[r], (long)(rates[r] * warmupSeconds), (long)(rates[r] * seconds));
            }
        }
        return echoes;
    }

    /**
     * Each rate's tick-to-order latencies, ticks per frame and milliseconds the JIT compiled during its run (which
     * shows whether the warm-up did its job), and the seconds the JIT warm-up took.
     */
    private record TickToOrderRuns(
        Histogram[] latencies, double[] ticksPerFrame, long[] jitMillis, double jitWarmupSeconds)
    {
    }

    /** Tick-to-order at every rate through one core, one bridge and one terminal ({@link BridgeTickToOrder}). */
    @SuppressWarnings("try") // the resource is held open for the length of the block, not used in it
    private static TickToOrderRuns tickToOrderAtEachRate(final long[] rates, final double warmupSeconds,
        final double seconds, final long jitWarmupOrders) throws Exception
    {
        final Histogram[] latencies = new Histogram[rates.length];
        final double[] ticksPerFrame = new double[rates.length];
        final long[] jitMillis = new long[rates.length];
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        final double jitWarmupSeconds;
        final Path data = TempDirectory.create("bridge-latency");
        try (BridgeTickToOrder bridge = new BridgeTickToOrder(data, false))
        {
            jitWarmupSeconds = bridge.warmUpJit(jitWarmupOrders);
            System.out.printf("JIT warm-up: %,d orders, one per tick at %,d ticks/s, %.1f s with the JIT's settling%n",
                jitWarmupOrders, BridgeTickToOrder.JIT_WARMUP_RATE, jitWarmupSeconds);
            for (int r = 0; r < rates.length; r++)
            {
                final long rate = rates[r];
                final long jitBefore = jit.getTotalCompilationTime();
                // Warm-up and measured ticks in one profile: the JIT's warm-up is behind both.
                try (FigureProfile profile =
                    FigureProfile.start(String.format("bridge tick-to-order at %,d ticks/s", rate)))
                {
                    latencies[r] = bridge.run(rate, warmupSeconds, seconds);
                }
                jitMillis[r] = jit.getTotalCompilationTime() - jitBefore;
                ticksPerFrame[r] = bridge.ticksPerFrameInLastRun();
                bridge.settle();
            }
        }
        finally
        {
            TempDirectory.delete(data);
        }
        return new TickToOrderRuns(latencies, ticksPerFrame, jitMillis, jitWarmupSeconds);
    }

    /** Ticks journaled and seconds taken by {@code terminals} simulators replaying {@code ticksEach} ticks flat out. */
    private static double[] maxSustained(final int terminals, final int ticksEach, final Path sample) throws Exception
    {
        final Path data = TempDirectory.create("bridge-throughput");
        final List<TerminalSimulator> simulators = new ArrayList<>();
        try (BridgeRig rig = new BridgeRig(data, false, false))
        {
            final long start = System.nanoTime();
            for (int i = 0; i < terminals; i++)
            {
                simulators.add(TerminalSimulator.launch(new TerminalSimulator.Context()
                    .port(rig.port())
                    .tenantId(1)
                    .accountId(BridgeRig.FIRST_ACCOUNT + i)
                    .terminalId("throughput-" + i)
                    .token(BridgeRig.TOKEN)
                    // Each terminal feeds the same instrument: the bridge keeps tick time order per session.
                    .symbol(ReplayedSymbol.forex("EURUSD", 5, sample))
                    .speed(ReplaySpeed.MAX)
                    .tickLimit(ticksEach)
                    .venueSettings(VenueSettings.defaults())
                    .log(line -> { })));
            }
            long ticks = 0;
            for (final TerminalSimulator simulator : simulators)
            {
                if (!simulator.awaitFinished(Duration.ofSeconds(120)))
                {
                    throw new IllegalStateException("simulator did not finish: " + simulator.summary());
                }
                ticks += simulator.uniqueTicksSent();
            }
            final double elapsed = (System.nanoTime() - start) / 1e9;
            // Closed before the bridge, so they do not log its shutdown as an error.
            closeAll(simulators);
            return new double[]{ticks, elapsed};
        }
        finally
        {
            closeAll(simulators);
            TempDirectory.delete(data);
        }
    }

    private static void closeAll(final List<TerminalSimulator> simulators)
    {
        for (final TerminalSimulator simulator : simulators)
        {
            simulator.close();
        }
        simulators.clear();
    }

    private static String summary(final Histogram histogram)
    {
        return "p50 " + us(histogram.getValueAtPercentile(50)) + " p99 " + us(histogram.getValueAtPercentile(99)) +
            " p99.9 " + us(histogram.getValueAtPercentile(99.9)) + " max " + us(histogram.getMaxValue()) + " us";
    }

    private static String us(final long nanos)
    {
        return String.format("%,.1f", nanos / 1000.0);
    }

    private static String markdown(
        final String[] args, final double seconds, final double warmupSeconds, final long jitWarmupOrders,
        final double jitWarmupSeconds, final List<String[]> latencyRows, final List<String[]> throughputRows,
        final String loadBefore, final String loadAfter)
    {
        final StringBuilder md = new StringBuilder();
        md.append("## MT5 bridge: tick-to-order latency and sustained tick rate\n\n");
        md.append("Machine: ").append(CpuProbe.cpuModel()).append(", ")
            .append(Runtime.getRuntime().availableProcessors())
            .append(" CPUs, ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version"))
            .append(", ").append(System.getProperty("java.vm.name")).append(' ')
            .append(System.getProperty("java.vm.version")).append(". Run ").append(Instant.now())
            // On a 2-core machine anything else running shows in the tails, so the load is part of the result.
            .append(". Load average (1, 5, 15 min) before: ").append(loadBefore).append(", after: ").append(loadAfter)
            .append(".\n\n");
        md.append("Command: `java $(grep -v '^#' scripts/jvm-flags) -Xms1g -Xmx1g -cp \"$CP\" ")
            .append("io.tradingcore.benchmarks.BridgeLatencyBenchmark ").append(String.join(" ", args))
            .append("` (JVM arguments of this run: `")
            .append(String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()))
            .append("`)\n\n");
        md.append("Tick-to-order: one core, bridge and terminal for every rate, the terminal on loopback sending ")
            .append("ticks on a fixed schedule; about ").append(BridgeTickToOrder.ORDERS_PER_SECOND)
            .append(" ticks a second are marked and the ")
            .append("`marked-tick-trader` strategy sends a 0.01-lot market order on each; latency from the tick's ")
            .append("due time to the ORDER frame's arrival at the terminal (each answered with a FILL). Echo: a ")
            .append("Netty echo ")
            .append("server and a blocking-socket client, 72-byte messages at the same rate, from the due time; ")
            .append("every rate's echo runs before the bridge's, as the two share Netty's compiled code. ")
            .append(String.format("Before the first rate of each, so that the timed runs, which trade only some " +
                "1,000 times a second, do not time the compilation of the path: %,d echoes, or %,d orders (one on " +
                "every tick), at %,d a second, then until the JIT has compiled nothing for 0.5 s (%.1f s in all for " +
                "the bridge). ", jitWarmupOrders, jitWarmupOrders, BridgeTickToOrder.JIT_WARMUP_RATE,
                jitWarmupSeconds))
            .append(String.format("%.1f s warm-up, %.1f s measured per rate; microseconds. ", warmupSeconds, seconds))
            .append("Ticks per frame above 1: the terminal fell behind its schedule and sent what was due in one ")
            .append("TICKS frame (the latency still counts from each tick's due time). JIT ms: the JIT compilers' ")
            .append("time during the rate's warm-up and measured ticks (`CompilationMXBean`): compilations in the ")
            .append("timed seconds compete with the path for the 2 cores.\n\n");
        md.append("| ticks/s | echo p50 | echo p99 | echo p99.9 | echo max | order p50 | order p99 | order p99.9 | ")
            .append("order max | p99 / echo p99 | orders timed | ticks per frame | JIT ms |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (final String[] row : latencyRows)
        {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append("\nMaximum sustained: `TerminalSimulator`s replaying the sample at `ReplaySpeed.MAX` ")
            .append("(batches of 64), ")
            .append("each its own account, all on EURUSD; from launch until the bridge has acknowledged (journaled) ")
            .append("every tick; no strategy attached.\n\n");
        md.append("| terminals | ticks journaled | seconds | ticks/s |\n|---:|---:|---:|---:|\n");
        for (final String[] row : throughputRows)
        {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return md.toString();
    }

}
