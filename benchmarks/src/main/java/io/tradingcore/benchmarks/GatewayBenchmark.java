package io.tradingcore.benchmarks;

import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.messages.InputMessages;
import org.HdrHistogram.Histogram;
import org.agrona.ExpandableArrayBuffer;

import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The gateway measured end to end, each figure beside a Netty floor measured in the same run with the same client:
 * <ol>
 *   <li>HTTP order submit to engine accept: {@code POST /api/v1/orders} with a bearer token at rising fixed rates
 *   ({@link HttpOrderLoad}: a pool of keep-alive connections, latency from each request's due time, so no coordinated
 *   omission), p50/p99/p99.9, and the rate at which p99 crosses 1 ms; beside a trivial Netty HTTP handler
 *   ({@link TrivialHttpServer}) at the same rates;</li>
 *   <li>WebSocket fan-out: event frames a second delivered to 100 subscribers of {@code /stream}, the events the
 *   engine's own (a burst of orders offered to the core); beside raw Netty WebSocket writes of frames of the same
 *   size to 100 subscribers ({@link RawWebSocketServer}).</li>
 * </ol>
 * The platform ({@link GatewayPlatform}) is a core with the simulated venue, the gateway and PostgreSQL on the
 * harness's own server ({@code scripts/db start --no-fsync postgres} in a temp folder), started once; every figure,
 * baselines included, is measured while it runs.
 *
 * <pre>
 * java $JVM_FLAGS -Xms2g -Xmx2g -cp ... io.tradingcore.benchmarks.GatewayBenchmark [--rates 100,500,1000]
 *     [--connections 16] [--warmup-seconds S] [--seconds S] [--jit-warmup-requests N] [--subscribers 100]
 *     [--stream-orders N] [--markdown FILE]
 * </pre>
 */
public final class GatewayBenchmark
{
    private static final Set<String> OPTIONS = Set.of("rates", "connections", "warmup-seconds", "seconds",
        "jit-warmup-requests", "subscribers", "stream-orders", "markdown");
    private static final long ONE_MS_NS = 1_000_000;
    private static final long JIT_WARMUP_RATE = 2_000;
    private static final long STREAM_CLIENT_ORDER_IDS = 1_000_000_000L;
    private static final long QUIET_MS = 1_000;
    private static final int EVENT_FRAME_MIN = 40;
    private static final double SATURATED = 0.9;
    /** Orders the fan-out's feeder may be ahead of the slowest subscriber: some 400 KB of frames each, under 1 MiB. */
    private static final int WINDOW_ORDERS = 1_000;
    private static final int FEED_CHUNK = 100;
    private static final long STALL_NS = 5_000_000_000L;

    private final Map<String, String> options;
    private final List<String> context = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final List<String> ratios = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private final List<Path> temporary = new ArrayList<>();
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private DatabaseServers servers;

    private GatewayBenchmark(final Map<String, String> options)
    {
        this.options = options;
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = BenchOptions.parse(args, OPTIONS);
        if (options == null)
        {
            System.err.println("usage: GatewayBenchmark [--rates 100,500,1000,2000,5000] [--connections 16] " +
                "[--warmup-seconds 0.5] [--seconds 2] [--jit-warmup-requests 5000] [--subscribers 100] " +
                "[--stream-orders 5000] [--markdown FILE]");
            System.exit(2);
        }
        final GatewayBenchmark benchmark = new GatewayBenchmark(options);
        try
        {
            benchmark.run(args);
        }
        finally
        {
            if (benchmark.servers != null)
            {
                benchmark.servers.close();
            }
            benchmark.temporary.forEach(TempDirectory::delete);
        }
        System.exit(0);
    }

