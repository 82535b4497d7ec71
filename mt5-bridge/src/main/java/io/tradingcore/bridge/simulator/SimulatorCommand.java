package io.tradingcore.bridge.simulator;

import io.tradingcore.marketdata.Mt5TickFile;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one simulated terminal against a bridge from the command line, printing progress every second and a
 * summary at the end. Exit code 0 when every tick was sent and acknowledged, 1 on refusal or timeout,
 * 2 on a usage error.
 *
 * <pre>
 * SimulatorCommand --tenant 7 --account 5001234 --token s3cret --ticks samples/EURUSD_20140508.mt5.csv.gz \
 *     --digits 5 --speed max --drops 20 --seed 42
 * </pre>
 */
public final class SimulatorCommand
{
    private static final String USAGE = String.join(System.lineSeparator(),
        "usage: SimulatorCommand --tenant ID --account LOGIN --ticks FILE[,FILE...] [options]",
        "  --host HOST            bridge host (127.0.0.1)",
        "  --port PORT            bridge port (8001)",
        "  --terminal ID          terminal id (<account>@simulator)",
        "  --token SECRET         the bridge's token for this account ('')",
        "  --symbol SYM[,SYM...]  broker symbol per file (from the file name)",
        "  --digits D[,D...]      digits per file, one value for all (5)",
        "  --server-offset SEC    broker server time minus UTC, seconds (0)",
        "  --speed S              realtime, max or a factor such as 10 (realtime)",
        "  --batch N              ticks per TICKS frame at most (64)",
        "  --window N             unacknowledged frames held before ticks wait (1024)",
        "  --limit N              replay only the first N ticks (all)",
        "  --drops N              drop the connection at N random ticks (0)",
        "  --seed S               seed of the random drops (1)",
        "  --account-every MS     send an ACCOUNT snapshot this often (off)",
        "  --backoff MS[,MAX]     reconnect backoff, doubling up to MAX (1000,30000)",
        "  --timeout SEC          give up after this long (3600)");

    private SimulatorCommand()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs with the given arguments; returns the exit code. */
    public static int run(final String[] args, final PrintStream out, final PrintStream err) throws InterruptedException
    {
        final Map<String, String> options;
        final TerminalSimulator.Context context;
        final Duration timeout;
        try
        {
            options = parse(args);
            if (options.containsKey("help"))
            {
                out.println(USAGE);
                return 0;
            }
            context = context(options, out);
            timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout", "3600")));
            context.conclude();
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            err.println("error: " + ex.getMessage());
            err.println(USAGE);
            return 2;
        }
        out.println("terminal " + context.terminalId() + " -> " + context.host() + ":" + context.port() + ", " +
            context.symbols().size() + " symbols, speed " + context.speed() + ", drops at " +
            java.util.Arrays.toString(context.dropPoints()));
        final long start = System.nanoTime();
        try (TerminalSimulator simulator = TerminalSimulator.launch(context))
        {
            final long deadline = start + timeout.toNanos();
            boolean finished = false;
            while (!finished && System.nanoTime() < deadline && !simulator.isStopped())
            {
                try
                {
                    finished = simulator.awaitFinished(Duration.ofSeconds(1));
                }
                catch (final TerminalRefusedException ex)
                {
                    err.println(ex.getMessage());
                    return 1;
                }
                out.println(progress(simulator, start));
            }
            out.println("summary: " + simulator.summary());
            printLatency(simulator.tickToOrderLatency(), out);
            if (!simulator.errorsReceived().isEmpty())
            {
                out.println("errors from the bridge: " + simulator.errorsReceived());
            }
            if (!simulator.refusedSymbols().isEmpty())
            {
                out.println("refused symbols: " + simulator.refusedSymbols());
            }
            out.println(finished ? "finished: every tick sent and acknowledged" : "NOT finished within " + timeout);
            return finished ? 0 : 1;
        }
    }

    private static String progress(final TerminalSimulator simulator, final long start)
    {
        final double seconds = (System.nanoTime() - start) / 1e9;
        return String.format("%6.1f s  ticks sent %d acked %d (%.0f/s)  orders %d  executions %d  reconnects %d%s",
            seconds, simulator.uniqueTicksSent(), simulator.ticksAcknowledged(),
            simulator.uniqueTicksSent() / Math.max(seconds, 1e-3), simulator.ordersReceived(),
            simulator.executionsSent(), simulator.reconnects(), simulator.isConnected() ? "" : "  (disconnected)");
    }

