package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.protocol.BridgeError;
import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.Welcome;
import io.tradingcore.pipeline.ComponentErrors;
import io.tradingcore.pipeline.SystemProperties;
import io.tradingcore.venue.VenueSettings;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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

    /**
     * Concludes the context, unless the caller did to check the settings first, opens the tick files and starts
     * connecting.
     *
     * @param context the terminal's settings, for this simulator only: it closes what they made when it closes.
     */
    public static TerminalSimulator launch(final Context context)
    {
        context.claim();
        final TerminalSimulator simulator;
        try
        {
            simulator = new TerminalSimulator(context.isConcluded() ? context : context.conclude());
        }
        catch (final RuntimeException ex)
        {
            context.close();
            throw ex;
        }
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

    /** Orders reported EXPIRED and filled later ({@link Context#lateFillEvery(int)}); counted when expired. */
    public long lateFills()
    {
        return counters.lateFills;
    }

    /** The orderId of every ORDER executed, in execution order: each ORDER seq once. */
    public List<Long> executedOrderIds()
    {
        return counters.executedOrderIds();
    }

    /** The terminal's net volume in the symbol at this index of its HELLO (lots x 10^4, long positive). */
    public long netVolume(final int symbolIndex)
    {
        return terminal.netVolume(symbolIndex);
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
        context.close();
    }

    /**
     * The terminal's settings, in the style of Aeron's contexts: each tunable has a {@code *_PROP_NAME} system
     * property and a {@code *_DEFAULT}, read when the context is created ({@link Configuration}); a fluent setter
     * overrides it. Who the terminal is (tenant, account, terminal id, token) and what it replays (symbols) have no
     * default and no property. {@link #conclude()} checks the settings, fills in the rest and may run only once.
     */
    public static final class Context
    {
        /** The bridge's address; default {@value #HOST_DEFAULT}. */
        public static final String HOST_PROP_NAME = "tradingcore.simulator.host";
        public static final String HOST_DEFAULT = "127.0.0.1";

        /** The bridge's port; default {@value #PORT_DEFAULT}. */
        public static final String PORT_PROP_NAME = "tradingcore.simulator.port";
        public static final int PORT_DEFAULT = 8001;

        /** Replay speed: realtime, max or a factor; default {@value #SPEED_DEFAULT}. */
        public static final String SPEED_PROP_NAME = "tradingcore.simulator.speed";
        public static final String SPEED_DEFAULT = "realtime";

        /** The most ticks in one TICKS frame; default {@value #BATCH_SIZE_DEFAULT}. */
        public static final String BATCH_SIZE_PROP_NAME = "tradingcore.simulator.batchSize";
        public static final int BATCH_SIZE_DEFAULT = 64;

        /** Unacknowledged frames held before new ticks wait; default {@value #RESEND_WINDOW_FRAMES_DEFAULT}. */
        public static final String RESEND_WINDOW_FRAMES_PROP_NAME = "tradingcore.simulator.resendWindowFrames";
        public static final int RESEND_WINDOW_FRAMES_DEFAULT = 1024;

        /** Broker server time minus UTC, seconds; default {@value #SERVER_TIME_OFFSET_SECONDS_DEFAULT}. */
        public static final String SERVER_TIME_OFFSET_SECONDS_PROP_NAME =
            "tradingcore.simulator.serverTimeOffsetSeconds";
        public static final int SERVER_TIME_OFFSET_SECONDS_DEFAULT = 0;

        /** First wait before reconnecting; default {@value #RECONNECT_BACKOFF_MIN_MS_DEFAULT} ms. */
        public static final String RECONNECT_BACKOFF_MIN_MS_PROP_NAME = "tradingcore.simulator.reconnectBackoffMinMs";
        public static final long RECONNECT_BACKOFF_MIN_MS_DEFAULT = 1_000;

        /** Longest wait before reconnecting; default {@value #RECONNECT_BACKOFF_MAX_MS_DEFAULT} ms. */
        public static final String RECONNECT_BACKOFF_MAX_MS_PROP_NAME = "tradingcore.simulator.reconnectBackoffMaxMs";
        public static final long RECONNECT_BACKOFF_MAX_MS_DEFAULT = 30_000;

        /** Idle time before a HEARTBEAT; default {@value #HEARTBEAT_INTERVAL_MS_DEFAULT} ms. */
        public static final String HEARTBEAT_INTERVAL_MS_PROP_NAME = "tradingcore.simulator.heartbeatIntervalMs";
        public static final long HEARTBEAT_INTERVAL_MS_DEFAULT = 1_000;

        /** How long to wait for WELCOME after HELLO; default {@value #HANDSHAKE_TIMEOUT_MS_DEFAULT} ms. */
        public static final String HANDSHAKE_TIMEOUT_MS_PROP_NAME = "tradingcore.simulator.handshakeTimeoutMs";
        public static final long HANDSHAKE_TIMEOUT_MS_DEFAULT = 5_000;

        /** How long a connection attempt may take; default {@value #CONNECT_TIMEOUT_MS_DEFAULT} ms. */
        public static final String CONNECT_TIMEOUT_MS_PROP_NAME = "tradingcore.simulator.connectTimeoutMs";
        public static final long CONNECT_TIMEOUT_MS_DEFAULT = 2_000;

        /** An ACCOUNT snapshot this often, 0 for none; default {@value #ACCOUNT_SNAPSHOT_INTERVAL_MS_DEFAULT}. */
        public static final String ACCOUNT_SNAPSHOT_INTERVAL_MS_PROP_NAME =
            "tradingcore.simulator.accountSnapshotIntervalMs";
        public static final long ACCOUNT_SNAPSHOT_INTERVAL_MS_DEFAULT = 0;

        /** Money x 10^6 for ACCOUNT snapshots; default {@value #STARTING_BALANCE_DEFAULT} (10,000.00). */
        public static final String STARTING_BALANCE_PROP_NAME = "tradingcore.simulator.startingBalance";
        public static final long STARTING_BALANCE_DEFAULT = 10_000_000_000L;

        /** The account's leverage; default {@value #LEVERAGE_DEFAULT}. */
        public static final String LEVERAGE_PROP_NAME = "tradingcore.simulator.leverage";
        public static final int LEVERAGE_DEFAULT = 100;

        /** Replays at most this many ticks; default all ({@value #TICK_LIMIT_DEFAULT}). */
        public static final String TICK_LIMIT_PROP_NAME = "tradingcore.simulator.tickLimit";
        public static final long TICK_LIMIT_DEFAULT = Long.MAX_VALUE;

        /** Recent ticks whose send time is kept for latency; default {@value #LATENCY_TICK_CAPACITY_DEFAULT}. */
        public static final String LATENCY_TICK_CAPACITY_PROP_NAME = "tradingcore.simulator.latencyTickCapacity";
        public static final int LATENCY_TICK_CAPACITY_DEFAULT = 131_072;

        /** The largest frame sent or accepted; default {@value #MAX_FRAME_BYTES_DEFAULT}. */
        public static final String MAX_FRAME_BYTES_PROP_NAME = "tradingcore.simulator.maxFrameBytes";
        public static final int MAX_FRAME_BYTES_DEFAULT = Frame.DEFAULT_MAX_FRAME_BYTES;

        /** Reads find nothing this long after each connect, as an EA's before WELCOME; default 0 (off). */
        public static final String SLOW_START_MS_PROP_NAME = "tradingcore.simulator.slowStartMs";
        public static final long SLOW_START_MS_DEFAULT = 0;

        /** How long a late deal's transaction takes to reach the EA; default {@value #LATE_DEAL_DELAY_MS_DEFAULT}. */
        public static final String LATE_DEAL_DELAY_MS_PROP_NAME = "tradingcore.simulator.lateDealDelayMs";
        public static final long LATE_DEAL_DELAY_MS_DEFAULT = 50;

        /**
         * Every this many NEW orders one is reported EXPIRED instead of executed, then filled at market
         * {@link #LATE_FILL_DELAY_TICKS_PROP_NAME} ticks later, as a trade server does that went on with a request the
         * terminal gave up on; 0 for none; default {@value #LATE_FILL_EVERY_DEFAULT}.
         */
        public static final String LATE_FILL_EVERY_PROP_NAME = "tradingcore.simulator.lateFillEvery";
        public static final int LATE_FILL_EVERY_DEFAULT = 0;

        /**
         * Ticks sent between a late-filled order's EXPIRED and its fill; default
         * {@value #LATE_FILL_DELAY_TICKS_DEFAULT}.
         */
        public static final String LATE_FILL_DELAY_TICKS_PROP_NAME = "tradingcore.simulator.lateFillDelayTicks";
        public static final int LATE_FILL_DELAY_TICKS_DEFAULT = 10;

        /**
         * Signed lots x 10^4 that every ACCOUNT snapshot shows on top of the terminal's real position in symbol
         * {@link #UNKNOWN_POSITION_SYMBOL_PROP_NAME}, a position the core never traded; 0 for none; default
         * {@value #UNKNOWN_POSITION_VOLUME_DEFAULT}.
         */
        public static final String UNKNOWN_POSITION_VOLUME_PROP_NAME = "tradingcore.simulator.unknownPositionVolume";
        public static final long UNKNOWN_POSITION_VOLUME_DEFAULT = 0;

        /** The symbol index of the unknown position; default {@value #UNKNOWN_POSITION_SYMBOL_DEFAULT}. */
        public static final String UNKNOWN_POSITION_SYMBOL_PROP_NAME = "tradingcore.simulator.unknownPositionSymbol";
        public static final int UNKNOWN_POSITION_SYMBOL_DEFAULT = 0;

        /**
         * TLS to the bridge, as the EA's {@code InpTls}: the bridge's certificate must be trusted and name the host;
         * default {@value #TLS_DEFAULT}.
         */
        public static final String TLS_PROP_NAME = "tradingcore.simulator.tls";
        public static final boolean TLS_DEFAULT = false;

        /**
         * The certificates trusted with TLS: X.509, PEM or DER, or a PKCS#12 keystore ({@code .p12}, {@code .pfx},
         * the bridge's own will do); default none: the JDK's trusted authorities.
         */
        public static final String TLS_TRUST_FILE_PROP_NAME = "tradingcore.simulator.tlsTrustFile";

        /** The password of a PKCS#12 trust file; default none. */
        public static final String TLS_TRUST_PASSWORD_PROP_NAME = "tradingcore.simulator.tlsTrustPassword";

        private static final int MAX_PORT = 65_535;
        private static final int MAX_OFFSET_SECONDS = 18 * 3600;

        private boolean concluded;
        private boolean claimed;
        private String host = Configuration.host();
        private int port = Configuration.port();
        private int tenantId;
        private long accountId;
        private String terminalId;
        private String token = "";
        private int serverTimeOffsetSeconds = Configuration.serverTimeOffsetSeconds();
        private final List<ReplayedSymbol> symbols = new ArrayList<>();
        private ReplaySpeed speed = Configuration.speed();
        private int batchSize = Configuration.batchSize();
        private int resendWindowFrames = Configuration.resendWindowFrames();
        private VenueSettings venueSettings;
        private long firstTicket = 1;
        private long reconnectBackoffMinMs = Configuration.reconnectBackoffMinMs();
        private long reconnectBackoffMaxMs = Configuration.reconnectBackoffMaxMs();
        private long heartbeatIntervalMs = Configuration.heartbeatIntervalMs();
        private long handshakeTimeoutMs = Configuration.handshakeTimeoutMs();
        private long connectTimeoutMs = Configuration.connectTimeoutMs();
        private long[] dropAfterTicks = new long[0];
        private int randomDrops;
        private long randomDropSeed;
        private long accountSnapshotIntervalMs = Configuration.accountSnapshotIntervalMs();
        private long startingBalance = Configuration.startingBalance();
        private int leverage = Configuration.leverage();
        private long tickLimit = Configuration.tickLimit();
        private int latencyTickCapacity = Configuration.latencyTickCapacity();
        private int maxFrameBytes = Configuration.maxFrameBytes();
        private int lateFillEvery = Configuration.lateFillEvery();
        private int lateFillDelayTicks = Configuration.lateFillDelayTicks();
        private long unknownPositionVolume = Configuration.unknownPositionVolume();
        private int unknownPositionSymbol = Configuration.unknownPositionSymbol();
        private boolean tls = Configuration.tls();
        private Path tlsTrustFile = Configuration.tlsTrustFile();
        private String tlsTrustPassword = Configuration.tlsTrustPassword();
        private SSLContext sslContext;
        private Consumer<String> log;
        private ErrorHandler errorHandler;
        private AtomicCounter errorCounter;
        private boolean ownsErrorCounter;
        private DropPlan dropPlan = DropPlan.NONE;
        private long slowStartMs = Configuration.slowStartMs();
        private long[] reinitialiseAfterTicks = new long[0];
        private DropPlan reinitialisePlan = DropPlan.NONE;
        private LateDeals lateDeals = LateDeals.NONE;
        private long lateDealDelayMs = Configuration.lateDealDelayMs();

        /**
         * Checks the settings and fills defaults, once: a second call throws. Counts the ticks when random drop
         * points must be drawn.
         *
         * @throws IllegalStateException naming the setting (and its property, if it has one) that is wrong
         */
        public Context conclude()
        {
            if (concluded)
            {
                throw new IllegalStateException(
                    "TerminalSimulator.Context is already concluded: a context serves one simulator");
            }
            require(null != host && !host.isBlank(), "host (" + HOST_PROP_NAME + ") is required");
            require(port > 0 && port <= MAX_PORT, "port (" + PORT_PROP_NAME + ") must be 1.." + MAX_PORT + ": " + port);
            require(tenantId > 0, "tenantId must be set (positive)");
            require(accountId > 0, "accountId must be set (positive): the MT5 login");
            if (terminalId == null)
            {
                terminalId = accountId + "@simulator";
            }
            require(!terminalId.isEmpty() && terminalId.length() <= Frame.MAX_STRING,
                "terminalId must be 1..255 chars");
            require(token.length() <= Frame.MAX_STRING, "token must be at most 255 chars");
            require(!symbols.isEmpty(), "at least one symbol with a tick file is needed");
            require(symbols.size() <= 0xFFFF, "at most 65535 symbols");
            require(Math.abs(serverTimeOffsetSeconds) <= MAX_OFFSET_SECONDS, "serverTimeOffsetSeconds (" +
                SERVER_TIME_OFFSET_SECONDS_PROP_NAME + ") beyond +-18 h: " + serverTimeOffsetSeconds);
            require(maxFrameBytes >= 1024, "maxFrameBytes (" + MAX_FRAME_BYTES_PROP_NAME + ") must be at least " +
                "1024: " + maxFrameBytes);
            final int maxBatch = (maxFrameBytes - Frame.TICKS_FIRST_OFFSET) / Frame.TICK_LENGTH;
            require(batchSize >= 1 && batchSize <= maxBatch, "batchSize (" + BATCH_SIZE_PROP_NAME + ") must be 1.." +
                maxBatch + ": " + batchSize);
            require(resendWindowFrames >= 1, "resendWindowFrames (" + RESEND_WINDOW_FRAMES_PROP_NAME +
                ") must be positive: " + resendWindowFrames);
            require(reconnectBackoffMinMs >= 0 && reconnectBackoffMaxMs >= reconnectBackoffMinMs,
                "reconnect backoff (" + RECONNECT_BACKOFF_MIN_MS_PROP_NAME + ", " + RECONNECT_BACKOFF_MAX_MS_PROP_NAME +
                ") must be 0 <= min <= max: " + reconnectBackoffMinMs + ", " + reconnectBackoffMaxMs);
            require(heartbeatIntervalMs > 0, "heartbeatIntervalMs (" + HEARTBEAT_INTERVAL_MS_PROP_NAME +
                ") must be positive: " + heartbeatIntervalMs);
            require(handshakeTimeoutMs > 0, "handshakeTimeoutMs (" + HANDSHAKE_TIMEOUT_MS_PROP_NAME +
                ") must be positive: " + handshakeTimeoutMs);
            require(connectTimeoutMs > 0, "connectTimeoutMs (" + CONNECT_TIMEOUT_MS_PROP_NAME +
                ") must be positive: " + connectTimeoutMs);
            require(accountSnapshotIntervalMs >= 0, "accountSnapshotIntervalMs (" +
                ACCOUNT_SNAPSHOT_INTERVAL_MS_PROP_NAME + ") must not be negative (0 = off): " +
                accountSnapshotIntervalMs);
            require(tickLimit >= 0, "tickLimit (" + TICK_LIMIT_PROP_NAME + ") must not be negative: " + tickLimit);
            require(latencyTickCapacity >= 1, "latencyTickCapacity (" + LATENCY_TICK_CAPACITY_PROP_NAME +
                ") must be positive: " + latencyTickCapacity);
            require(leverage > 0, "leverage (" + LEVERAGE_PROP_NAME + ") must be positive: " + leverage);
            require(randomDrops >= 0, "randomDrops must not be negative");
            require(firstTicket >= 1, "firstTicket must be positive: " + firstTicket);
            require(slowStartMs >= 0, "slowStartMs (" + SLOW_START_MS_PROP_NAME + ") must not be negative (0 = off): " +
                slowStartMs);
            require(lateDealDelayMs >= 0, "lateDealDelayMs (" + LATE_DEAL_DELAY_MS_PROP_NAME +
                ") must not be negative: " + lateDealDelayMs);
            require(lateFillEvery >= 0, "lateFillEvery (" + LATE_FILL_EVERY_PROP_NAME + ") must not be negative (0 = " +
                "none): " + lateFillEvery);
            require(lateFillDelayTicks >= 0, "lateFillDelayTicks (" + LATE_FILL_DELAY_TICKS_PROP_NAME +
                ") must not be negative: " + lateFillDelayTicks);
            require(unknownPositionVolume == 0 || unknownPositionSymbol >= 0 && unknownPositionSymbol < symbols.size(),
                "unknownPositionSymbol (" + UNKNOWN_POSITION_SYMBOL_PROP_NAME + ") must be a symbol index, 0.." +
                (symbols.size() - 1) + ": " + unknownPositionSymbol);
            require(tls || null == tlsTrustFile, "tlsTrustFile (" + TLS_TRUST_FILE_PROP_NAME + ") is given but tls (" +
                TLS_PROP_NAME + ") is off");
            if (tls)
            {
                sslContext = TlsLink.clientContext(tlsTrustFile, tlsTrustPassword);
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
            if (null == errorHandler)
            {
                errorHandler = ComponentErrors.printing("terminal simulator " + terminalId);
            }
            if (null == errorCounter)
            {
                errorCounter = ComponentErrors.newErrorCounter("terminal simulator " + terminalId);
                ownsErrorCounter = true;
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

        public boolean isConcluded()
        {
            return concluded;
        }

        private void checkNotConcluded()
        {
            if (concluded)
            {
                throw new IllegalStateException(
                    "TerminalSimulator.Context is concluded: its settings can no longer change");
            }
        }

        /** A context serves one simulator: the second launch with it is refused. */
        void claim()
        {
            if (claimed)
            {
                throw new IllegalStateException("this TerminalSimulator.Context already serves a simulator");
            }
            claimed = true;
        }

        /** Closes what {@link #conclude()} made, the error counter when none was given; the simulator calls it. */
        public void close()
        {
            if (ownsErrorCounter)
            {
                CloseHelper.close(errorCounter);
            }
        }

        public Context host(final String host)
        {
            checkNotConcluded();
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public String host()
        {
            return host;
        }

        public Context port(final int port)
        {
            checkNotConcluded();
            this.port = port;
            return this;
        }

        public int port()
        {
            return port;
        }

        public Context tenantId(final int tenantId)
        {
            checkNotConcluded();
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
            checkNotConcluded();
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
            checkNotConcluded();
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
            checkNotConcluded();
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        public String token()
        {
            return token;
        }

        /**
         * Broker server time minus UTC; the tick exports are in server time
         * ({@value #SERVER_TIME_OFFSET_SECONDS_PROP_NAME}).
         */
        public Context serverTimeOffsetSeconds(final int seconds)
        {
            checkNotConcluded();
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
            checkNotConcluded();
            symbols.add(Objects.requireNonNull(symbol, "symbol"));
            return this;
        }

        /** Replaces the symbols. */
        public Context symbols(final List<ReplayedSymbol> symbols)
        {
            checkNotConcluded();
            this.symbols.clear();
            symbols.forEach(this::symbol);
            return this;
        }

        public List<ReplayedSymbol> symbols()
        {
            return List.copyOf(symbols);
        }

        /** Realtime, max or a factor ({@value #SPEED_PROP_NAME}). */
        public Context speed(final ReplaySpeed speed)
        {
            checkNotConcluded();
            this.speed = Objects.requireNonNull(speed, "speed");
            return this;
        }

        public ReplaySpeed speed()
        {
            return speed;
        }

        /**
         * The most ticks in one TICKS frame; paced speeds batch only ticks already due
         * ({@value #BATCH_SIZE_PROP_NAME}).
         */
        public Context batchSize(final int batchSize)
        {
            checkNotConcluded();
            this.batchSize = batchSize;
            return this;
        }

        public int batchSize()
        {
            return batchSize;
        }

        /**
         * Unacknowledged sequenced frames held before new ticks wait for acknowledgements; nothing is dropped.
         * ({@value #RESEND_WINDOW_FRAMES_PROP_NAME}).
         */
        public Context resendWindowFrames(final int frames)
        {
            checkNotConcluded();
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
            checkNotConcluded();
            this.venueSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public VenueSettings venueSettings()
        {
            return venueSettings;
        }

        /**
         * The first order and deal ticket the simulated trade server issues (default 1). A terminal started again
         * against a bridge that lives on must not repeat the tickets of its earlier life, as an MT5 server never
         * does: the bridge drops a deal ticket it was told of before.
         */
        public Context firstTicket(final long ticket)
        {
            checkNotConcluded();
            this.firstTicket = ticket;
            return this;
        }

        public long firstTicket()
        {
            return firstTicket;
        }

        /**
         * Wait before reconnecting, doubling after each failed attempt up to the max
         * ({@value #RECONNECT_BACKOFF_MIN_MS_PROP_NAME}, {@value #RECONNECT_BACKOFF_MAX_MS_PROP_NAME}).
         */
        public Context reconnectBackoffMs(final long minMs, final long maxMs)
        {
            checkNotConcluded();
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

        /**
         * Idle time before a HEARTBEAT; a shorter interval in WELCOME wins ({@value #HEARTBEAT_INTERVAL_MS_PROP_NAME}).
         */
        public Context heartbeatIntervalMs(final long intervalMs)
        {
            checkNotConcluded();
            this.heartbeatIntervalMs = intervalMs;
            return this;
        }

        public long heartbeatIntervalMs()
        {
            return heartbeatIntervalMs;
        }

        /** How long to wait for WELCOME after HELLO before reconnecting ({@value #HANDSHAKE_TIMEOUT_MS_PROP_NAME}). */
        public Context handshakeTimeoutMs(final long timeoutMs)
        {
            checkNotConcluded();
            this.handshakeTimeoutMs = timeoutMs;
            return this;
        }

        public long handshakeTimeoutMs()
        {
            return handshakeTimeoutMs;
        }

        /** How long a connection attempt may take ({@value #CONNECT_TIMEOUT_MS_PROP_NAME}). */
        public Context connectTimeoutMs(final long timeoutMs)
        {
            checkNotConcluded();
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
            checkNotConcluded();
            this.dropAfterTicks = tickIndices.clone();
            return this;
        }

        /** Adds {@code count} distinct drop points drawn from the tick range with this seed. */
        public Context randomDrops(final int count, final long seed)
        {
            checkNotConcluded();
            this.randomDrops = count;
            this.randomDropSeed = seed;
            return this;
        }

        /** The drop points, after {@link #conclude()}. */
        public long[] dropPoints()
        {
            return dropPlan.tickIndices();
        }

        /** Sends an ACCOUNT snapshot this often, 0 none ({@value #ACCOUNT_SNAPSHOT_INTERVAL_MS_PROP_NAME}). */
        public Context accountSnapshotIntervalMs(final long intervalMs)
        {
            checkNotConcluded();
            this.accountSnapshotIntervalMs = intervalMs;
            return this;
        }

        public long accountSnapshotIntervalMs()
        {
            return accountSnapshotIntervalMs;
        }

        /** Money x 10^6 for ACCOUNT snapshots ({@value #STARTING_BALANCE_PROP_NAME}). */
        public Context startingBalance(final long balance)
        {
            checkNotConcluded();
            this.startingBalance = balance;
            return this;
        }

        public long startingBalance()
        {
            return startingBalance;
        }

        /** The account's leverage ({@value #LEVERAGE_PROP_NAME}). */
        public Context leverage(final int leverage)
        {
            checkNotConcluded();
            this.leverage = leverage;
            return this;
        }

        public int leverage()
        {
            return leverage;
        }

        /** Replays at most this many ticks, a prefix of the merged files ({@value #TICK_LIMIT_PROP_NAME}). */
        public Context tickLimit(final long tickLimit)
        {
            checkNotConcluded();
            this.tickLimit = tickLimit;
            return this;
        }

        public long tickLimit()
        {
            return tickLimit;
        }

        /** How many recent ticks keep their send time for latency ({@value #LATENCY_TICK_CAPACITY_PROP_NAME}). */
        public Context latencyTickCapacity(final int capacity)
        {
            checkNotConcluded();
            this.latencyTickCapacity = capacity;
            return this;
        }

        public int latencyTickCapacity()
        {
            return latencyTickCapacity;
        }

        /** The largest frame sent or accepted; WELCOME may lower it ({@value #MAX_FRAME_BYTES_PROP_NAME}). */
        public Context maxFrameBytes(final int maxFrameBytes)
        {
            checkNotConcluded();
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        public int maxFrameBytes()
        {
            return maxFrameBytes;
        }

        /**
         * Every this many NEW orders one is reported EXPIRED, then filled at market {@link #lateFillDelayTicks(int)}
         * ticks later (or when the replay ends): the core books the fill of an order it saw end. 0 for none
         * ({@value #LATE_FILL_EVERY_PROP_NAME}).
         */
        public Context lateFillEvery(final int everyNthOrder)
        {
            checkNotConcluded();
            this.lateFillEvery = everyNthOrder;
            return this;
        }

        public int lateFillEvery()
        {
            return lateFillEvery;
        }

        /**
         * Ticks sent between a late-filled order's EXPIRED and its fill ({@value #LATE_FILL_DELAY_TICKS_PROP_NAME}).
         */
        public Context lateFillDelayTicks(final int ticks)
        {
            checkNotConcluded();
            this.lateFillDelayTicks = ticks;
            return this;
        }

        public int lateFillDelayTicks()
        {
            return lateFillDelayTicks;
        }

        /**
         * A position the core does not know: every ACCOUNT snapshot shows {@code volume} (signed lots x 10^4) more in
         * symbol {@code symbolIndex} than the terminal's fills made; volume 0 for none
         * ({@value #UNKNOWN_POSITION_VOLUME_PROP_NAME}, {@value #UNKNOWN_POSITION_SYMBOL_PROP_NAME}).
         */
        public Context unknownPosition(final int symbolIndex, final long volume)
        {
            checkNotConcluded();
            this.unknownPositionSymbol = symbolIndex;
            this.unknownPositionVolume = volume;
            return this;
        }

        public int unknownPositionSymbol()
        {
            return unknownPositionSymbol;
        }

        public long unknownPositionVolume()
        {
            return unknownPositionVolume;
        }

        /** TLS to the bridge ({@value #TLS_PROP_NAME}). */
        public Context tls(final boolean tls)
        {
            checkNotConcluded();
            this.tls = tls;
            return this;
        }

        public boolean tls()
        {
            return tls;
        }

        /**
         * The certificates trusted with TLS, and the password of a PKCS#12 file, null if none
         * ({@value #TLS_TRUST_FILE_PROP_NAME}, {@value #TLS_TRUST_PASSWORD_PROP_NAME}).
         */
        public Context tlsTrust(final Path trustFile, final String password)
        {
            checkNotConcluded();
            this.tlsTrustFile = trustFile;
            this.tlsTrustPassword = password;
            return this;
        }

        public Path tlsTrustFile()
        {
            return tlsTrustFile;
        }

        /** Made by {@link #conclude()} with TLS on; null without. */
        SSLContext sslContext()
        {
            return sslContext;
        }

        /** Where connection events go (connects, drops, refused symbols, errors); default System.Logger INFO. */
        public Context log(final Consumer<String> log)
        {
            checkNotConcluded();
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        public Consumer<String> log()
        {
            return log;
        }

        /**
         * Told of the error that stops the terminal's I/O thread (it also ends
         * {@link TerminalSimulator#awaitFinished}). Default:
         * printed with the terminal's name to standard error.
         */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            checkNotConcluded();
            this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
            return this;
        }

        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        /**
         * Counts the errors the {@link #errorHandler(ErrorHandler)} is told of. Default: a counter in a small counters
         * manager of the context's own, closed with the simulator; one given here is the caller's to close.
         */
        public Context errorCounter(final AtomicCounter errorCounter)
        {
            checkNotConcluded();
            this.errorCounter = Objects.requireNonNull(errorCounter, "errorCounter");
            return this;
        }

        public AtomicCounter errorCounter()
        {
            return errorCounter;
        }

        /**
         * After each connect, reads find nothing for this long, as the EA's do while WELCOME is on its way
         * (SocketIsReadable's dummy 1, then SocketRead's -1 on its timeout): the terminal polls every 20 ms and
         * keeps waiting, up to the handshake timeout. Default 0 (off).
         */
        public Context slowStartMs(final long slowStartMs)
        {
            checkNotConcluded();
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
            checkNotConcluded();
            this.reinitialiseAfterTicks = tickIndices.clone();
            return this;
        }

        /** When deals are reported; default {@link LateDeals#NONE}. */
        public Context lateDeals(final LateDeals lateDeals)
        {
            checkNotConcluded();
            this.lateDeals = Objects.requireNonNull(lateDeals, "lateDeals");
            return this;
        }

        public LateDeals lateDeals()
        {
            return lateDeals;
        }

        /** How long a late deal's transaction takes to reach the EA; default {@value #LATE_DEAL_DELAY_MS_DEFAULT}. */
        public Context lateDealDelayMs(final long delayMs)
        {
            checkNotConcluded();
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

    /**
     * The settings' values from the system properties, a static getter each, as Aeron's {@code Configuration} has:
     * the property the {@link Context}'s {@code *_PROP_NAME} constant names, or its {@code *_DEFAULT}. A malformed
     * value is refused, naming the property.
     */
    public static final class Configuration
    {
        private Configuration()
        {
        }

        public static String host()
        {
            return SystemProperties.stringValue(Context.HOST_PROP_NAME, Context.HOST_DEFAULT);
        }

        public static int port()
        {
            return SystemProperties.intValue(Context.PORT_PROP_NAME, Context.PORT_DEFAULT);
        }

        public static ReplaySpeed speed()
        {
            final String speed = SystemProperties.stringValue(Context.SPEED_PROP_NAME, Context.SPEED_DEFAULT);
            try
            {
                return ReplaySpeed.parse(speed);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("-D" + Context.SPEED_PROP_NAME + "=" + speed + ": " +
                    ex.getMessage(), ex);
            }
        }

        public static int batchSize()
        {
            return SystemProperties.intValue(Context.BATCH_SIZE_PROP_NAME, Context.BATCH_SIZE_DEFAULT);
        }

        public static int resendWindowFrames()
        {
            return SystemProperties.intValue(
                Context.RESEND_WINDOW_FRAMES_PROP_NAME, Context.RESEND_WINDOW_FRAMES_DEFAULT);
        }

        public static int serverTimeOffsetSeconds()
        {
            return SystemProperties.intValue(
                Context.SERVER_TIME_OFFSET_SECONDS_PROP_NAME, Context.SERVER_TIME_OFFSET_SECONDS_DEFAULT);
        }

        public static long reconnectBackoffMinMs()
        {
            return SystemProperties.longValue(
                Context.RECONNECT_BACKOFF_MIN_MS_PROP_NAME, Context.RECONNECT_BACKOFF_MIN_MS_DEFAULT);
        }

        public static long reconnectBackoffMaxMs()
        {
            return SystemProperties.longValue(
                Context.RECONNECT_BACKOFF_MAX_MS_PROP_NAME, Context.RECONNECT_BACKOFF_MAX_MS_DEFAULT);
        }

        public static long heartbeatIntervalMs()
        {
            return SystemProperties.longValue(
                Context.HEARTBEAT_INTERVAL_MS_PROP_NAME, Context.HEARTBEAT_INTERVAL_MS_DEFAULT);
        }

        public static long handshakeTimeoutMs()
        {
            return SystemProperties.longValue(
                Context.HANDSHAKE_TIMEOUT_MS_PROP_NAME, Context.HANDSHAKE_TIMEOUT_MS_DEFAULT);
        }

        public static long connectTimeoutMs()
        {
            return SystemProperties.longValue(Context.CONNECT_TIMEOUT_MS_PROP_NAME, Context.CONNECT_TIMEOUT_MS_DEFAULT);
        }

        public static long slowStartMs()
        {
            return SystemProperties.longValue(Context.SLOW_START_MS_PROP_NAME, Context.SLOW_START_MS_DEFAULT);
        }

        public static long lateDealDelayMs()
        {
            return SystemProperties.longValue(Context.LATE_DEAL_DELAY_MS_PROP_NAME, Context.LATE_DEAL_DELAY_MS_DEFAULT);
        }

        public static long accountSnapshotIntervalMs()
        {
            return SystemProperties.longValue(
                Context.ACCOUNT_SNAPSHOT_INTERVAL_MS_PROP_NAME, Context.ACCOUNT_SNAPSHOT_INTERVAL_MS_DEFAULT);
        }

        public static long startingBalance()
        {
            return SystemProperties.longValue(Context.STARTING_BALANCE_PROP_NAME, Context.STARTING_BALANCE_DEFAULT);
        }

        public static int leverage()
        {
            return SystemProperties.intValue(Context.LEVERAGE_PROP_NAME, Context.LEVERAGE_DEFAULT);
        }

        public static long tickLimit()
        {
            return SystemProperties.longValue(Context.TICK_LIMIT_PROP_NAME, Context.TICK_LIMIT_DEFAULT);
        }

        public static int latencyTickCapacity()
        {
            return SystemProperties.intValue(
                Context.LATENCY_TICK_CAPACITY_PROP_NAME, Context.LATENCY_TICK_CAPACITY_DEFAULT);
        }

        public static int maxFrameBytes()
        {
            return SystemProperties.sizeValue(Context.MAX_FRAME_BYTES_PROP_NAME, Context.MAX_FRAME_BYTES_DEFAULT);
        }

        public static int lateFillEvery()
        {
            return SystemProperties.intValue(Context.LATE_FILL_EVERY_PROP_NAME, Context.LATE_FILL_EVERY_DEFAULT);
        }

        public static int lateFillDelayTicks()
        {
            return SystemProperties.intValue(
                Context.LATE_FILL_DELAY_TICKS_PROP_NAME, Context.LATE_FILL_DELAY_TICKS_DEFAULT);
        }

        public static long unknownPositionVolume()
        {
            return SystemProperties.longValue(
                Context.UNKNOWN_POSITION_VOLUME_PROP_NAME, Context.UNKNOWN_POSITION_VOLUME_DEFAULT);
        }

        public static int unknownPositionSymbol()
        {
            return SystemProperties.intValue(
                Context.UNKNOWN_POSITION_SYMBOL_PROP_NAME, Context.UNKNOWN_POSITION_SYMBOL_DEFAULT);
        }

        public static boolean tls()
        {
            return SystemProperties.booleanValue(Context.TLS_PROP_NAME, Context.TLS_DEFAULT);
        }

        public static Path tlsTrustFile()
        {
            final String file = SystemProperties.stringValue(Context.TLS_TRUST_FILE_PROP_NAME, null);
            return null == file || file.isBlank() ? null : Path.of(file.trim());
        }

        public static String tlsTrustPassword()
        {
            return SystemProperties.stringValue(Context.TLS_TRUST_PASSWORD_PROP_NAME, null);
        }
    }
}
