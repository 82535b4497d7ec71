package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.pipeline.ComponentErrors;
import io.tradingcore.pipeline.SystemProperties;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Settings of the bridge, in the style of Aeron's contexts: each setting has a {@code *_PROP_NAME} system property
 * and a {@code *_DEFAULT}, read when the context is created ({@link Configuration}); a fluent setter overrides it.
 * {@link #conclude()}, called by the {@link BridgeServer}, checks the settings, fills in the rest and may run only
 * once: a context serves one bridge, which closes what the context made for it.
 */
public final class BridgeContext
{
    /**
     * The address listened on; default {@value #HOST_DEFAULT}, loopback: a terminal on another machine needs
     * {@code 0.0.0.0} and a real token.
     */
    public static final String HOST_PROP_NAME = "tradingcore.bridge.host";
    public static final String HOST_DEFAULT = "127.0.0.1";

    /** The TCP port listened on, 0 for a free one; default {@value #PORT_DEFAULT}. */
    public static final String PORT_PROP_NAME = "tradingcore.bridge.port";
    public static final int PORT_DEFAULT = 8001;

    /** The largest frame a terminal may send, 1 KiB to 16 MiB; default {@value #MAX_FRAME_BYTES_DEFAULT}. */
    public static final String MAX_FRAME_BYTES_PROP_NAME = "tradingcore.bridge.maxFrameBytes";
    public static final int MAX_FRAME_BYTES_DEFAULT = Frame.DEFAULT_MAX_FRAME_BYTES;

    /** Frames a second one connection may send; default {@value #MAX_FRAMES_PER_SECOND_DEFAULT}. */
    public static final String MAX_FRAMES_PER_SECOND_PROP_NAME = "tradingcore.bridge.maxFramesPerSecond";
    public static final int MAX_FRAMES_PER_SECOND_DEFAULT = 20_000;

    /** Idle time before the bridge sends a HEARTBEAT; default {@value #HEARTBEAT_INTERVAL_MS_DEFAULT} ms. */
    public static final String HEARTBEAT_INTERVAL_MS_PROP_NAME = "tradingcore.bridge.heartbeatIntervalMs";
    public static final int HEARTBEAT_INTERVAL_MS_DEFAULT = 1_000;

    /** Silence after which a terminal is cut off; default {@value #HEARTBEAT_TIMEOUT_MS_DEFAULT} ms. */
    public static final String HEARTBEAT_TIMEOUT_MS_PROP_NAME = "tradingcore.bridge.heartbeatTimeoutMs";
    public static final int HEARTBEAT_TIMEOUT_MS_DEFAULT = 5_000;

    /** How long a connection may take to say HELLO; default {@value #HANDSHAKE_TIMEOUT_MS_DEFAULT} ms. */
    public static final String HANDSHAKE_TIMEOUT_MS_PROP_NAME = "tradingcore.bridge.handshakeTimeoutMs";
    public static final int HANDSHAKE_TIMEOUT_MS_DEFAULT = 5_000;

    /** How long an order waits for its absent terminal; default {@value #ORDER_TIMEOUT_MS_DEFAULT} ms. */
    public static final String ORDER_TIMEOUT_MS_PROP_NAME = "tradingcore.bridge.orderTimeoutMs";
    public static final int ORDER_TIMEOUT_MS_DEFAULT = 10_000;

    /** Orders that may wait for one absent terminal; default {@value #ORDER_QUEUE_LIMIT_DEFAULT}. */
    public static final String ORDER_QUEUE_LIMIT_PROP_NAME = "tradingcore.bridge.orderQueueLimit";
    public static final int ORDER_QUEUE_LIMIT_DEFAULT = 1_024;

    /**
     * Bytes waiting to be written to a terminal past which it is cut off (it stopped reading); default
     * {@value #OUTBOUND_LIMIT_BYTES_DEFAULT} (4 MiB).
     */
    public static final String OUTBOUND_LIMIT_BYTES_PROP_NAME = "tradingcore.bridge.outboundLimitBytes";
    public static final int OUTBOUND_LIMIT_BYTES_DEFAULT = 4 << 20;

    /**
     * Bytes of the queue in which the core's publisher thread hands routed orders and positions to the bridge's
     * thread, a power of two of at least 4 KiB; default {@value #HAND_OFF_QUEUE_BYTES_DEFAULT} (1 MiB, some 8,000
     * routed orders). When it is full the publisher waits for the bridge ({@link BridgeServer}).
     */
    public static final String HAND_OFF_QUEUE_BYTES_PROP_NAME = "tradingcore.bridge.handOffQueueBytes";
    public static final int HAND_OFF_QUEUE_BYTES_DEFAULT = 1 << 20;

    /**
     * What a terminal's positions that differ from the core's set off: {@code alert} (the default) a POSITION_MISMATCH
     * risk alert, {@code halt} the alert and a halt of the account. How the bridge tells a real difference from
     * orders and fills in flight: mt5-bridge/README.md, "When the terminal and the core disagree".
     */
    public static final String POSITION_MISMATCH_PROP_NAME = "tradingcore.bridge.positionMismatch";
    public static final PositionMismatchAction POSITION_MISMATCH_DEFAULT = PositionMismatchAction.ALERT;

    private static final int MIN_FRAME_BYTES = 1024;
    private static final int MAX_FRAME_BYTES = 16 << 20;
    private static final int MIN_HAND_OFF_QUEUE_BYTES = 4096;
    private static final int MAX_PORT = 65_535;

    private String host = Configuration.host();
    private int port = Configuration.port();
    private int maxFrameBytes = Configuration.maxFrameBytes();
    private int maxFramesPerSecond = Configuration.maxFramesPerSecond();
    private int heartbeatIntervalMs = Configuration.heartbeatIntervalMs();
    private int heartbeatTimeoutMs = Configuration.heartbeatTimeoutMs();
    private int handshakeTimeoutMs = Configuration.handshakeTimeoutMs();
    private int orderTimeoutMs = Configuration.orderTimeoutMs();
    private int orderQueueLimit = Configuration.orderQueueLimit();
    private int outboundLimitBytes = Configuration.outboundLimitBytes();
    private int handOffQueueBytes = Configuration.handOffQueueBytes();
    private PositionMismatchAction positionMismatch = Configuration.positionMismatch();
    private TerminalCredentials credentials;
    private final List<CoreInstrument> instruments = new ArrayList<>();
    private Consumer<String> log = line -> System.err.println("bridge: " + line);
    private ErrorHandler errorHandler;
    private AtomicCounter errorCounter;
    private boolean ownsErrorCounter;
    private boolean concluded;

    /**
     * Check the settings and fill in defaults, once: a second call throws, as a context serves one bridge.
     *
     * @return this for a fluent API.
     * @throws IllegalStateException naming the setting and its property when a value is wrong.
     */
    public BridgeContext conclude()
    {
        if (concluded)
        {
            throw new IllegalStateException(
                "BridgeContext is already concluded: a context serves one bridge, give each its own");
        }
        require(null != host && !host.isBlank(), "host", HOST_PROP_NAME, "is required");
        require(port >= 0 && port <= MAX_PORT, "port", PORT_PROP_NAME, "must be 0.." + MAX_PORT + ": " + port);
        require(maxFrameBytes >= MIN_FRAME_BYTES && maxFrameBytes <= MAX_FRAME_BYTES, "maxFrameBytes",
            MAX_FRAME_BYTES_PROP_NAME, "must be 1 KiB..16 MiB: " + maxFrameBytes);
        require(maxFramesPerSecond > 0, "maxFramesPerSecond", MAX_FRAMES_PER_SECOND_PROP_NAME,
            "must be positive: " + maxFramesPerSecond);
        require(heartbeatIntervalMs > 0, "heartbeatIntervalMs", HEARTBEAT_INTERVAL_MS_PROP_NAME,
            "must be positive: " + heartbeatIntervalMs);
        require(heartbeatTimeoutMs > heartbeatIntervalMs, "heartbeatTimeoutMs", HEARTBEAT_TIMEOUT_MS_PROP_NAME,
            "must exceed heartbeatIntervalMs (" + heartbeatIntervalMs + "): " + heartbeatTimeoutMs);
        require(handshakeTimeoutMs > 0, "handshakeTimeoutMs", HANDSHAKE_TIMEOUT_MS_PROP_NAME,
            "must be positive: " + handshakeTimeoutMs);
        require(orderTimeoutMs > 0, "orderTimeoutMs", ORDER_TIMEOUT_MS_PROP_NAME,
            "must be positive: " + orderTimeoutMs);
        require(orderQueueLimit > 0, "orderQueueLimit", ORDER_QUEUE_LIMIT_PROP_NAME,
            "must be positive: " + orderQueueLimit);
        require(outboundLimitBytes > 0, "outboundLimitBytes", OUTBOUND_LIMIT_BYTES_PROP_NAME,
            "must be positive: " + outboundLimitBytes);
        require(handOffQueueBytes >= MIN_HAND_OFF_QUEUE_BYTES && Integer.bitCount(handOffQueueBytes) == 1,
            "handOffQueueBytes", HAND_OFF_QUEUE_BYTES_PROP_NAME,
            "must be a power of two of at least " + MIN_HAND_OFF_QUEUE_BYTES + ": " + handOffQueueBytes);
        require(null != positionMismatch, "positionMismatch", POSITION_MISMATCH_PROP_NAME,
            "is required: alert or halt");
        if (null == log)
        {
            throw new IllegalStateException("log is required");
        }
        if (null == credentials)
        {
            credentials = TerminalCredentials.defaults();
        }
        if (null == errorHandler)
        {
            errorHandler = ComponentErrors.printing("mt5 bridge");
        }
        if (null == errorCounter)
        {
            errorCounter = ComponentErrors.newErrorCounter("mt5 bridge");
            ownsErrorCounter = true;
        }
        concluded = true;
        return this;
    }

    private static void require(
        final boolean condition, final String setting, final String property, final String problem)
    {
        if (!condition)
        {
            throw new IllegalStateException(setting + " (" + property + ") " + problem);
        }
    }

    private void checkNotConcluded()
    {
        if (concluded)
        {
            throw new IllegalStateException("BridgeContext is concluded: its settings can no longer change");
        }
    }

    /**
     * Closes what {@link #conclude()} made for the bridge, the error counter when none was given; the bridge calls it
     * when it closes.
     */
    public void close()
    {
        if (ownsErrorCounter)
        {
            CloseHelper.close(errorCounter);
        }
    }

    /** The address listened on ({@value #HOST_PROP_NAME}). */
    public BridgeContext host(final String host)
    {
        checkNotConcluded();
        this.host = host;
        return this;
    }

    public String host()
    {
        return host;
    }

    /** 0 picks a free port (tests); {@link BridgeServer#port()} tells which ({@value #PORT_PROP_NAME}). */
    public BridgeContext port(final int port)
    {
        checkNotConcluded();
        this.port = port;
        return this;
    }

    public int port()
    {
        return port;
    }

    /** The largest frame a terminal may send ({@value #MAX_FRAME_BYTES_PROP_NAME}). */
    public BridgeContext maxFrameBytes(final int maxFrameBytes)
    {
        checkNotConcluded();
        this.maxFrameBytes = maxFrameBytes;
        return this;
    }

    public int maxFrameBytes()
    {
        return maxFrameBytes;
    }

    /** Per connection ({@value #MAX_FRAMES_PER_SECOND_PROP_NAME}). */
    public BridgeContext maxFramesPerSecond(final int maxFramesPerSecond)
    {
        checkNotConcluded();
        this.maxFramesPerSecond = maxFramesPerSecond;
        return this;
    }

    public int maxFramesPerSecond()
    {
        return maxFramesPerSecond;
    }

    /** Idle time before a HEARTBEAT ({@value #HEARTBEAT_INTERVAL_MS_PROP_NAME}). */
    public BridgeContext heartbeatIntervalMs(final int heartbeatIntervalMs)
    {
        checkNotConcluded();
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        return this;
    }

    public int heartbeatIntervalMs()
    {
        return heartbeatIntervalMs;
    }

    /** Silence after which a terminal is cut off ({@value #HEARTBEAT_TIMEOUT_MS_PROP_NAME}). */
    public BridgeContext heartbeatTimeoutMs(final int heartbeatTimeoutMs)
    {
        checkNotConcluded();
        this.heartbeatTimeoutMs = heartbeatTimeoutMs;
        return this;
    }

    public int heartbeatTimeoutMs()
    {
        return heartbeatTimeoutMs;
    }

    /** How long a connection may take to say HELLO ({@value #HANDSHAKE_TIMEOUT_MS_PROP_NAME}). */
    public BridgeContext handshakeTimeoutMs(final int handshakeTimeoutMs)
    {
        checkNotConcluded();
        this.handshakeTimeoutMs = handshakeTimeoutMs;
        return this;
    }

    public int handshakeTimeoutMs()
    {
        return handshakeTimeoutMs;
    }

    /** How long an order waits for its absent terminal ({@value #ORDER_TIMEOUT_MS_PROP_NAME}). */
    public BridgeContext orderTimeoutMs(final int orderTimeoutMs)
    {
        checkNotConcluded();
        this.orderTimeoutMs = orderTimeoutMs;
        return this;
    }

    public int orderTimeoutMs()
    {
        return orderTimeoutMs;
    }

    /** Orders that may wait for one absent terminal ({@value #ORDER_QUEUE_LIMIT_PROP_NAME}). */
    public BridgeContext orderQueueLimit(final int orderQueueLimit)
    {
        checkNotConcluded();
        this.orderQueueLimit = orderQueueLimit;
        return this;
    }

    public int orderQueueLimit()
    {
        return orderQueueLimit;
    }

    /** Unwritten bytes past which a terminal is cut off ({@value #OUTBOUND_LIMIT_BYTES_PROP_NAME}). */
    public BridgeContext outboundLimitBytes(final int outboundLimitBytes)
    {
        checkNotConcluded();
        this.outboundLimitBytes = outboundLimitBytes;
        return this;
    }

    public int outboundLimitBytes()
    {
        return outboundLimitBytes;
    }

    /** The publisher thread's hand-off queue to the bridge's thread ({@value #HAND_OFF_QUEUE_BYTES_PROP_NAME}). */
    public BridgeContext handOffQueueBytes(final int handOffQueueBytes)
    {
        checkNotConcluded();
        this.handOffQueueBytes = handOffQueueBytes;
        return this;
    }

    public int handOffQueueBytes()
    {
        return handOffQueueBytes;
    }

    /** What a terminal's positions that differ from the core's set off ({@value #POSITION_MISMATCH_PROP_NAME}). */
    public BridgeContext positionMismatch(final PositionMismatchAction positionMismatch)
    {
        checkNotConcluded();
        this.positionMismatch = positionMismatch;
        return this;
    }

    public PositionMismatchAction positionMismatch()
    {
        return positionMismatch;
    }

    /** Which token lets a terminal trade which accounts; default the built-in demo token. */
    public BridgeContext credentials(final TerminalCredentials credentials)
    {
        checkNotConcluded();
        this.credentials = credentials;
        return this;
    }

    public TerminalCredentials credentials()
    {
        return credentials;
    }

    /** An instrument of the core terminals may map their symbols to (also learnt from DefineInstrument inputs). */
    public BridgeContext instrument(final CoreInstrument instrument)
    {
        checkNotConcluded();
        instruments.add(instrument);
        return this;
    }

    public List<CoreInstrument> instruments()
    {
        return instruments;
    }

    /** Where connection events and refusals are written (default: standard error). */
    public BridgeContext log(final Consumer<String> log)
    {
        checkNotConcluded();
        this.log = log;
        return this;
    }

    public Consumer<String> log()
    {
        return log;
    }

    /**
     * Told of every error on the bridge's thread: a task or timer that threw, an unexpected failure of a connection,
     * and a routed order or position the core's publisher could not hand over. Default: printed with the name
     * "mt5 bridge" to standard error.
     */
    public BridgeContext errorHandler(final ErrorHandler errorHandler)
    {
        checkNotConcluded();
        this.errorHandler = errorHandler;
        return this;
    }

    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * Counts the errors the {@link #errorHandler(ErrorHandler)} is told of. Default: a counter in a small counters
     * manager of the context's own, closed with the bridge; one given here is the caller's to close.
     */
    public BridgeContext errorCounter(final AtomicCounter errorCounter)
    {
        checkNotConcluded();
        this.errorCounter = errorCounter;
        return this;
    }

    public AtomicCounter errorCounter()
    {
        return errorCounter;
    }

    /**
     * The settings' values from the system properties, a static getter each, as Aeron's {@code Configuration} has:
     * the property the {@code *_PROP_NAME} constant names, or its {@code *_DEFAULT}. A malformed value is refused,
     * naming the property.
     */
    public static final class Configuration
    {
        private Configuration()
        {
        }

        public static String host()
        {
            return SystemProperties.stringValue(HOST_PROP_NAME, HOST_DEFAULT);
        }

        public static int port()
        {
            return SystemProperties.intValue(PORT_PROP_NAME, PORT_DEFAULT);
        }

        public static int maxFrameBytes()
        {
            return SystemProperties.sizeValue(MAX_FRAME_BYTES_PROP_NAME, MAX_FRAME_BYTES_DEFAULT);
        }

        public static int maxFramesPerSecond()
        {
            return SystemProperties.intValue(MAX_FRAMES_PER_SECOND_PROP_NAME, MAX_FRAMES_PER_SECOND_DEFAULT);
        }

        public static int heartbeatIntervalMs()
        {
            return SystemProperties.intValue(HEARTBEAT_INTERVAL_MS_PROP_NAME, HEARTBEAT_INTERVAL_MS_DEFAULT);
        }

        public static int heartbeatTimeoutMs()
        {
            return SystemProperties.intValue(HEARTBEAT_TIMEOUT_MS_PROP_NAME, HEARTBEAT_TIMEOUT_MS_DEFAULT);
        }

        public static int handshakeTimeoutMs()
        {
            return SystemProperties.intValue(HANDSHAKE_TIMEOUT_MS_PROP_NAME, HANDSHAKE_TIMEOUT_MS_DEFAULT);
        }

        public static int orderTimeoutMs()
        {
            return SystemProperties.intValue(ORDER_TIMEOUT_MS_PROP_NAME, ORDER_TIMEOUT_MS_DEFAULT);
        }

        public static int orderQueueLimit()
        {
            return SystemProperties.intValue(ORDER_QUEUE_LIMIT_PROP_NAME, ORDER_QUEUE_LIMIT_DEFAULT);
        }

        public static int outboundLimitBytes()
        {
            return SystemProperties.sizeValue(OUTBOUND_LIMIT_BYTES_PROP_NAME, OUTBOUND_LIMIT_BYTES_DEFAULT);
        }

        public static int handOffQueueBytes()
        {
            return SystemProperties.sizeValue(HAND_OFF_QUEUE_BYTES_PROP_NAME, HAND_OFF_QUEUE_BYTES_DEFAULT);
        }

        /** {@code alert} or {@code halt}, in any case. */
        public static PositionMismatchAction positionMismatch()
        {
            return SystemProperties.enumValue(
                POSITION_MISMATCH_PROP_NAME, PositionMismatchAction.class, POSITION_MISMATCH_DEFAULT);
        }
    }
}