    private static void printLatency(final Histogram latency, final PrintStream out)
    {
        if (latency.getTotalCount() == 0)
        {
            out.println("tick-to-order latency: no ORDER named a cause tick");
            return;
        }
        out.printf("tick-to-order latency over the socket (us), %d orders: p50 %.1f  p90 %.1f  p99 %.1f  " +
            "p99.9 %.1f  max %.1f%n", latency.getTotalCount(), latency.getValueAtPercentile(50) / 1e3,
            latency.getValueAtPercentile(90) / 1e3, latency.getValueAtPercentile(99) / 1e3,
            latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3);
    }

    private static TerminalSimulator.Context context(final Map<String, String> options, final PrintStream out)
    {
        final TerminalSimulator.Context context = new TerminalSimulator.Context()
            .tenantId(Integer.parseInt(required(options, "tenant")))
            .accountId(Long.parseLong(required(options, "account")))
            .token(options.getOrDefault("token", ""))
            .serverTimeOffsetSeconds(Integer.parseInt(options.getOrDefault("server-offset", "0")))
            .log(message -> out.println("  " + message));
        if (options.containsKey("host"))
        {
            context.host(options.get("host"));
        }
        if (options.containsKey("port"))
        {
            context.port(Integer.parseInt(options.get("port")));
        }
        if (options.containsKey("terminal"))
        {
            context.terminalId(options.get("terminal"));
        }
        if (options.containsKey("speed"))
        {
            context.speed(ReplaySpeed.parse(options.get("speed")));
        }
        if (options.containsKey("batch"))
        {
            context.batchSize(Integer.parseInt(options.get("batch")));
        }
        if (options.containsKey("window"))
        {
            context.resendWindowFrames(Integer.parseInt(options.get("window")));
        }
        if (options.containsKey("limit"))
        {
            context.tickLimit(Long.parseLong(options.get("limit")));
        }
        if (options.containsKey("account-every"))
        {
            context.accountSnapshotIntervalMs(Long.parseLong(options.get("account-every")));
        }
        if (options.containsKey("backoff"))
        {
            final String[] backoff = options.get("backoff").split(",");
            final long min = Long.parseLong(backoff[0].trim());
            context.reconnectBackoffMs(min, backoff.length > 1 ? Long.parseLong(backoff[1].trim()) :
                Math.max(min, TerminalSimulator.Context.DEFAULT_RECONNECT_BACKOFF_MAX_MS));
        }
        final int drops = Integer.parseInt(options.getOrDefault("drops", "0"));
        if (drops > 0)
        {
            context.randomDrops(drops, Long.parseLong(options.getOrDefault("seed", "1")));
        }
        final String[] files = required(options, "ticks").split(",");
        final String[] symbols = options.containsKey("symbol") ? options.get("symbol").split(",") : new String[0];
        final String[] digits = options.getOrDefault("digits", "5").split(",");
        if (symbols.length > 0 && symbols.length != files.length)
        {
            throw new IllegalArgumentException("--symbol needs one symbol per file");
        }
        if (digits.length != 1 && digits.length != files.length)
        {
            throw new IllegalArgumentException("--digits needs one value, or one per file");
        }
        for (int i = 0; i < files.length; i++)
        {
            final Path file = Path.of(files[i].trim());
            if (!Files.isReadable(file))
            {
                throw new IllegalArgumentException("cannot read tick file " + file);
            }
            final String symbol = symbols.length > 0 ? symbols[i].trim() : Mt5TickFile.symbolFromFileName(file);
            context.symbol(ReplayedSymbol.forex(symbol, Integer.parseInt(digits[digits.length == 1 ? 0 : i].trim()),
                file));
        }
        return context;
    }

    private static String required(final Map<String, String> options, final String name)
    {
        final String value = options.get(name);
        if (value == null)
        {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static Map<String, String> parse(final String[] args)
    {
        final Map<String, String> options = new HashMap<>();
        final List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i < rest.size(); i++)
        {
            final String arg = rest.get(i);
            if (arg.equals("--help") || arg.equals("-h"))
            {
                options.put("help", "");
                continue;
            }
            if (!arg.startsWith("--"))
            {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            final int equals = arg.indexOf('=');
            if (equals > 0)
            {
                options.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
            else if (i + 1 < rest.size())
            {
                options.put(arg.substring(2), rest.get(++i));
            }
            else
            {
                throw new IllegalArgumentException(arg + " needs a value");
            }
        }
        return options;
    }
}
