package io.tradingcore.bridge.simulator;

import io.tradingcore.cli.CommandLines;
import io.tradingcore.cli.HelpOption;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.marketdata.Mt5TickFile;
import org.HdrHistogram.Histogram;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs one simulated terminal against a bridge from the command line, printing progress every second and a
 * summary at the end. Exit code 0 when every tick was sent and acknowledged, 1 on refusal or timeout,
 * 2 on a usage error.
 *
 * <pre>
 * scripts/simulate --tenant 7 --account 5001234 --token s3cret --ticks samples/EURUSD_20140508.mt5.csv.gz \
 *     --digits 5 --speed max --drops 20 --seed 42
 * </pre>
 */
@Command(name = "scripts/simulate", sortOptions = false,
    customSynopsis = "scripts/simulate --tenant ID --account LOGIN --ticks FILE[,FILE...] [options]",
    description = "A simulated MT5 terminal on its own: dials a running bridge and replays tick files through it " +
        "exactly as the Expert Advisor would, executing the orders it gets back.",
    subcommands = AutoComplete.GenerateCompletion.class)
public final class SimulatorCommand implements Callable<Integer>
{
    /** Lists: commas with or without spaces around them, as the options always took them. */
    private static final String COMMAS = "\\s*,\\s*";

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(names = "--tenant", paramLabel = "ID", required = true, description = "the tenant of the account")
    private int tenant;

    @Option(names = "--account", paramLabel = "LOGIN", required = true, description = "the account (MT5 login)")
    private long account;

    @Option(names = "--ticks", paramLabel = "FILE", required = true, split = COMMAS, splitSynopsisLabel = ",",
        description = "MT5 tick exports (.csv or .csv.gz), one symbol each")
    private List<Path> ticks;

    @Option(names = "--host", paramLabel = "HOST", description = "bridge host (127.0.0.1)")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", description = "bridge port (8001)")
    private Integer port;

    @Option(names = "--tls", description = "TLS to the bridge, as the EA's InpTls (off)")
    private boolean tls;

    @Option(names = "--tls-trust", paramLabel = "FILE",
        description = "the bridge's certificate (PEM or DER) or a .p12 keystore holding it; implies --tls (the " +
            "JDK's trusted authorities)")
    private Path tlsTrust;

    @Option(names = "--tls-password", paramLabel = "PW", description = "the password of a .p12 --tls-trust file")
    private String tlsTrustPassword;

    @Option(names = "--terminal", paramLabel = "ID", description = "terminal id (<account>@simulator)")
    private String terminal;

    @Option(names = "--token", paramLabel = "SECRET", defaultValue = "",
        description = "the bridge's token for this account ('')")
    private String token;

    @Option(names = "--symbol", paramLabel = "SYM", split = COMMAS, splitSynopsisLabel = ",",
        description = "broker symbol per file (from the file name)")
    private List<String> symbols = List.of();

    @Option(names = "--digits", paramLabel = "D", split = COMMAS, splitSynopsisLabel = ",", defaultValue = "5",
        description = "digits per file, one value for all (5)")
    private List<Integer> digits;

    @Option(names = "--server-offset", paramLabel = "SEC", defaultValue = "0",
        description = "broker server time minus UTC, seconds (0)")
    private int serverOffsetSeconds;

    @Option(names = "--speed", paramLabel = "S", converter = ReplaySpeedConverter.class,
        description = "realtime, max or a factor such as 10 (realtime)")
    private ReplaySpeed speed;

    @Option(names = "--batch", paramLabel = "N", description = "ticks per TICKS frame at most (64)")
    private Integer batch;

    @Option(names = "--window", paramLabel = "N", description = "unacknowledged frames held before ticks wait (1024)")
    private Integer window;

    @Option(names = "--limit", paramLabel = "N", description = "replay only the first N ticks (all)")
    private Long limit;

