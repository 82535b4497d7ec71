package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.protocol.BridgeError;
import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.Welcome;
import io.tradingcore.venue.VenueSettings;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A MetaTrader 5 terminal running the bridge EA, in Java: it dials the bridge, says HELLO, replays real tick
 * exports as sequenced TICKS frames, executes each ORDER exactly once on a {@link io.tradingcore.venue.SimulatedVenue}
 * and reports EXECUTION frames, acknowledges, heartbeats, resends what the bridge has not acknowledged after
 * every reconnect, and measures tick-to-order latency over the socket. A drop plan breaks the connection
 * at chosen ticks to prove the bridge's resume logic. Three things a real terminal does can be switched on in
 * the {@link Context}, each handled as the EA handles it: a slow start ({@link Context#slowStartMs(long)}), a
 * re-initialised EA ({@link Context#reinitialiseAfterTicks(long...)}, {@link #reinitialiseNow()}) and deals
 * whose transactions come late ({@link Context#lateDeals(LateDeals)}).
 *
 * <pre>
 *   tick files --Mt5TickMerge--> TickReplay --TICKS--> ResendWindow --> socket --> bridge
 *                                    |                      ^                        |
 *                                    v                      | EXECUTION              | ORDER
 *                              TerminalVenue (SimulatedVenue) <------ PendingOrder <--+
 * </pre>
 *
 * One I/O thread ({@code terminal-simulator-<terminalId>}) does all of it; the accessors may be called from
 * any thread.
 */
public final class TerminalSimulator implements AutoCloseable
{
    private final Context context;
    private final TerminalCounters counters = new TerminalCounters();
    private final SimulatedTerminal terminal;
    private final Thread thread;

    private TerminalSimulator(final Context context)
    {
        this.context = context;
        try
        {
            terminal = new SimulatedTerminal(context, counters);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start the terminal simulator", ex);
        }
        thread = new Thread(terminal::run, "terminal-simulator-" + context.terminalId());
        thread.setDaemon(true);
    }

    /** Concludes the context, opens the tick files and starts connecting. */
    public static TerminalSimulator launch(final Context context)
    {
        final TerminalSimulator simulator = new TerminalSimulator(context.conclude());
        simulator.thread.start();
        return simulator;
    }

    public Context context()
    {
        return context;
    }

    /** Breaks the current connection at once, as a lost network would; the terminal reconnects after its backoff. */
    public void dropConnectionNow()
    {
        terminal.requestDrop();
    }

    /**
     * Runs the EA's OnInit again now, as a chart or input change does: the connection closes, everything the EA
     * held in memory is reset, and it says HELLO with RESET; see {@link Context#reinitialiseAfterTicks(long...)}.
     */
    public void reinitialiseNow()
    {
        terminal.requestReinitialise();
    }

    /** Connected and welcomed by the bridge. */
    public boolean isConnected()
    {
        return terminal.isActive();
    }

    /** Every tick sent, every sequenced frame acknowledged by the bridge, no order waiting for execution. */
    public boolean isFinished()
    {
        return terminal.isFinished();
    }

    /**
     * Waits until {@link #isFinished()}.
     *
     * @return false when the time ran out first
     * @throws TerminalRefusedException when the bridge refused the terminal for good
     */
    public boolean awaitFinished(final Duration timeout) throws InterruptedException
    {
        return terminal.awaitFinished(timeout.toNanos());
    }

    /** The error that stopped the terminal for good (AUTHENTICATION_FAILED, UNSUPPORTED_VERSION), or null. */
    public BridgeError failure()
    {
        return terminal.failure();
    }

    /** The I/O thread has ended: after {@link #close()} or a refusal. */
    public boolean isStopped()
    {
        return !thread.isAlive();
    }

    /** The last WELCOME, or null before the first. */
    public Welcome lastWelcome()
    {
        return terminal.lastWelcome();
    }

    /** Ticks written to the socket at least once. */
    public long uniqueTicksSent()
    {
        return counters.uniqueTicksSent;
    }

    /** Ticks in frames the bridge acknowledged. */
    public long ticksAcknowledged()
    {
        return counters.ticksAcknowledged;
    }

    /** Sequenced frames written again after a reconnect. */
    public long framesResent()
    {
        return counters.framesResent;
    }

    /** Connections made after the first. */
    public long reconnects()
    {
        return Math.max(0, counters.connects - 1);
    }

    /** Sessions the bridge welcomed. */
    public long sessions()
    {
        return counters.sessions;
    }

    /** ORDER frames taken, each seq once. */
    public long ordersReceived()
    {
        return counters.ordersReceived;
    }

    /** ORDER frames at or below a seq already taken, dropped unexecuted. */
    public long duplicateOrdersDropped()
    {
        return counters.duplicateOrdersDropped;
    }

    /** EXECUTION frames written at least once. */
    public long executionsSent()
    {
        return counters.executionsSent;
    }

    public long accountSnapshotsSent()
    {
        return counters.accountSnapshotsSent;
    }

    public long heartbeatsSent()
    {
        return counters.heartbeatsSent;
    }

    /** Times the EA's OnInit ran again (planned or requested), each starting a new stream with RESET. */
    public long reinitialisations()
    {
        return counters.reinitialisations;
    }

    /** Polls during a slow start that found nothing to read and kept waiting. */
    public long emptyReads()
    {
        return counters.emptyReads;
    }

    /** NEW orders the bridge sent again after a RESET that were found already placed and reported, not placed. */
    public long ordersReconciled()
    {
        return counters.ordersReconciled;
    }

    /** Fills held back as deals whose transaction comes late ({@link LateDeals}). */
    public long dealsHeld()
    {
        return counters.dealsHeld;
    }

    /** Fills reported after their order's end ({@link LateDeals#END_FIRST}). */
    public long fillsAfterEnd()
    {
        return counters.fillsAfterEnd;
    }

    /** Volume (lots x 10^4) the trade server filled, over every order. */
    public long quantityFilled()
    {
        return counters.quantityFilled;
    }

    /** Volume (lots x 10^4) of the fills reported after their order's end. */
    public long quantityFilledAfterEnd()
    {
        return counters.quantityFilledAfterEnd;
    }

    /** ORDERs whose cause tick was not (or no longer) known, so not timed; 0 causes are not counted. */
    public long ordersWithUnknownCauseTick()
    {
        return counters.ordersWithoutCauseTick;
    }

    /** The round trip of the last HEARTBEAT the bridge echoed, ns; 0 before the first. */
    public long lastHeartbeatRoundTripNs()
    {
        return counters.lastRoundTripNs;
    }

    /** ERROR frames the bridge sent, in order. */
    public List<BridgeError> errorsReceived()
    {
        return counters.errors();
    }

    /** Symbols the bridge refused in a WELCOME, with its note. */
    public List<String> refusedSymbols()
    {
        return counters.refusedSymbols();
    }

    /** A copy of the tick-to-order latency histogram, ns: one value per unique ORDER with a known cause tick. */
    public Histogram tickToOrderLatency()
    {
        return counters.tickToOrderNs();
    }

    /** The orderId of every ORDER executed, in execution order: each ORDER seq once. */
    public List<Long> executedOrderIds()
    {
        return counters.executedOrderIds();
    }

    /** One line for logs and the command line. */
    public String summary()
    {
        final Histogram latency = tickToOrderLatency();
        return "ticks sent " + uniqueTicksSent() + " (acknowledged " + ticksAcknowledged() + "), frames resent " +
            framesResent() + ", reconnects " + reconnects() + ", orders " + ordersReceived() + " (duplicates dropped " +
            duplicateOrdersDropped() + "), executions " + executionsSent() + ", errors " + errorsReceived().size() +
            (latency.getTotalCount() == 0 ? "" : ", tick-to-order us p50 " +
            latency.getValueAtPercentile(50) / 1000.0 + " p99 " + latency.getValueAtPercentile(99) / 1000.0 +
            " max " + latency.getMaxValue() / 1000.0);
    }

    /** Stops the I/O thread and closes the connection and the tick files. */
    @Override
    public void close()
    {
        terminal.requestClose();
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The terminal's settings, in the style of Aeron's contexts: fluent setters, then {@link #conclude()}
     * checks them and fills defaults. Defaults marked "property" can be set by that system property.
     */
    public static final class Context
    {
        /** Property for {@link #host(String)}; default 127.0.0.1. */
        public static final String HOST_PROP_NAME = "tradingcore.simulator.host";
        /** Property for {@link #port(int)}; default 8001. */
        public static final String PORT_PROP_NAME = "tradingcore.simulator.port";
        /** Property for {@link #speed(ReplaySpeed)}: realtime, max or a factor; default realtime. */
        public static final String SPEED_PROP_NAME = "tradingcore.simulator.speed";
        /** Property for {@link #batchSize(int)}; default 64. */
        public static final String BATCH_SIZE_PROP_NAME = "tradingcore.simulator.batchSize";
        /** Property for {@link #resendWindowFrames(int)}; default 1024. */
        public static final String RESEND_WINDOW_PROP_NAME = "tradingcore.simulator.resendWindowFrames";

        public static final String DEFAULT_HOST = "127.0.0.1";
        public static final int DEFAULT_PORT = 8001;
        public static final int DEFAULT_BATCH_SIZE = 64;
        public static final int DEFAULT_RESEND_WINDOW_FRAMES = 1024;
        public static final long DEFAULT_RECONNECT_BACKOFF_MIN_MS = 1_000;
        public static final long DEFAULT_RECONNECT_BACKOFF_MAX_MS = 30_000;
        public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 1_000;
        public static final long DEFAULT_HANDSHAKE_TIMEOUT_MS = 5_000;
        public static final long DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
        public static final int DEFAULT_LATENCY_TICK_CAPACITY = 131_072;
        /** 10,000.00 in money x 10^6. */
        public static final long DEFAULT_STARTING_BALANCE = 10_000_000_000L;
        public static final int DEFAULT_LEVERAGE = 100;
        public static final long DEFAULT_LATE_DEAL_DELAY_MS = 50;

        private boolean concluded;
        private String host;
        private int port = -1;
        private int tenantId;
        private long accountId;
        private String terminalId;
        private String token = "";
        private int serverTimeOffsetSeconds;
        private final List<ReplayedSymbol> symbols = new ArrayList<>();
        private ReplaySpeed speed;
        private int batchSize;
        private int resendWindowFrames;
        private VenueSettings venueSettings;
        private long reconnectBackoffMinMs = DEFAULT_RECONNECT_BACKOFF_MIN_MS;
        private long reconnectBackoffMaxMs = DEFAULT_RECONNECT_BACKOFF_MAX_MS;
        private long heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
        private long handshakeTimeoutMs = DEFAULT_HANDSHAKE_TIMEOUT_MS;
        private long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        private long[] dropAfterTicks = new long[0];
        private int randomDrops;
        private long randomDropSeed;
        private long accountSnapshotIntervalMs;
        private long startingBalance = DEFAULT_STARTING_BALANCE;
        private int leverage = DEFAULT_LEVERAGE;
        private long tickLimit = Long.MAX_VALUE;
        private int latencyTickCapacity = DEFAULT_LATENCY_TICK_CAPACITY;
        private int maxFrameBytes = Frame.DEFAULT_MAX_FRAME_BYTES;
        private Consumer<String> log;
        private DropPlan dropPlan = DropPlan.NONE;
        private long slowStartMs;
        private long[] reinitialiseAfterTicks = new long[0];
        private DropPlan reinitialisePlan = DropPlan.NONE;
        private LateDeals lateDeals = LateDeals.NONE;
        private long lateDealDelayMs = DEFAULT_LATE_DEAL_DELAY_MS;

        /**
         * Checks the settings and fills defaults; counts the ticks when random drop points must be drawn.
         *
         * @throws IllegalStateException naming the setting that is wrong
         */
        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (host == null)
            {
                host = System.getProperty(HOST_PROP_NAME, DEFAULT_HOST);
            }
            if (port < 0)
            {
                port = Integer.getInteger(PORT_PROP_NAME, DEFAULT_PORT);
            }
            if (speed == null)
            {
                speed = ReplaySpeed.parse(System.getProperty(SPEED_PROP_NAME, "realtime"));
            }
            if (batchSize == 0)
            {
                batchSize = Integer.getInteger(BATCH_SIZE_PROP_NAME, DEFAULT_BATCH_SIZE);
            }
            if (resendWindowFrames == 0)
            {
                resendWindowFrames = Integer.getInteger(RESEND_WINDOW_PROP_NAME, DEFAULT_RESEND_WINDOW_FRAMES);
            }
            if (venueSettings == null)
            {
                venueSettings = VenueSettings.fromSystemProperties();
            }
            if (log == null)
            {
                final System.Logger logger = System.getLogger(TerminalSimulator.class.getName());
                log = message -> logger.log(System.Logger.Level.INFO, message);
            }
            require(port > 0 && port < 65_536, "port must be 1..65535: " + port);
            require(tenantId > 0, "tenantId must be set (positive)");
            require(accountId > 0, "accountId must be set (positive): the MT5 login");
            if (terminalId == null)
            {
                terminalId = accountId + "@simulator";
            }
            require(!terminalId.isEmpty() && terminalId.length() <= Frame.MAX_STRING, "terminalId must be 1..255 chars");
            require(token.length() <= Frame.MAX_STRING, "token must be at most 255 chars");
            require(!symbols.isEmpty(), "at least one symbol with a tick file is needed");
            require(symbols.size() <= 0xFFFF, "at most 65535 symbols");
            require(Math.abs(serverTimeOffsetSeconds) <= 18 * 3600, "serverTimeOffsetSeconds beyond +-18 h");
            final int maxBatch = (maxFrameBytes - Frame.TICKS_FIRST_OFFSET) / Frame.TICK_LENGTH;
            require(maxFrameBytes >= 1024, "maxFrameBytes must be at least 1024: " + maxFrameBytes);
            require(batchSize >= 1 && batchSize <= maxBatch, "batchSize must be 1.." + maxBatch + ": " + batchSize);
            require(resendWindowFrames >= 1, "resendWindowFrames must be positive: " + resendWindowFrames);
            require(reconnectBackoffMinMs >= 0 && reconnectBackoffMaxMs >= reconnectBackoffMinMs,
                "reconnect backoff must be 0 <= min <= max");
            require(heartbeatIntervalMs > 0, "heartbeatIntervalMs must be positive");
            require(handshakeTimeoutMs > 0 && connectTimeoutMs > 0, "timeouts must be positive");
            require(accountSnapshotIntervalMs >= 0, "accountSnapshotIntervalMs must not be negative (0 = off)");
            require(tickLimit >= 0, "tickLimit must not be negative");
            require(latencyTickCapacity >= 1, "latencyTickCapacity must be positive");
            require(leverage > 0, "leverage must be positive");
            require(randomDrops >= 0, "randomDrops must not be negative");
            require(slowStartMs >= 0, "slowStartMs must not be negative (0 = off)");
            require(lateDealDelayMs >= 0, "lateDealDelayMs must not be negative");
            try
            {
                final long tickCount = randomDrops == 0 ? 0 :
                    TickReplay.count(symbols, serverTimeOffsetSeconds, tickLimit);
                dropPlan = DropPlan.of(dropAfterTicks, randomDrops, randomDropSeed, tickCount);
                reinitialisePlan = DropPlan.of(reinitialiseAfterTicks, 0, 0, 0);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read the tick files to place random drops", ex);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalStateException(ex.getMessage(), ex);
            }
            concluded = true;
            return this;
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalStateException(message);
            }
        }

        public Context host(final String host)
        {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public String host()
        {
            return host;
        }

        public Context port(final int port)
        {
            this.port = port;
            return this;
        }

        public int port()
        {
            return port;
        }

        public Context tenantId(final int tenantId)
        {
            this.tenantId = tenantId;
            return this;
        }

        public int tenantId()
        {
            return tenantId;
        }

        /** The MT5 login. */
        public Context accountId(final long accountId)
        {
            this.accountId = accountId;
            return this;
        }

        public long accountId()
        {
            return accountId;
        }

        /** Stable across restarts, e.g. {@code login@server}; default {@code <accountId>@simulator}. */
        public Context terminalId(final String terminalId)
        {
            this.terminalId = Objects.requireNonNull(terminalId, "terminalId");
            return this;
        }

        public String terminalId()
        {
            return terminalId;
        }

        /** The secret the bridge was configured with for this account; default empty. */
        public Context token(final String token)
        {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        public String token()
        {
            return token;
        }

        /** Broker server time minus UTC; the tick exports are in server time. Default 0. */
        public Context serverTimeOffsetSeconds(final int seconds)
        {
            this.serverTimeOffsetSeconds = seconds;
            return this;
        }

        public int serverTimeOffsetSeconds()
        {
            return serverTimeOffsetSeconds;
        }

        /** Adds a symbol; its position (0-based, in the order added) is its symbol index. */
        public Context symbol(final ReplayedSymbol symbol)
        {
            symbols.add(Objects.requireNonNull(symbol, "symbol"));
            return this;
        }

        /** Replaces the symbols. */
        public Context symbols(final List<ReplayedSymbol> symbols)
        {
            this.symbols.clear();
            symbols.forEach(this::symbol);
            return this;
        }

        public List<ReplayedSymbol> symbols()
        {
            return List.copyOf(symbols);
        }

        /** Default realtime (property). */
        public Context speed(final ReplaySpeed speed)
        {
            this.speed = Objects.requireNonNull(speed, "speed");
            return this;
        }

        public ReplaySpeed speed()
        {
            return speed;
        }

        /** The most ticks in one TICKS frame; paced speeds batch only ticks already due. Default 64 (property). */
        public Context batchSize(final int batchSize)
        {
            this.batchSize = batchSize;
            return this;
        }

        public int batchSize()
        {
            return batchSize;
        }

        /**
         * Unacknowledged sequenced frames held before new ticks wait for acknowledgements; nothing is dropped.
         * Default 1024 (property).
         */
        public Context resendWindowFrames(final int frames)
        {
            this.resendWindowFrames = frames;
            return this;
        }

        public int resendWindowFrames()
        {
            return resendWindowFrames;
        }

        /** Commission, fill cap and slippage of the simulated trade server; default from system properties. */
        public Context venueSettings(final VenueSettings settings)
        {
            this.venueSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public VenueSettings venueSettings()
        {
            return venueSettings;
        }

        /** Wait before reconnecting, doubling after each failed attempt up to the max. Default 1 s to 30 s. */
        public Context reconnectBackoffMs(final long minMs, final long maxMs)
        {
            this.reconnectBackoffMinMs = minMs;
            this.reconnectBackoffMaxMs = maxMs;
            return this;
        }

        public long reconnectBackoffMinMs()
        {
            return reconnectBackoffMinMs;
        }

        public long reconnectBackoffMaxMs()
        {
            return reconnectBackoffMaxMs;
        }

        /** Idle time before a HEARTBEAT; a shorter interval in WELCOME wins. Default 1000 ms. */
        public Context heartbeatIntervalMs(final long intervalMs)
        {
            this.heartbeatIntervalMs = intervalMs;
            return this;
        }

        public long heartbeatIntervalMs()
        {
            return heartbeatIntervalMs;
        }

        /** How long to wait for WELCOME after HELLO before reconnecting. Default 5000 ms. */
        public Context handshakeTimeoutMs(final long timeoutMs)
        {
            this.handshakeTimeoutMs = timeoutMs;
            return this;
        }

        public long handshakeTimeoutMs()
        {
            return handshakeTimeoutMs;
        }

        public Context connectTimeoutMs(final long timeoutMs)
        {
            this.connectTimeoutMs = timeoutMs;
            return this;
        }

        public long connectTimeoutMs()
        {
            return connectTimeoutMs;
        }

        /** Drops the connection right after each of these ticks (0-based unique tick index) is first sent. */
        public Context dropAfterTicks(final long... tickIndices)
        {
            this.dropAfterTicks = tickIndices.clone();
            return this;
        }

        /** Adds {@code count} distinct drop points drawn from the tick range with this seed. */
        public Context randomDrops(final int count, final long seed)
        {
            this.randomDrops = count;
            this.randomDropSeed = seed;
            return this;
        }

        /** The drop points, after {@link #conclude()}. */
        public long[] dropPoints()
        {
            return dropPlan.tickIndices();
        }

        /** Sends an ACCOUNT snapshot this often; 0 (default) sends none. */
        public Context accountSnapshotIntervalMs(final long intervalMs)
        {
            this.accountSnapshotIntervalMs = intervalMs;
            return this;
        }

        public long accountSnapshotIntervalMs()
        {
            return accountSnapshotIntervalMs;
        }

        /** Money x 10^6 for ACCOUNT snapshots; default 10,000.00. */
        public Context startingBalance(final long balance)
        {
            this.startingBalance = balance;
            return this;
        }

        public long startingBalance()
        {
            return startingBalance;
        }

        public Context leverage(final int leverage)
        {
            this.leverage = leverage;
            return this;
        }

        public int leverage()
        {
            return leverage;
        }

        /** Replays at most this many ticks (a prefix of the merged files); default all. */
        public Context tickLimit(final long tickLimit)
        {
            this.tickLimit = tickLimit;
            return this;
        }

        public long tickLimit()
        {
            return tickLimit;
        }

        /** How many recent ticks keep their send time for latency; default 131072. */
        public Context latencyTickCapacity(final int capacity)
        {
            this.latencyTickCapacity = capacity;
            return this;
        }

        public int latencyTickCapacity()
        {
            return latencyTickCapacity;
        }

        /** The largest frame sent or accepted; WELCOME may lower it. Default 65536. */
        public Context maxFrameBytes(final int maxFrameBytes)
        {
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        public int maxFrameBytes()
        {
            return maxFrameBytes;
        }

        /** Where connection events go (connects, drops, refused symbols, errors); default System.Logger INFO. */
        public Context log(final Consumer<String> log)
        {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        public Consumer<String> log()
        {
            return log;
        }

        /**
         * After each connect, reads find nothing for this long, as the EA's do while WELCOME is on its way
         * (SocketIsReadable's dummy 1, then SocketRead's -1 on its timeout): the terminal polls every 20 ms and
         * keeps waiting, up to the handshake timeout. Default 0 (off).
         */
        public Context slowStartMs(final long slowStartMs)
        {
            this.slowStartMs = slowStartMs;
            return this;
        }

        public long slowStartMs()
        {
            return slowStartMs;
        }

        /**
         * Re-runs the EA's OnInit right after each of these ticks (0-based unique tick index) is first sent, as a
         * chart or input change does: the connection closes, the EA's memory is reset and a HELLO with RESET
         * starts a new stream; unacknowledged ticks and deals are sent again in it.
         */
        public Context reinitialiseAfterTicks(final long... tickIndices)
        {
            this.reinitialiseAfterTicks = tickIndices.clone();
            return this;
        }

        /** When deals are reported; default {@link LateDeals#NONE}. */
        public Context lateDeals(final LateDeals lateDeals)
        {
            this.lateDeals = Objects.requireNonNull(lateDeals, "lateDeals");
            return this;
        }

        public LateDeals lateDeals()
        {
            return lateDeals;
        }

        /** How long a late deal's transaction takes to reach the EA; default 50 ms. */
        public Context lateDealDelayMs(final long delayMs)
        {
            this.lateDealDelayMs = delayMs;
            return this;
        }

        public long lateDealDelayMs()
        {
            return lateDealDelayMs;
        }

        DropPlan dropPlan()
        {
            return dropPlan;
        }

        DropPlan reinitialisePlan()
        {
            return reinitialisePlan;
        }
    }
}
