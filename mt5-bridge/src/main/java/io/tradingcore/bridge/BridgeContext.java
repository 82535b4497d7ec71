package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Settings of the bridge, Aeron-style: fluent setters, each with a system property and a default,
 * checked by {@link #conclude()}.
 */
public final class BridgeContext
{
    public static final String HOST_PROP = "tradingcore.bridge.host";
    public static final String PORT_PROP = "tradingcore.bridge.port";
    public static final String MAX_FRAME_BYTES_PROP = "tradingcore.bridge.maxFrameBytes";
    public static final String MAX_FRAMES_PER_SECOND_PROP = "tradingcore.bridge.maxFramesPerSecond";
    public static final String HEARTBEAT_INTERVAL_PROP = "tradingcore.bridge.heartbeatIntervalMs";
    public static final String HEARTBEAT_TIMEOUT_PROP = "tradingcore.bridge.heartbeatTimeoutMs";
    public static final String HANDSHAKE_TIMEOUT_PROP = "tradingcore.bridge.handshakeTimeoutMs";
    public static final String ORDER_TIMEOUT_PROP = "tradingcore.bridge.orderTimeoutMs";
    public static final String ORDER_QUEUE_LIMIT_PROP = "tradingcore.bridge.orderQueueLimit";
    public static final String OUTBOUND_LIMIT_PROP = "tradingcore.bridge.outboundLimitBytes";

    /** Loopback by default: a terminal on another machine needs {@code --bridge-host 0.0.0.0} and a real token. */
    private String host = System.getProperty(HOST_PROP, "127.0.0.1");
    private int port = Integer.getInteger(PORT_PROP, 8001);
    private int maxFrameBytes = Integer.getInteger(MAX_FRAME_BYTES_PROP, Frame.DEFAULT_MAX_FRAME_BYTES);
    private int maxFramesPerSecond = Integer.getInteger(MAX_FRAMES_PER_SECOND_PROP, 20_000);
    private int heartbeatIntervalMs = Integer.getInteger(HEARTBEAT_INTERVAL_PROP, 1_000);
    private int heartbeatTimeoutMs = Integer.getInteger(HEARTBEAT_TIMEOUT_PROP, 5_000);
    private int handshakeTimeoutMs = Integer.getInteger(HANDSHAKE_TIMEOUT_PROP, 5_000);
    private int orderTimeoutMs = Integer.getInteger(ORDER_TIMEOUT_PROP, 10_000);
    private int orderQueueLimit = Integer.getInteger(ORDER_QUEUE_LIMIT_PROP, 1_024);
    private int outboundLimitBytes = Integer.getInteger(OUTBOUND_LIMIT_PROP, 4 << 20);
    private TerminalCredentials credentials;
    private final List<CoreInstrument> instruments = new ArrayList<>();
    private Consumer<String> log = line -> System.err.println("bridge: " + line);

    public BridgeContext conclude()
    {
        if (port < 0 || port > 65_535)
        {
            throw new IllegalArgumentException("bridge port " + port + " is not a TCP port");
        }
        if (maxFrameBytes < 1024 || maxFrameBytes > 16 << 20)
        {
            throw new IllegalArgumentException("maxFrameBytes " + maxFrameBytes + " is outside 1 KiB..16 MiB");
        }
        if (heartbeatIntervalMs <= 0 || heartbeatTimeoutMs <= heartbeatIntervalMs)
        {
            throw new IllegalArgumentException("heartbeat timeout " + heartbeatTimeoutMs +
                " ms must exceed the interval " + heartbeatIntervalMs + " ms");
        }
        if (maxFramesPerSecond <= 0 || handshakeTimeoutMs <= 0 || orderTimeoutMs <= 0 || orderQueueLimit <= 0 ||
            outboundLimitBytes <= 0)
        {
            throw new IllegalArgumentException("bridge limits must be positive");
        }
        if (credentials == null)
        {
            credentials = TerminalCredentials.defaults();
        }
        return this;
    }

    public BridgeContext host(final String host)
    {
        this.host = host;
        return this;
    }

    public String host()
    {
        return host;
    }

    /** 0 picks a free port (tests); {@link BridgeServer#port()} tells which. */
    public BridgeContext port(final int port)
    {
        this.port = port;
        return this;
    }

    public int port()
    {
        return port;
    }

    public BridgeContext maxFrameBytes(final int maxFrameBytes)
    {
        this.maxFrameBytes = maxFrameBytes;
        return this;
    }

    public int maxFrameBytes()
    {
        return maxFrameBytes;
    }

    public BridgeContext maxFramesPerSecond(final int maxFramesPerSecond)
    {
        this.maxFramesPerSecond = maxFramesPerSecond;
        return this;
    }

    public int maxFramesPerSecond()
    {
        return maxFramesPerSecond;
    }

    public BridgeContext heartbeatIntervalMs(final int heartbeatIntervalMs)
    {
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        return this;
    }

    public int heartbeatIntervalMs()
    {
        return heartbeatIntervalMs;
    }

    public BridgeContext heartbeatTimeoutMs(final int heartbeatTimeoutMs)
    {
        this.heartbeatTimeoutMs = heartbeatTimeoutMs;
        return this;
    }

    public int heartbeatTimeoutMs()
    {
        return heartbeatTimeoutMs;
    }

    public BridgeContext handshakeTimeoutMs(final int handshakeTimeoutMs)
    {
        this.handshakeTimeoutMs = handshakeTimeoutMs;
        return this;
    }

    public int handshakeTimeoutMs()
    {
        return handshakeTimeoutMs;
    }

    public BridgeContext orderTimeoutMs(final int orderTimeoutMs)
    {
        this.orderTimeoutMs = orderTimeoutMs;
        return this;
    }

    public int orderTimeoutMs()
    {
        return orderTimeoutMs;
    }

    public BridgeContext orderQueueLimit(final int orderQueueLimit)
    {
        this.orderQueueLimit = orderQueueLimit;
        return this;
    }

    public int orderQueueLimit()
    {
        return orderQueueLimit;
    }

    public BridgeContext outboundLimitBytes(final int outboundLimitBytes)
    {
        this.outboundLimitBytes = outboundLimitBytes;
        return this;
    }

    public int outboundLimitBytes()
    {
        return outboundLimitBytes;
    }

    public BridgeContext credentials(final TerminalCredentials credentials)
    {
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
        this.log = log;
        return this;
    }

    public Consumer<String> log()
    {
        return log;
    }
}