    private void run(final String[] args) throws Exception
    {
        final long started = System.nanoTime();
        final String loadBefore = CpuProbe.loadAverage();
        System.out.println("starting the harness's own PostgreSQL (scripts/db start --no-fsync postgres) ...");
        servers = DatabaseServers.start(tempFolder("db"), "postgres");
        if (!servers.up("postgres"))
        {
            throw new IllegalStateException("the harness's PostgreSQL did not start: " + servers.startOutput());
        }
        final Map<String, String> database = servers.freshSettings();
        final Path data = tempFolder("data");
        final Path log = data.resolveSibling(data.getFileName() + ".gateway.log");
        temporary.add(log);
        System.out.println("starting the core, its ticks and the gateway ...");
        try (PrintStream gatewayLog = new PrintStream(Files.newOutputStream(log), true);
            GatewayPlatform platform = new GatewayPlatform(data, database.get("TC_POSTGRES_URL"),
                database.get("TC_POSTGRES_USER"), gatewayLog))
        {
            final String token = platform.login();
            submitLatency(platform, token);
            fanOut(platform, token);
        }
        context.add(0, String.format("Machine: %s, %d CPUs, %s %s, %s %s. Run %s. Load average (1, 5, 15 min) " +
            "before: %s, after: %s. The whole harness took %.0f s.", CpuProbe.cpuModel(),
            Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
            System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), Instant.now(), loadBefore,
            CpuProbe.loadAverage(), (System.nanoTime() - started) / 1e9));
        context.add(1, "Command: `java $(grep -v '^#' scripts/jvm-flags) -Xms2g -Xmx2g -cp \"$CP\" " +
            "io.tradingcore.benchmarks.GatewayBenchmark " + String.join(" ", args) + "` (JVM arguments of this run: `" +
            String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()) + "`)");
        context.add(2, "Platform: a core (`TradingCore`, the default `backoff` idle strategy, journaling on, the " +
            "simulated venue `VenueConnection`) on the wall clock, EURUSD ticks of the sample fed at 50" +
            " a second, the gateway (`Gateway.launch`, its defaults: 2 I/O threads, 8 workers) on a " +
            "free port over a fresh database of the harness's own PostgreSQL (`scripts/db start --no-" +
            "fsync postgres` in a temp folder), one trader of tenant 1 logged in once over HTTP; " +
            "account 1001's limits opened wide (1,000,000 orders a second, 100,000 open orders, a 50% " +
            "price band) and the gateway's request limits per user and tenant likewise, so the path is " +
            "measured and not the limits. Every baseline ran with the platform up and idle. " +
            CpuProbe.explanation());
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

    /** Part 1: order submit to accept at each rate, the trivial handler's first at every rate, then the gateway's. */
    @SuppressWarnings("try") // the profile is held open for the length of the block, not used in it
    private void submitLatency(final GatewayPlatform platform, final String token) throws Exception
    {
        final long[] rates = Arrays.stream(options.getOrDefault("rates", "100,500,1000,2000,5000").split(","))
            .mapToLong(Long::parseLong).toArray();
        final int connections = Integer.parseInt(options.getOrDefault("connections", "16"));
        final double warmupSeconds = Double.parseDouble(options.getOrDefault("warmup-seconds", "0.5"));
        final double seconds = Double.parseDouble(options.getOrDefault("seconds", "2"));
        final long jitWarmup = Long.parseLong(options.getOrDefault("jit-warmup-requests", "5000"));
        final String price = platform.priceUnderTheMarket();
        final Run[] baseline = new Run[rates.length];
        final Run[] gateway = new Run[rates.length];
        int saturatedAt = -1;
        // Every rate of the baseline before the gateway's: the two share Netty's code, and run in turns each made the
        // JIT throw away what it had compiled for the other (as the Bridge harness found for its echo).
        System.out.println("1. order submit: the trivial Netty handler at every rate ...");
        try (TrivialHttpServer trivial = new TrivialHttpServer(2);
            HttpOrderLoad load = new HttpOrderLoad(trivial.port(), connections, token, price, 1))
        {
            warmUp(load, jitWarmup);
            for (int r = 0; r < rates.length; r++)
            {
                baseline[r] = Run.of(load, jit, rates[r], warmupSeconds, seconds);
                System.out.printf("   baseline %,d/s: %s%n", rates[r], baseline[r].summary());
            }
        }
        System.out.println("   the gateway at every rate ...");
        try (HttpOrderLoad load = new HttpOrderLoad(platform.port(), connections, token, price, 1))
        {
            warmUp(load, jitWarmup);
            for (int r = 0; r < rates.length; r++)
            {
                try (FigureProfile profile = FigureProfile.start(String.format("gateway order submit at %,d/s",
                    rates[r])))
                {
                    gateway[r] = Run.of(load, jit, rates[r], warmupSeconds, seconds);
                }
                System.out.printf("   gateway %,d/s: %s%n", rates[r], gateway[r].summary());
                if (gateway[r].result().achievedPerSecond() < SATURATED * rates[r])
                {
                    // Past its most, every higher rate only queues longer (and takes as much longer to run).
                    saturatedAt = r;
                    break;
                }
            }
        }
        section("HTTP order submit to engine accept");
        lines.add(String.format("`POST /api/v1/orders` with the bearer token, a buy IOC limit of 0.01 lot on EURUSD " +
            "at %s (5 pips under the lowest bid fed: the engine accepts it, the venue cancels it unfilled, so " +
            "nothing piles up), a new `clientOrderId` each, over %d keep-alive HTTP/1.1 connections from one Netty " +
            "client (one event-loop thread) with no pipelining: each request on a free connection, and when none is " +
            "free at its due time the wait counts in its latency. Latency from the request's due time on a fixed " +
            "schedule to the whole answer's arrival (no coordinated omission); an answer other than a 200 saying " +
            "`\"status\":\"accepted\"` is an error. Baseline: the same client against a trivial Netty HTTP handler " +
            "(the gateway's codec and aggregator, 2 event-loop threads as the gateway's, a fixed %d-byte JSON answer " +
            "on the event loop), every rate of it before the gateway's (the two share Netty's compiled code). " +
            "Before each: %,d requests at %,d a second and then until the JIT compiled nothing for 0.5 s. %.1f s of " +
            "warm-up, then %.1f s recorded per rate; microseconds. Achieved: requests over the time from the first " +
            "due time to the last answer. JIT ms: compilation during the rate's run.", price, connections,
            TrivialHttpServer.ANSWER.length, jitWarmup, JIT_WARMUP_RATE, warmupSeconds, seconds));
        lines.add("");
        lines.add("| orders/s | baseline p50 | p99 | p99.9 | max | gateway p50 | p99 | p99.9 | max | " +
            "p99 / baseline p99 | requests timed | achieved/s | errors | CpuProbe ms | JIT ms |");
        lines.add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int r = 0; r < rates.length; r++)
        {
            final Histogram b = baseline[r].result().latencies();
            if (gateway[r] == null)
            {
                lines.add(String.format("| %,d | %s | %s | %s | %s | not run: the gateway fell behind at %,d/s | | | " +
                    "| | | | | | |", rates[r], us(b.getValueAtPercentile(50)), us(b.getValueAtPercentile(99)),
                    us(b.getValueAtPercentile(99.9)), us(b.getMaxValue()), rates[saturatedAt]));
                continue;
            }
            final Histogram g = gateway[r].result().latencies();
            final double p99Ratio = (double)g.getValueAtPercentile(99) / Math.max(1, b.getValueAtPercentile(99));
            final double p50Ratio = (double)g.getValueAtPercentile(50) / Math.max(1, b.getValueAtPercentile(50));
            final String errors = gateway[r].result().errors() == 0 && baseline[r].result().errors() == 0 ? "0" :
                String.format("%,d (baseline %,d): %s", gateway[r].result().errors(), baseline[r].result().errors(),
                    example(gateway[r], baseline[r]));
            lines.add(String.format("| %,d | %s | %s | %s | %s | %s | %s | %s | %s | %.1f | %,d | %,.0f | %s | " +
                "%.1f | %,d |", rates[r], us(b.getValueAtPercentile(50)), us(b.getValueAtPercentile(99)),
                us(b.getValueAtPercentile(99.9)), us(b.getMaxValue()), us(g.getValueAtPercentile(50)),
                us(g.getValueAtPercentile(99)), us(g.getValueAtPercentile(99.9)), us(g.getMaxValue()), p99Ratio,
                g.getTotalCount(), gateway[r].result().achievedPerSecond(), errors, gateway[r].probeMs(),
                gateway[r].jitMillis()));
            ratios.add(RatioRows.shown(String.format("gateway order submit p50 at %,d orders/s", rates[r]), p50Ratio,
                false, "trivial Netty HTTP handler p50"));
            ratios.add(RatioRows.shown(String.format("gateway order submit p99 at %,d orders/s", rates[r]), p99Ratio,
                false, "trivial Netty HTTP handler p99"));
        }
        final String crossing = crossing(rates, gateway, ONE_MS_NS);
        final String baselineCrossing = crossing(rates, baseline, ONE_MS_NS);
        lines.add("");
        lines.add("The gateway's p99 crosses 1 ms " + crossing + "; the trivial handler's " + baselineCrossing + ".");
        System.out.println("   p99 crosses 1 ms " + crossing + " (baseline " + baselineCrossing + ")");
        if (saturatedAt >= 0)
        {
            lines.add("");
            lines.add(String.format("At %,d orders/s the gateway answered only %,.0f a second (achieved under %.0f%% " +
                "of the rate asked): it was past its most, so the higher rates were not run.", rates[saturatedAt],
                gateway[saturatedAt].result().achievedPerSecond(), SATURATED * 100));
        }
        long errors = 0;
        for (final Run run : gateway)
        {
            errors += run == null ? 0 : run.result().errors();
        }
        targets.add(TargetRows.measured("gateway: HTTP order submit to engine accept, the rate at which p99 crosses " +
            "1 ms (issue 20 asks for the figure)", "p99 crosses 1 ms " + crossing + "; trivial Netty handler " +
            baselineCrossing + (errors == 0 ? "; every answer accepted" : String.format("; %,d answers not accepted",
            errors))));
    }

    private void warmUp(final HttpOrderLoad load, final long requests) throws Exception
    {
        if (requests > 0)
        {
            load.run(JIT_WARMUP_RATE, requests, 0);
            BridgeTickToOrder.awaitQuietJit();
        }
    }

    private static String example(final Run gateway, final Run baseline)
    {
        final String example = gateway.result().exampleError() != null ? gateway.result().exampleError() :
            "baseline: " + baseline.result().exampleError();
        final String line = example.replace('|', '/').replace('\n', ' ');
        return "`" + (line.length() > 120 ? line.substring(0, 120) + "..." : line) + "`";
    }

    /** One rate's run: its result, the JIT's milliseconds during it and the CpuProbe just before. */
    private record Run(HttpOrderLoad.Result result, long jitMillis, double probeMs)
    {
        static Run of(final HttpOrderLoad load, final CompilationMXBean jit, final long rate, final double warmup,
            final double seconds) throws InterruptedException
        {
            final double probe = CpuProbe.millis();
            final long before = jit.getTotalCompilationTime();
            final HttpOrderLoad.Result result = load.run(rate, (long)(rate * warmup), (long)(rate * seconds));
            return new Run(result, jit.getTotalCompilationTime() - before, probe);
        }

        long p99()
        {
            return result.latencies().getValueAtPercentile(99);
        }

        String summary()
        {
            final Histogram h = result.latencies();
            return String.format("p50 %s p99 %s p99.9 %s max %s us, %,d timed, %,.0f/s achieved, %,d errors%s",
                us(h.getValueAtPercentile(50)), us(p99()), us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()),
                h.getTotalCount(), result.achievedPerSecond(), result.errors(),
                result.exampleError() == null ? "" : " (" + result.exampleError() + ")");
        }
    }

    /**
     * Where p99 reaches {@code limitNs}: interpolated linearly between the last rate under it and the first over it,
     * or "below the lowest rate measured" / "above the highest rate measured".
     */
    private static String crossing(final long[] rates, final Run[] runs, final long limitNs)
    {
        int last = rates.length - 1;
        for (int r = 0; r < rates.length; r++)
        {
            if (runs[r] == null)
            {
                last = r - 1;
                break;
            }
            if (runs[r].p99() > limitNs)
            {
                if (r == 0)
                {
                    return String.format("below the lowest rate measured (p99 %s us at %,d orders/s)",
                        us(runs[0].p99()), rates[0]);
                }
                final double under = runs[r - 1].p99();
                final double over = runs[r].p99();
                final double at = rates[r - 1] + (rates[r] - rates[r - 1]) * (limitNs - under) / (over - under);
                return String.format("at about %,.0f orders/s (interpolated: p99 %s us at %,d/s, %s us at %,d/s)", at,
                    us(runs[r - 1].p99()), rates[r - 1], us(runs[r].p99()), rates[r]);
            }
        }
        return String.format("above the highest rate measured (p99 %s us at %,d orders/s)", us(runs[last].p99()),
            rates[last]);
    }

    /**
     * Part 2: fan-out. 100 subscribers of {@code /stream} (auth, subscribe live), the core offered a burst of orders
     * (the same buy IOC limits, straight into its ingress), every event frame counted at the subscribers; then the raw
     * server writes as many frames of the same size to 100 subscribers of its own.
     */
    private void fanOut(final GatewayPlatform platform, final String token) throws Exception
    {
        final int count = Integer.parseInt(options.getOrDefault("subscribers", "100"));
        final int orders = Integer.parseInt(options.getOrDefault("stream-orders", "5000"));
        System.out.printf("2. fan-out: %d subscribers of /stream, %,d orders into the core ...%n", count, orders);
        final URI stream = URI.create("ws://127.0.0.1:" + platform.port() + "/stream");
        final FanOut gateway;
        final int warmOrders;
        final double eventsPerOrder;
        final long eventsEach;
        final int frameBytes;
        try (StreamSubscribers subscribers = new StreamSubscribers(stream, count, List.of(
            "{\"type\":\"auth\",\"accessToken\":\"" + token + "\"}", "{\"type\":\"subscribe\"}")))
        {
            awaitSubscribed(platform, count);
            // A first round compiles the path and tells how many events an order makes; only the second is timed.
            warmOrders = Math.min(WINDOW_ORDERS / 2, orders);
            offerOrders(platform, warmOrders, STREAM_CLIENT_ORDER_IDS);
            subscribers.awaitEvents(Long.MAX_VALUE, QUIET_MS);
            eventsPerOrder = (double)subscribers.least() / warmOrders;
            subscribers.reset();
            final double probe = CpuProbe.millis();
            final long jitBefore = jit.getTotalCompilationTime();
            final long dropsBefore = platform.gateway.stream().slowConsumerDrops();
            final long offerStart = System.nanoTime();
            feedWithinWindow(platform, subscribers, orders, eventsPerOrder, STREAM_CLIENT_ORDER_IDS + warmOrders);
            final double offerSeconds = (System.nanoTime() - offerStart) / 1e9;
            subscribers.awaitEvents(Long.MAX_VALUE, QUIET_MS);
            gateway = FanOut.of(subscribers, probe, jit.getTotalCompilationTime() - jitBefore,
                platform.gateway.stream().slowConsumerDrops() - dropsBefore, offerSeconds);
            eventsEach = gateway.leastAndMost()[1];
            frameBytes = (int)Math.max(EVENT_FRAME_MIN, Math.round((double)subscribers.eventBytes() /
                Math.max(1, subscribers.events())));
        }
        System.out.printf("   gateway: %s%n", gateway.summary());
        final FanOut raw;
        try (RawWebSocketServer server = new RawWebSocketServer(2);
            StreamSubscribers subscribers = new StreamSubscribers(server.uri(), count, List.of()))
        {
            final byte[] frame = frameOf(frameBytes);
            while (server.connections() < count)
            {
                Thread.sleep(5);
            }
            server.writeToAll(frame, eventsEach / 2);
            subscribers.awaitEvents(count * (eventsEach / 2), QUIET_MS);
            subscribers.reset();
            final double probe = CpuProbe.millis();
            final long jitBefore = jit.getTotalCompilationTime();
            server.writeToAll(frame, eventsEach);
            subscribers.awaitEvents(count * eventsEach, QUIET_MS);
            raw = FanOut.of(subscribers, probe, jit.getTotalCompilationTime() - jitBefore, 0, 0);
        }
        System.out.printf("   raw Netty writes: %s%n", raw.summary());
        final double ratio = gateway.perSecond() / Math.max(1, raw.perSecond());
        section("WebSocket fan-out to " + count + " subscribers");
        lines.add(String.format("%d subscribers of the gateway's `/stream` on one Netty client (two " +
            "event-loop threads), each sending `auth` with the trader's token and `subscribe` (live, no quotes), " +
            "then counting the text frames " +
            "that are events. The events are the engine's own: %,d orders (the part above's buy IOC limits, new " +
            "client order ids) offered straight into the core's ingress (`TradingCore.offerBlocking`) in chunks " +
            "of %d, never more than %,d orders ahead of the slowest subscriber (so no connection's 1 MiB fills; a" +
            " burst of them at once had every subscriber closed as too slow, 4408), %.2f s to offer; each an " +
            "accept, the venue's cancel and their order events, with account events every 100 ms; the gateway's " +
            "view turns them into JSON once and queues them to every subscriber of tenant 1. A first round of %d " +
            "orders, untimed, for the JIT and to learn the events an order makes (%.2f). Events/s: every " +
            "subscriber's event frames together over the time from the first frame any subscriber got to the last" +
            " any got. Baseline: the same client, %d subscribers of a raw Netty WebSocket server (2 event-loop " +
            "threads as the gateway's) whose connections each write the same %d-byte frame (the gateway's mean " +
            "event frame) as many times as a gateway subscriber got events, on their own event loop while the " +
            "socket takes them; a first round of " +
            "half as many, untimed.", count, orders, FEED_CHUNK, WINDOW_ORDERS, gateway.offerSeconds(), warmOrders,
            eventsPerOrder, count, frameBytes));
        lines.add("");
        lines.add("| run | events per subscriber (least / most) | frame bytes | seconds | " +
            "events/s, all subscribers | events/s per subscriber | ratio to raw | closed by the server | " +
            "CpuProbe ms | JIT ms |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        lines.add(raw.row("raw Netty WebSocket writes", frameBytes, count, "**baseline**"));
        lines.add(gateway.row("the gateway's `/stream`", frameBytes, count, String.format("%.2f", ratio)));
        ratios.add(RatioRows.shown("gateway WebSocket fan-out events/s to " + count + " subscribers", ratio, true,
            "raw Netty WebSocket writes of frames of the same size"));
        targets.add(TargetRows.measured("gateway: WebSocket fan-out, events per second to " + count +
            " subscribers (issue 20 asks for the figure)", String.format("%,.0f events/s (%,.0f per subscriber) = " +
            "%.2f x raw Netty writes (%,.0f/s)%s", gateway.perSecond(), gateway.perSecond() / count, ratio,
            raw.perSecond(), gateway.closes().isEmpty() ? "" : "; closed by the server: " + gateway.closes())));
    }

    /** A text frame of {@code bytes} bytes that the subscribers count as an event. */
    private static byte[] frameOf(final int bytes)
    {
        final String head = "{\"type\":\"event\",\"sequence\":1,\"pad\":\"";
        final String tail = "\"}";
        return (head + "x".repeat(Math.max(0, bytes - head.length() - tail.length())) + tail)
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void awaitSubscribed(final GatewayPlatform platform, final int count) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (platform.gateway.stream().subscribers() < count)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException(platform.gateway.stream().subscribers() + " of " + count +
                    " subscribers subscribed after 30 s");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Offers {@code orders} in chunks, never more than {@link #WINDOW_ORDERS} ahead of what the slowest subscriber has
     * received, so that the stream's 1 MiB a connection never fills (a burst straight into the core would have every
     * subscriber closed as too slow, 4408): the rate measured is the most the gateway sustains, not a burst's.
     */
    private static void feedWithinWindow(final GatewayPlatform platform, final StreamSubscribers subscribers,
        final int orders, final double eventsPerOrder, final long firstClientOrderId)
    {
        long lastProgressNs = System.nanoTime();
        long lastLeast = -1;
        for (int offered = 0; offered < orders; )
        {
            final long least = subscribers.least();
            if (least != lastLeast)
            {
                lastLeast = least;
                lastProgressNs = System.nanoTime();
            }
            if (offered - least / eventsPerOrder > WINDOW_ORDERS)
            {
                if (System.nanoTime() - lastProgressNs > STALL_NS)
                {
                    System.out.println("   the slowest subscriber got nothing for 5 s: feeding stopped at " + offered);
                    return;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                continue;
            }
            final int chunk = Math.min(FEED_CHUNK, orders - offered);
            offerOrders(platform, chunk, firstClientOrderId + offered);
            offered += chunk;
        }
    }

    private static void offerOrders(final GatewayPlatform platform, final int orders, final long firstClientOrderId)
    {
        final InputMessages messages = new InputMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final long price = Math.round(Double.parseDouble(platform.priceUnderTheMarket()) * 1e5);
        final long quantity = FixedPoint.parse("0.01", FixedPoint.QUANTITY_DIGITS);
        for (int i = 0; i < orders; i++)
        {
            platform.offer(buffer, messages.newOrder(buffer, 0, firstClientOrderId + i, 1, GatewayPlatform.ACCOUNT,
                GatewayPlatform.INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, quantity, price, 0, 0));
        }
    }

    /** One fan-out run as the subscribers saw it. */
    private record FanOut(long events, long spanNanos, long[] leastAndMost, Map<Integer, Integer> closes,
        long slowConsumerDrops, double probeMs, long jitMillis, double offerSeconds)
    {
        static FanOut of(final StreamSubscribers subscribers, final double probeMs, final long jitMillis,
            final long drops, final double offerSeconds)
        {
            return new FanOut(subscribers.events(), subscribers.spanNanos(), subscribers.leastAndMost(),
                subscribers.closes(), drops, probeMs, jitMillis, offerSeconds);
        }

        double perSecond()
        {
            return events * 1e9 / Math.max(1, spanNanos);
        }

        String row(final String name, final int frameBytes, final int count, final String ratio)
        {
            return String.format("| %s | %,d / %,d | %d | %.3f | %,.0f | %,.0f | %s | %s | %.1f | %,d |", name,
                leastAndMost[0], leastAndMost[1], frameBytes, spanNanos / 1e9, perSecond(), perSecond() / count,
                ratio, closes.isEmpty() ? "none" : closes + (slowConsumerDrops > 0 ? " (" + slowConsumerDrops +
                " too slow, 4408)" : ""), probeMs, jitMillis);
        }

        String summary()
        {
            return String.format("%,d event frames in %.3f s = %,.0f/s (per subscriber %,d-%,d), closes %s",
                events, spanNanos / 1e9, perSecond(), leastAndMost[0], leastAndMost[1], closes);
        }
    }

    private static String us(final long nanos)
    {
        return String.format(Locale.ROOT, "%,.1f", nanos / 1000.0);
    }

    private void section(final String title)
    {
        lines.add("");
        lines.add("### " + title);
        lines.add("");
    }

    private String markdown()
    {
        final StringBuilder out = new StringBuilder("## Gateway (`GatewayBenchmark`)\n\n");
        for (final String line : context)
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
        final Path folder = TempDirectory.create("gateway-" + purpose);
        temporary.add(folder);
        return folder;
    }

}
