package io.tradingcore.bridge.cli;

import io.tradingcore.bridge.BridgeContext;
import io.tradingcore.bridge.BridgeServer;
import io.tradingcore.bridge.BridgeStats;
import io.tradingcore.bridge.ClusterLink;
import io.tradingcore.bridge.ClusterReferenceData;
import io.tradingcore.bridge.CoreInstrument;
import io.tradingcore.bridge.PositionMismatchAction;
import io.tradingcore.bridge.TerminalCredentials;
import io.tradingcore.bridge.TerminalStatus;
import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.bridge.simulator.ReplaySpeed;
import io.tradingcore.bridge.simulator.ReplaySpeedConverter;
import io.tradingcore.bridge.simulator.ReplayedSymbol;
import io.tradingcore.bridge.simulator.TerminalSimulator;
import io.tradingcore.cli.CommandLines;
import io.tradingcore.cli.HelpOption;
import io.tradingcore.cli.RunTally;
import io.tradingcore.cluster.ClusterClient;
import io.tradingcore.cluster.ClusterLayout;
import io.tradingcore.cluster.ClusterNode;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.marketdata.Mt5TickFile;
import io.tradingcore.pipeline.ClientKeys;
import io.tradingcore.pipeline.EngineClock;
import io.tradingcore.pipeline.SystemProperties;
import io.tradingcore.pipeline.TradingCore;
import io.tradingcore.venue.VenueSettings;
import org.HdrHistogram.Histogram;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code scripts/run}: the main job on embedded defaults. One JVM runs the core (journals, engine,
 * the example strategy), the MT5 bridge on its port, and a terminal simulator that dials into the
 * bridge over TCP exactly as the Expert Advisor does, replays a tick file through the socket and
 * executes the core's orders with the simulated venue. It shows progress while it runs and ends
 * with a summary, including the tick-to-order latency measured over the socket.
 * <p>
 * With {@code --cluster} it starts no core: the bridge and the simulated terminal run against a running cluster
 * ({@code scripts/cluster}), after the reference data was sent to it and acknowledged (mt5-bridge/README.md, "In
 * cluster mode").
 */
@Command(name = "scripts/run", sortOptions = false, sortSynopsis = false, synopsisSubcommandLabel = "",
    description = {"The main job on embedded defaults: the core, the MT5 bridge and a simulated terminal that " +
        "replays a tick file through the bridge's socket; progress while it runs, then a summary."},
    subcommands = AutoComplete.GenerateCompletion.class)
public final class MainJob implements Callable<Integer>
{
    @Mixin
    private HelpOption help;

    @Option(names = "--ticks", paramLabel = "FILE",
        description = {"an MT5 tick export (.csv or .csv.gz) the simulated terminal replays",
            "  (default: the shipped day, samples/EURUSD_20140508.mt5.csv.gz)"})
    private Path ticks;

    @Option(names = "--speed", paramLabel = "max|realtime|N", defaultValue = "max",
        converter = ReplaySpeedConverter.class,
        description = "max (default: as fast as the core acknowledges), realtime, or a factor such as 60 (one " +
            "market hour per wall minute)")
    private ReplaySpeed speed;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
        description = "data folder for journals and snapshots (default ./data); a folder that already holds a " +
            "journal is recovered and the replay carries on after its last tick")
    private Path data;

    @Option(names = "--duration", paramLabel = "90s|5m|1h", converter = DurationConverter.class,
        description = "stop after this long even if the file is not done, also 250ms or PT5M (default: until the " +
            "file is replayed)")
    private Duration duration;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8001",
        description = "the bridge's TCP port for terminals (default 8001; 0 = any free port)")
    private int port;

    @Option(names = "--bridge-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
        description = "the address the bridge listens on (default 127.0.0.1; 0.0.0.0 lets terminals on other " +
            "machines in, and then needs --terminals with tokens of 24 characters or more and TLS)")
    private String bridgeHost;

    @Option(names = "--terminals", paramLabel = "FILE",
        description = "tokens terminals may use, per tenant and accounts, re-read when the file changes (default: " +
            "the demo token for account 1001; format in mt5-bridge/README.md)")
    private Path terminals;

    @Option(names = "--tls-cert", paramLabel = "FILE",
        description = "the bridge's certificate chain (PEM): TLS on the bridge's port, with --tls-key; needs --live")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
        description = "the certificate's private key (unencrypted PKCS#8 PEM, BEGIN PRIVATE KEY)")
    private Path tlsKey;

    @Option(names = "--insecure-plaintext",
        description = "let the bridge listen beyond loopback without TLS, tokens and orders in clear (a network " +
            "private end to end only)")
    private boolean insecurePlaintext;

    @Option(names = "--config", paramLabel = "FILE",
        description = "reference data for a new data folder (default: EURUSD and XAUUSD, demo account 1001, the " +
            "ma-crossover strategy)")
    private Path config;

    @Option(names = "--account", paramLabel = "ID", defaultValue = "1001",
        description = "the account the simulated terminal trades (default 1001)")
    private long account;

    @Option(names = "--symbol", paramLabel = "SYMBOL",
        description = "the instrument of the tick file (default: from the file name)")
    private String symbol;

    @Option(names = "--position-mismatch", paramLabel = "alert|halt", converter = PositionMismatchConverter.class,
        description = {"when a terminal's positions differ from the core's: alert (a POSITION_MISMATCH risk alert) " +
            "or halt (the alert, and the account takes no new order)", "  (default: alert, or " +
            BridgeContext.POSITION_MISMATCH_PROP_NAME + ")"})
    private PositionMismatchAction positionMismatch;

    // Read by scripts/run, which starts the databases and the projections around this process unless it is given.
    @Option(names = "--core-only",
        description = "the core, the bridge and the terminal only: scripts/run then starts no database and no " +
            "projection (it does by default)")
    private boolean coreOnly;

    @Option(names = "--live",
        description = "no simulated terminal: the core (on the wall clock) and the bridge wait for real MT5 " +
            "terminals until Ctrl-C or --duration, then the summary")
    private boolean live;

    @Option(names = "--cluster",
        description = "start no core: run the bridge and the simulated terminal against a running cluster, after " +
            "sending it the reference data (see --cluster-hosts)")
    private boolean cluster;

    @Option(names = "--cluster-hosts", paramLabel = "HOST,HOST,HOST",
        description = {"the cluster members' hosts, in member order", "  (default: " +
            ClusterNode.Context.HOSTS_DEFAULT + ", or " + ClusterNode.Context.HOSTS_PROP_NAME + ")"})
    private String clusterHosts;

    @Option(names = "--cluster-base-port", paramLabel = "PORT",
        description = {"the cluster's first port; member N uses the ten from PORT + 10 N", "  (default: " +
            ClusterNode.Context.BASE_PORT_DEFAULT + ", or " + ClusterNode.Context.BASE_PORT_PROP_NAME + ")"})
    private Integer clusterBasePort;

    @Option(names = "--clients-file", paramLabel = "FILE",
        description = "the cluster's clients file, where the bridge's key is registered when first issued " +
            "(default: DATA/cluster/ingress-clients)")
    private Path clientsFile;

    @Option(names = "--key-file", paramLabel = "FILE",
        description = "the bridge's cluster key, issued when missing (default: DATA/cluster/bridge.key)")
    private Path keyFile;

    private final PrintStream out;
    private final PrintStream err;

    private MainJob(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return commandLine(out, err)
            .setExecutionExceptionHandler((ex, commandLine, parseResult) -> failed(ex, err))
            .execute(args);
    }

    /** The command line of scripts/run, its options not parsed yet. */
    static CommandLine commandLine(final PrintStream out, final PrintStream err)
    {
        return CommandLines.prepare(new MainJob(out, err), "run", out, err);
    }

    @Override
    public Integer call() throws InterruptedException
    {
        return new Job(this, out, err).call();
    }

    /** A run that cannot start or finish: one line, exit code 1. */
    private static int failed(final Exception ex, final PrintStream err) throws Exception
    {
        if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException)
        {
            err.println("run: " + ex.getMessage());
            return 1;
        }
        if (ex instanceof UncheckedIOException)
        {
            err.println("run: " + ex.getCause().getMessage());
            return 1;
        }
        if (ex instanceof InterruptedException)
        {
            Thread.currentThread().interrupt();
            err.println("run: interrupted");
            return 1;
        }
        throw ex;
    }

    /** --duration: "90s", "5m", "1h", "250ms" or ISO-8601 "PT5M". */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration>
    {
        @Override
        public Duration convert(final String text)
        {
            try
            {
                if (text.startsWith("PT") || text.startsWith("pt"))
                {
                    return Duration.parse(text);
                }
                if (text.endsWith("ms"))
                {
                    return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
                }
                final long value = Long.parseLong(text.substring(0, text.length() - 1));
                switch (text.charAt(text.length() - 1))
                {
                    case 's': return Duration.ofSeconds(value);
                    case 'm': return Duration.ofMinutes(value);
                    case 'h': return Duration.ofHours(value);
                    default: break;
                }
            }
            catch (final RuntimeException ex)
            {
                // falls through to the message below
            }
            throw new CommandLine.TypeConversionException("'" + text + "' is not a duration like 90s, 5m, 1h or 250ms");
        }
    }

    /** --position-mismatch: alert or halt, in any case. */
    static final class PositionMismatchConverter implements CommandLine.ITypeConverter<PositionMismatchAction>
    {
        @Override
        public PositionMismatchAction convert(final String text)
        {
            for (final PositionMismatchAction action : PositionMismatchAction.values())
            {
                if (action.name().equalsIgnoreCase(text.trim()))
                {
                    return action;
                }
            }
            throw new CommandLine.TypeConversionException("'" + text + "' is neither alert nor halt");
        }
    }

    /** One run: the core, the bridge, the simulated terminal, progress and the summary. */
    private static final class Job
    {
        /** The bridge's name as a cluster client, in the clients file. */
        private static final String BRIDGE_CLIENT = "bridge";

        private final MainJob options;
        private final PrintStream out;
        private final PrintStream err;
        private final Path data;
        private final Path ticks;
        private final ReferenceData referenceData;
        private final ReplaySpeed speed;
        private final Duration duration;
        private final long accountId;
        private final RunTally tally = new RunTally();
        private final boolean live;
        private final CountDownLatch stopRequested = new CountDownLatch(1);
        private final CountDownLatch summarised = new CountDownLatch(1);

        Job(final MainJob options, final PrintStream out, final PrintStream err)
        {
            this.options = options;
            this.out = out;
            this.err = err;
            duration = options.duration;
            final Path home = Path.of(System.getProperty("tradingcore.home", "."));
            data = options.data;
            ticks = options.ticks != null ? options.ticks :
                home.resolve("samples").resolve("EURUSD_20140508.mt5.csv.gz");
            if (!Files.isRegularFile(ticks))
            {
                throw new IllegalArgumentException("tick file " + ticks + " not found");
            }
            referenceData = options.config == null ? ReferenceData.defaults() : ReferenceData.load(options.config);
            speed = options.speed;
            accountId = options.account;
            live = options.live;
            if (!live && (options.tlsCert != null || options.tlsKey != null))
            {
                throw new IllegalArgumentException("--tls-cert and --tls-key are for real terminals: add --live (the " +
                    "simulated terminal of a replay dials the bridge in plaintext)");
            }
        }

        int call() throws InterruptedException
        {
            if (options.cluster)
            {
                return callCluster();
            }
            final BridgeContext bridgeContext = bridgeContext();
            final String symbol = options.symbol != null ? options.symbol : Mt5TickFile.symbolFromFileName(ticks);
            final BridgeServer bridge = new BridgeServer(bridgeContext);
            final TradingCore core = TradingCore.open(new TradingCore.Context()
                .dataDirectory(data)
                .referenceData(referenceData.inputs())
                .clock(live ? EngineClock.wall() : EngineClock.data())
                .listener(bridge)
                .listener(tally));
            TerminalSimulator terminal = null;
            final long started;
            final long finished;
            final List<TerminalStatus> terminals;
            try
            {
                out.println("data folder: " + core.dataDirectory() + " (" + core.recovery() + ")");
                final EngineStateReport recovered = core.report();
                final int digits = digitsOf(symbol, recovered);
                core.start();
                bridge.start(core, recovered);
                started = System.nanoTime();
                if (live)
                {
                    out.println("bridge listening on " + bridgeContext.host() + ":" + bridge.port() +
                        (bridgeContext.sslContext() != null ? " with TLS" : "") + " for MT5 terminals (tokens: " +
                        bridgeContext.credentials().source() + "); Ctrl-C stops");
                    awaitLive(core::checkHealthy, bridge, started);
                }
                else
                {
                    terminal = replay(core, bridge, recovered, symbol, digits, started);
                }
                finished = System.nanoTime();
                terminals = bridge.terminals();
            }
            finally
            {
                if (terminal != null)
                {
                    terminal.close();
                }
                bridge.close();
                core.close();
            }
            try
            {
                printSummary(core, bridge, terminal, terminals, (finished - started) / 1e9);
                return 0;
            }
            finally
            {
                summarised.countDown();
            }
        }

        /**
         * {@code --cluster}: the reference data to the cluster under session 1, acknowledged, then the bridge as a
         * cluster client and the simulated terminal (or real terminals with --live); the summary.
         */
        private int callCluster() throws InterruptedException
        {
            final ClusterLayout layout = ClusterLayout.parse(
                options.clusterHosts != null ? options.clusterHosts : SystemProperties.stringValue(
                    ClusterNode.Context.HOSTS_PROP_NAME, ClusterNode.Context.HOSTS_DEFAULT),
                options.clusterBasePort != null ? options.clusterBasePort : SystemProperties.intValue(
                    ClusterNode.Context.BASE_PORT_PROP_NAME, ClusterNode.Context.BASE_PORT_DEFAULT));
            final Path clusterFolder = data.resolve("cluster");
            final Path clients = options.clientsFile != null ? options.clientsFile :
                clusterFolder.resolve("ingress-clients");
            final Path keyFile = options.keyFile != null ? options.keyFile : clusterFolder.resolve("bridge.key");
            final byte[] key = ClientKeys.loadOrIssue(clients, BRIDGE_CLIENT, keyFile);
            final String symbol = options.symbol != null ? options.symbol : Mt5TickFile.symbolFromFileName(ticks);
            final InstrumentSpec spec = referenceData.instrumentsBySymbol().get(symbol);
            if (!live && spec == null)
            {
                throw new IllegalArgumentException("symbol " + symbol + " of " + ticks.getFileName() +
                    " is not an instrument of the reference data (known: " +
                    referenceData.instrumentsBySymbol().keySet() + "); pass --symbol or add it to a --config file");
            }
            out.println("cluster: " + layout + " (key " + keyFile + ", clients file " + clients + ")");
            final ClusterReferenceData.Sent sent = ClusterReferenceData.send(clusterClient(layout, key,
                "reference data"), referenceData.inputs(), Duration.ofSeconds(60));
            out.println("reference data: " + sent.acknowledged() + " inputs acknowledged by the cluster (session " +
                ClusterReferenceData.SESSION + "; applied once, answered as duplicates after)");
            final BridgeContext bridgeContext = bridgeContext();
            final BridgeServer bridge = new BridgeServer(bridgeContext)
                .startClustered(clusterClient(layout, key, "bridge"), tally);
            TerminalSimulator terminal = null;
            final long started = System.nanoTime();
            final long finished;
            final ClusterLink link;
            try
            {
                if (live)
                {
                    out.println("bridge listening on " + bridgeContext.host() + ":" + bridge.port() +
                        (bridgeContext.sslContext() != null ? " with TLS" : "") + " for MT5 terminals (tokens: " +
                        bridgeContext.credentials().source() + "), offering to the cluster; Ctrl-C stops");
                    awaitLive(() ->
                    {
                    }, bridge, started);
                }
                else
                {
                    terminal = launchTerminal(bridge, 1, symbol, spec.digits(), System.currentTimeMillis() * 1_000);
                    out.println("bridge listening on " + bridge.context().host() + ":" + bridge.port() +
                        "; simulated terminal replaying " + ticks.getFileName() + " at " + speed +
                        " speed through the cluster");
                    awaitClusterReplay(bridge, terminal, started);
                }
                link = awaitAcknowledged(bridge);
                finished = System.nanoTime();
            }
            finally
            {
                if (terminal != null)
                {
                    terminal.close();
                }
                bridge.close();
            }
            try
            {
                printClusterSummary(bridge, terminal, link, (finished - started) / 1e9);
                return 0;
            }
            finally
            {
                summarised.countDown();
            }
        }

        private ClusterClient.Context clusterClient(final ClusterLayout layout, final byte[] key, final String what)
        {
            return new ClusterClient.Context()
                .ingressEndpoints(layout.ingressEndpoints())
                .clientName(BRIDGE_CLIENT)
                .key(key)
                .log(line -> err.println("cluster client (" + what + "): " + line));
        }

        private void awaitClusterReplay(final BridgeServer bridge, final TerminalSimulator terminal,
            final long started) throws InterruptedException
        {
            final long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
            long nextProgress = System.nanoTime() + 1_000_000_000L;
            while (!terminal.isFinished() && !terminal.isStopped())
            {
                final long now = System.nanoTime();
                if (now >= deadline)
                {
                    err.println();
                    out.println("duration " + duration + " reached: stopping the replay");
                    break;
                }
                if (now >= nextProgress)
                {
                    final ClusterLink link = bridge.clusterLink();
                    err.printf("\r%6.1f s  ticks sent %,d, acknowledged %,d  inputs offered %,d, acknowledged " +
                        "by the cluster %,d%s  orders %,d  fills %,d   ", (now - started) / 1e9,
                        terminal.uniqueTicksSent(), terminal.ticksAcknowledged(), link.offered(),
                        link.acknowledged(), link.connected() ? "" : " (cluster unreachable)",
                        tally.ordersAccepted(), tally.fills());
                    nextProgress = now + 1_000_000_000L;
                }
                Thread.sleep(20);
            }
            err.println();
            if (terminal.failure() != null)
            {
                throw new IllegalStateException("the bridge refused the simulated terminal: " + terminal.failure());
            }
        }

        /** Waits (at most 30 s) until the cluster acknowledged every input the bridge offered. */
        private ClusterLink awaitAcknowledged(final BridgeServer bridge) throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            ClusterLink link = bridge.clusterLink();
            while (!link.allAcknowledged() && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
                link = bridge.clusterLink();
            }
            return link;
        }

        private void printClusterSummary(final BridgeServer bridge, final TerminalSimulator terminal,
            final ClusterLink link, final double seconds)
        {
            final BridgeStats stats = bridge.stats();
            out.println();
            out.println("== run summary (cluster) ==");
            out.printf("cluster inputs      %,d offered, %,d acknowledged by the cluster%s%n", link.offered(),
                link.acknowledged(), link.allAcknowledged() ? "" : " (NOT ALL: " +
                (link.offered() - link.acknowledged()) + " outstanding)");
            out.printf("cluster client      session %d, %,d connects, %,d inputs resent, leader member %d%n",
                link.clientSessionId(), link.connects(), link.resends(), link.leaderMemberId());
            out.printf("ticks in            %,d offered from terminals over TCP (%,d dropped at the bridge)%n",
                stats.ticksForwarded(), stats.ticksDropped());
            out.printf("orders              %,d accepted, %,d rejected; %,d sent to the terminal, %,d expired%n",
                tally.ordersAccepted(), tally.ordersRejected(), stats.ordersWritten(), stats.ordersExpired());
            out.printf("fills               %,d (executions reported by the terminal: %,d)%n", tally.fills(),
                stats.executionsForwarded());
            if (terminal != null)
            {
                out.println("terminal            " + terminal.summary());
            }
            out.printf("bridge              %,d connections, %,d handshakes, %,d refused with an error (last: %s)%n",
                stats.connections(), stats.handshakes(), stats.errorsSent(),
                stats.lastError().isEmpty() ? "none" : stats.lastError());
            out.printf("throughput          %,.0f ticks/s over the socket (%,d ticks in %.2f s)%n",
                stats.ticksForwarded() / seconds, stats.ticksForwarded(), seconds);
        }

        /** The bridge's settings from the options, with the reference data's instruments. */
        private BridgeContext bridgeContext()
        {
            final BridgeContext bridgeContext = new BridgeContext()
                .host(options.bridgeHost)
                .port(options.port)
                .insecurePlaintext(options.insecurePlaintext)
                .log(line -> err.println("bridge: " + line));
            if (options.positionMismatch != null)
            {
                bridgeContext.positionMismatch(options.positionMismatch);
            }
            if (options.terminals != null)
            {
                bridgeContext.terminalsFile(options.terminals);
            }
            if (options.tlsCert != null || options.tlsKey != null)
            {
                bridgeContext.tlsCertChainFile(options.tlsCert).tlsPrivateKeyFile(options.tlsKey);
            }
            for (final InstrumentSpec spec : referenceData.instrumentsBySymbol().values())
            {
                bridgeContext.instrument(new CoreInstrument(spec.instrumentId(), spec.symbol(), spec.digits(),
                    spec.contractSize()));
            }
            return bridgeContext;
        }

        /** Launches the simulated terminal on the tick file and waits until its replay is done. */
        private TerminalSimulator replay(final TradingCore core, final BridgeServer bridge,
            final EngineStateReport recovered, final String symbol, final int digits, final long started)
            throws InterruptedException
        {
            // The terminal dies with the core here: its tickets continue above every one the journal holds, as the
            // core's own simulated venue does after a restart (VenueConnection.reconcile).
            final TerminalSimulator terminal = launchTerminal(bridge, tenantOf(recovered), symbol, digits,
                recovered.lastSequence() + 1);
            try
            {
                out.println("bridge listening on " + bridge.context().host() + ":" + bridge.port() +
                    "; simulated terminal replaying " + ticks.getFileName() + " at " + speed + " speed");
                awaitReplay(core, bridge, terminal, started);
                return terminal;
            }
            catch (final RuntimeException | InterruptedException ex)
            {
                terminal.close();
                throw ex;
            }
        }

        private TerminalSimulator launchTerminal(final BridgeServer bridge, final int tenantId, final String symbol,
            final int digits, final long firstTicket)
        {
            return TerminalSimulator.launch(new TerminalSimulator.Context()
                .port(bridge.port())
                .tenantId(tenantId)
                .accountId(accountId)
                .terminalId("simulator-" + accountId)
                .token(TerminalCredentials.DEMO_TOKEN)
                .symbol(new ReplayedSymbol(new TerminalSymbol(symbol, symbol, digits, Frame.FILLING_FOK |
                    Frame.FILLING_IOC, contractSizeOf(symbol), 100, 100, 1_000_000), ticks))
                .speed(speed)
                .resendWindowFrames(speed.isMax() ? 4 : 1024)
                .venueSettings(VenueSettings.defaults())
                .firstTicket(firstTicket)
                .accountSnapshotIntervalMs(1_000)
                .log(line -> err.println("terminal: " + line)));
        }

        /** Runs until Ctrl-C or the duration, showing terminals and flow once a second. */
        private void awaitLive(final Runnable checkHealthy, final BridgeServer bridge, final long started)
            throws InterruptedException
        {
            final Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                stopRequested.countDown();
                try
                {
                    // Let the main thread close the journals cleanly and print the summary.
                    summarised.await(20, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    main.interrupt();
                }
            }, "run-shutdown"));
            final long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
            while (!stopRequested.await(1, TimeUnit.SECONDS) && System.nanoTime() < deadline)
            {
                checkHealthy.run();
                final BridgeStats stats = bridge.stats();
                final long connected = bridge.terminals().stream().filter(TerminalStatus::connected).count();
                err.printf("\r%6.0f s  terminals connected %d  ticks journaled %,d  orders %,d  fills %,d   ",
                    (System.nanoTime() - started) / 1e9, connected, stats.ticksForwarded(), tally.ordersAccepted(),
                    tally.fills());
            }
            err.println();
        }

        private void awaitReplay(final TradingCore core, final BridgeServer bridge, final TerminalSimulator terminal,
            final long started) throws InterruptedException
        {
            final long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
            long nextProgress = System.nanoTime() + 1_000_000_000L;
            while (!terminal.isFinished() && !terminal.isStopped())
            {
                core.checkHealthy();
                final long now = System.nanoTime();
                if (now >= deadline)
                {
                    err.println();
                    out.println("duration " + duration + " reached: stopping the replay");
                    break;
                }
                if (now >= nextProgress)
                {
                    progress(bridge.stats(), terminal, now - started);
                    nextProgress = now + 1_000_000_000L;
                }
                Thread.sleep(20);
            }
            err.println();
            if (terminal.failure() != null)
            {
                throw new IllegalStateException("the bridge refused the simulated terminal: " + terminal.failure());
            }
            try
            {
                core.awaitQuiescent(Duration.ofSeconds(30), () -> true);
            }
            catch (final TimeoutException ex)
            {
                throw new IllegalStateException(ex.getMessage());
            }
        }

        private void progress(final BridgeStats stats, final TerminalSimulator terminal, final long elapsedNs)
        {
            final Histogram latency = terminal.tickToOrderLatency();
            err.printf("\r%6.1f s  ticks sent %,d, journaled by the core %,d  orders %,d  fills %,d  " +
                "tick-to-order p50 %s   ",
                elapsedNs / 1e9, terminal.uniqueTicksSent(), stats.ticksForwarded(), tally.ordersAccepted(),
                tally.fills(), latency.getTotalCount() == 0 ? "-" : micros(latency.getValueAtPercentile(50)));
        }

        private int digitsOf(final String symbol, final EngineStateReport recovered)
        {
            for (final EngineStateReport.InstrumentLine line : recovered.instruments())
            {
                if (line.symbol().equals(symbol))
                {
                    return line.digits();
                }
            }
            final InstrumentSpec spec = referenceData.instrumentsBySymbol().get(symbol);
            if (spec == null || recovered.lastSequence() != 0)
            {
                throw new IllegalArgumentException("symbol " + symbol + " of " + ticks.getFileName() +
                    " is not an instrument of the core (known: " + referenceData.instrumentsBySymbol().keySet() +
                    "); pass --symbol or add it to a --config file");
            }
            return spec.digits();
        }

        private long contractSizeOf(final String symbol)
        {
            final InstrumentSpec spec = referenceData.instrumentsBySymbol().get(symbol);
            return spec == null ? 0 : spec.contractSize();
        }

        private int tenantOf(final EngineStateReport recovered)
        {
            for (final EngineStateReport.AccountLine account : recovered.accounts())
            {
                if (account.accountId() == accountId)
                {
                    return account.tenantId();
                }
            }
            return 1;
        }

        private void printSummary(final TradingCore core, final BridgeServer bridge, final TerminalSimulator terminal,
            final List<TerminalStatus> terminals, final double seconds)
        {
            final EngineStateReport report = core.report();
            final BridgeStats stats = bridge.stats();
            out.println();
            out.println("== run summary ==");
            out.printf("ticks in            %,d journaled from terminals over TCP (%,d dropped at the bridge: older " +
                "than the journal's last tick or refused)%n", stats.ticksForwarded(), stats.ticksDropped());
            out.printf("orders              %,d accepted, %,d rejected; %,d sent to the terminal, %,d expired%n",
                tally.ordersAccepted(), tally.ordersRejected(), stats.ordersWritten(), stats.ordersExpired());
            out.printf("fills               %,d (executions reported by the terminal: %,d)%n", tally.fills(),
                stats.executionsForwarded());
            if (!tally.rejectsByReason().isEmpty())
            {
                out.println("rejects by reason   " + tally.rejectsByReason());
            }
            if (tally.riskAlerts() > 0)
            {
                out.printf("risk alerts         %,d (%s)%n", tally.riskAlerts(), tally.lastAlert());
            }
            out.println("positions:");
            if (report.positions().isEmpty())
            {
                out.println("  (none)");
            }
            for (final EngineStateReport.PositionLine position : report.positions())
            {
                out.println("  account " + position.accountId() + "  " + position);
            }
            for (final EngineStateReport.AccountLine account : report.accounts())
            {
                out.printf("account %d  balance %s %s, equity %s, realized P&L %s, unrealized %s, commission %s%n",
                    account.accountId(), FixedPoint.formatMoney(account.balance()), account.currency(),
                    FixedPoint.formatMoney(account.equity()), FixedPoint.formatMoney(account.realizedPnl()),
                    FixedPoint.formatMoney(account.unrealizedPnl()), FixedPoint.formatMoney(account.commission()));
            }
            if (terminal != null && terminal.tickToOrderLatency().getTotalCount() > 0)
            {
                final Histogram latency = terminal.tickToOrderLatency();
                out.printf("tick-to-order       p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (%,d orders; from the " +
                    "terminal writing the tick to reading the order, over TCP)%n",
                    micros(latency.getValueAtPercentile(50)), micros(latency.getValueAtPercentile(90)),
                    micros(latency.getValueAtPercentile(99)), micros(latency.getValueAtPercentile(99.9)),
                    micros(latency.getMaxValue()), latency.getTotalCount());
            }
            if (terminal != null)
            {
                out.printf("terminal link       %,d reconnects, %,d frames resent, %,d duplicate orders dropped%n",
                    terminal.reconnects(), terminal.framesResent(), terminal.duplicateOrdersDropped());
            }
            out.printf("bridge              %,d connections, %,d handshakes, %,d refused with an error (last: %s)%n",
                stats.connections(), stats.handshakes(), stats.errorsSent(),
                stats.lastError().isEmpty() ? "none" : stats.lastError());
            final List<String> mismatches = new ArrayList<>();
            for (final TerminalStatus status : terminals)
            {
                if (!status.positionMismatch().isEmpty())
                {
                    mismatches.add(status.positionMismatch());
                }
            }
            out.println("terminal positions  " + (stats.accountSnapshots() == 0 ? "no snapshot received" :
                (mismatches.isEmpty() ? "agree with the core" : "DIFFER: " + mismatches) + " (" +
                String.format("%,d", stats.positionChecks()) + " snapshots compared during the run, " +
                stats.positionMismatches() + " differences reported to the core)"));
            out.printf("throughput          %,.0f ticks/s over the socket (%,d ticks in %.2f s)%n",
                stats.ticksForwarded() / seconds, stats.ticksForwarded(), seconds);
            out.println("state hash          " + core.stateHash());
            out.println();
            out.println("replay it:  scripts/replay verify --data " + data);
        }

        private static String micros(final long nanos)
        {
            return String.format("%.0f us", nanos / 1e3);
        }
    }
}