    @Option(names = "--drops", paramLabel = "N", defaultValue = "0",
        description = "drop the connection at N random ticks (0)")
    private int drops;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "seed of the random drops (1)")
    private long seed;

    @Option(names = "--account-every", paramLabel = "MS", description = "send an ACCOUNT snapshot this often (off)")
    private Long accountEveryMs;

    @Option(names = "--backoff", paramLabel = "MS[,MAX]", split = COMMAS, hideParamSyntax = true,
        description = "reconnect backoff, doubling up to MAX (1000,30000)")
    private List<Long> backoff;

    @Option(names = "--slow-start", paramLabel = "MS",
        description = "after each connect, reads find nothing this long, as an EA's before WELCOME (0)")
    private Long slowStartMs;

    @Option(names = "--reinitialise-after", paramLabel = "TICK", split = COMMAS, splitSynopsisLabel = ",",
        description = "re-run the EA's OnInit after these ticks (0-based), as a chart or input change does")
    private List<Long> reinitialiseAfter = List.of();

    @Option(names = "--late-fill-every", paramLabel = "N",
        description = "report every Nth new order EXPIRED, then fill it at market some ticks later, as a trade " +
            "server that went on with a request the terminal gave up on (off)")
    private Integer lateFillEvery;

    @Option(names = "--unknown-position", paramLabel = "LOTS",
        description = "ACCOUNT snapshots show this many lots more in the first symbol than the terminal traded, a " +
            "position the core does not know; negative for short (off; needs --account-every)")
    private BigDecimal unknownPositionLots;

    @Option(names = "--late-deals", paramLabel = "MODE",
        description = "deals whose transaction comes late: ${COMPLETION-CANDIDATES} (NONE)")
    private LateDeals lateDeals;

    @Option(names = "--timeout", paramLabel = "SEC", defaultValue = "3600",
        description = "give up after this long (3600)")
    private long timeoutSeconds;

    private final PrintStream out;
    private final PrintStream err;

    private SimulatorCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs with the given arguments; returns the exit code. */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return commandLine(out, err)
            .setExecutionExceptionHandler((ex, commandLine, parseResult) -> failed(ex, err))
            .execute(args);
    }

    /** The command line of scripts/simulate, its options not parsed yet. */
    static CommandLine commandLine(final PrintStream out, final PrintStream err)
    {
        return CommandLines.prepare(new SimulatorCommand(out, err), "simulate", out, err);
    }

    @Override
    public Integer call() throws InterruptedException
    {
        final TerminalSimulator.Context context;
        try
        {
            context = context();
            context.conclude();
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            // A tick file that cannot be read or settings that do not fit together: a command-line mistake too.
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage(), ex);
        }
        final Duration timeout = Duration.ofSeconds(timeoutSeconds);
        out.println("terminal " + context.terminalId() + " -> " + context.host() + ":" + context.port() +
            (context.tls() ? " over TLS" : "") + ", " +
            context.symbols().size() + " symbols, speed " + context.speed() + ", drops at " +
            Arrays.toString(context.dropPoints()));
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

    /** Interrupted: one line and exit code 1, the interrupt kept; anything else is picocli's stack trace, exit 1. */
    private static int failed(final Exception ex, final PrintStream err) throws Exception
    {
        if (ex instanceof InterruptedException)
        {
            Thread.currentThread().interrupt();
            err.println("simulate: interrupted");
            return 1;
        }
        throw ex;
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

    /** The settings given, on the context; those not given keep the context's defaults. */
    TerminalSimulator.Context context()
    {
        final TerminalSimulator.Context context = new TerminalSimulator.Context()
            .tenantId(tenant)
            .accountId(account)
            .token(token)
            .serverTimeOffsetSeconds(serverOffsetSeconds)
            // Tickets above those of any earlier run of this command (at most a thousand a millisecond), since the
            // bridge it dials may live on and drops deal tickets it was told of before.
            .firstTicket(System.currentTimeMillis() * 1_000)
            .log(message -> out.println("  " + message));
        if (host != null)
        {
            context.host(host);
        }
        if (port != null)
        {
            context.port(port);
        }
        if (terminal != null)
        {
            context.terminalId(terminal);
        }
        if (tls || tlsTrust != null)
        {
            context.tls(true).tlsTrust(tlsTrust, tlsTrustPassword);
        }
        if (speed != null)
        {
            context.speed(speed);
        }
        if (batch != null)
        {
            context.batchSize(batch);
        }
        if (window != null)
        {
            context.resendWindowFrames(window);
        }
        if (limit != null)
        {
            context.tickLimit(limit);
        }
        if (accountEveryMs != null)
        {
            context.accountSnapshotIntervalMs(accountEveryMs);
        }
        if (backoff != null)
        {
            final long min = backoff.get(0);
            context.reconnectBackoffMs(min, backoff.size() > 1 ? backoff.get(1) :
                Math.max(min, TerminalSimulator.Context.RECONNECT_BACKOFF_MAX_MS_DEFAULT));
        }
        if (drops > 0)
        {
            context.randomDrops(drops, seed);
        }
        if (slowStartMs != null)
        {
            context.slowStartMs(slowStartMs);
        }
        if (!reinitialiseAfter.isEmpty())
        {
            context.reinitialiseAfterTicks(reinitialiseAfter.stream().mapToLong(Long::longValue).toArray());
        }
        if (lateFillEvery != null)
        {
            context.lateFillEvery(lateFillEvery);
        }
        if (unknownPositionLots != null)
        {
            context.unknownPosition(0, unknownPositionLots.movePointRight(FixedPoint.QUANTITY_DIGITS)
                .longValueExact());
        }
        if (lateDeals != null)
        {
            context.lateDeals(lateDeals);
        }
        if (!symbols.isEmpty() && symbols.size() != ticks.size())
        {
            throw new IllegalArgumentException("--symbol needs one symbol per file");
        }
        if (digits.size() != 1 && digits.size() != ticks.size())
        {
            throw new IllegalArgumentException("--digits needs one value, or one per file");
        }
        for (int i = 0; i < ticks.size(); i++)
        {
            final Path file = ticks.get(i);
            if (!Files.isReadable(file))
            {
                throw new IllegalArgumentException("cannot read tick file " + file);
            }
            final String symbol = symbols.isEmpty() ? Mt5TickFile.symbolFromFileName(file) : symbols.get(i);
            context.symbol(ReplayedSymbol.forex(symbol, digits.get(digits.size() == 1 ? 0 : i), file));
        }
        return context;
    }
}
