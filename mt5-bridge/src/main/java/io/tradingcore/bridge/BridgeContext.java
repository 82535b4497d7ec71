package io.tradingcore.bridge;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.pipeline.ComponentErrors;
import io.tradingcore.pipeline.SystemProperties;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.AtomicCounter;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
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
     * {@code 0.0.0.0}, tokens of its own ({@link #MIN_TOKEN_LENGTH_PROP_NAME}) and TLS ({@link #TLS_PROP_NAME}).
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

    /**
     * The shortest token the bridge accepts when it listens beyond loopback, where the built-in demo token is refused
     * too; default {@value #MIN_TOKEN_LENGTH_DEFAULT} characters (some 140 bits of a random base-64 token).
     */
    public static final String MIN_TOKEN_LENGTH_PROP_NAME = "tradingcore.bridge.minTokenLength";
    public static final int MIN_TOKEN_LENGTH_DEFAULT = 24;

    /**
     * TLS on the bridge's port, {@code true} or {@code false}; when not set, on if a certificate is configured or the
     * host is beyond loopback, where the bridge then refuses to start without a certificate unless
     * {@link #INSECURE_PLAINTEXT_PROP_NAME} is set.
     */
    public static final String TLS_PROP_NAME = "tradingcore.bridge.tls";

    /** The bridge's certificate, then its chain, PEM; with {@link #TLS_PRIVATE_KEY_FILE_PROP_NAME}. */
    public static final String TLS_CERT_CHAIN_FILE_PROP_NAME = "tradingcore.bridge.tlsCertChainFile";

    /** The certificate's private key, unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public static final String TLS_PRIVATE_KEY_FILE_PROP_NAME = "tradingcore.bridge.tlsPrivateKeyFile";

    /** Instead of the PEM files: a PKCS#12 keystore holding the key and its chain. */
    public static final String TLS_KEY_STORE_FILE_PROP_NAME = "tradingcore.bridge.tlsKeyStoreFile";

    /** The PKCS#12 keystore's password, also its key's; default none. */
    public static final String TLS_KEY_STORE_PASSWORD_PROP_NAME = "tradingcore.bridge.tlsKeyStorePassword";

    /**
     * Lets the bridge listen beyond loopback without TLS, tokens and orders in clear: only for a network that is
     * private end to end (a VPN); default {@value #INSECURE_PLAINTEXT_DEFAULT}.
     */
    public static final String INSECURE_PLAINTEXT_PROP_NAME = "tradingcore.bridge.insecurePlaintext";
    public static final boolean INSECURE_PLAINTEXT_DEFAULT = false;

    /**
     * Failed handshakes (a wrong token, a malformed HELLO, no HELLO in time, a failed TLS handshake) one remote
     * address may make within {@link #FAILED_HANDSHAKE_WINDOW_MS_PROP_NAME} before its connections are refused for
     * {@link #FAILED_HANDSHAKE_BLOCK_MS_PROP_NAME}; 0 for no limit; default {@value #MAX_FAILED_HANDSHAKES_DEFAULT}.
     */
    public static final String MAX_FAILED_HANDSHAKES_PROP_NAME = "tradingcore.bridge.maxFailedHandshakes";
    public static final int MAX_FAILED_HANDSHAKES_DEFAULT = 5;

    /** The window failed handshakes are counted in; default {@value #FAILED_HANDSHAKE_WINDOW_MS_DEFAULT} ms. */
    public static final String FAILED_HANDSHAKE_WINDOW_MS_PROP_NAME = "tradingcore.bridge.failedHandshakeWindowMs";
    public static final int FAILED_HANDSHAKE_WINDOW_MS_DEFAULT = 60_000;

    /** How long an address that failed too often is refused; default {@value #FAILED_HANDSHAKE_BLOCK_MS_DEFAULT} ms. */
    public static final String FAILED_HANDSHAKE_BLOCK_MS_PROP_NAME = "tradingcore.bridge.failedHandshakeBlockMs";
    public static final int FAILED_HANDSHAKE_BLOCK_MS_DEFAULT = 60_000;

    /**
     * The terminals file the tokens come from ({@link TerminalCredentials}), re-read when it changes; default none:
     * the built-in file with the demo token.
     */
    public static final String TERMINALS_FILE_PROP_NAME = "tradingcore.bridge.terminalsFile";

    /**
     * How often the terminals file is checked for a change, 0 never; default
     * {@value #TERMINALS_RELOAD_INTERVAL_MS_DEFAULT} ms.
     */
    public static final String TERMINALS_RELOAD_INTERVAL_MS_PROP_NAME = "tradingcore.bridge.terminalsReloadIntervalMs";
    public static final int TERMINALS_RELOAD_INTERVAL_MS_DEFAULT = 1_000;

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
    private int minTokenLength = Configuration.minTokenLength();
    private Boolean tls = Configuration.tls();
    private Path tlsCertChainFile = Configuration.tlsCertChainFile();
    private Path tlsPrivateKeyFile = Configuration.tlsPrivateKeyFile();
    private Path tlsKeyStoreFile = Configuration.tlsKeyStoreFile();
    private String tlsKeyStorePassword = Configuration.tlsKeyStorePassword();
    private boolean insecurePlaintext = Configuration.insecurePlaintext();
    private int maxFailedHandshakes = Configuration.maxFailedHandshakes();
    private int failedHandshakeWindowMs = Configuration.failedHandshakeWindowMs();
    private int failedHandshakeBlockMs = Configuration.failedHandshakeBlockMs();
    private Path terminalsFile = Configuration.terminalsFile();
    private int terminalsReloadIntervalMs = Configuration.terminalsReloadIntervalMs();
    private NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private TerminalCredentials credentials;
    private TerminalsFile watchedTerminals;
    private boolean beyondLoopback;
    private SslContext sslContext;
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
        require(handOffQueueBytes >= MIN_HAND_OFF_QUEUE_BYTES && BitUtil.isPowerOfTwo(handOffQueueBytes),
            "handOffQueueBytes", HAND_OFF_QUEUE_BYTES_PROP_NAME,
            "must be a power of two of at least " + MIN_HAND_OFF_QUEUE_BYTES + ": " + handOffQueueBytes);
        require(null != positionMismatch, "positionMismatch", POSITION_MISMATCH_PROP_NAME,
            "is required: alert or halt");
        require(minTokenLength > 0, "minTokenLength", MIN_TOKEN_LENGTH_PROP_NAME,
            "must be positive: " + minTokenLength);
        require(maxFailedHandshakes >= 0, "maxFailedHandshakes", MAX_FAILED_HANDSHAKES_PROP_NAME,
            "must not be negative (0 = no limit): " + maxFailedHandshakes);
        require(failedHandshakeWindowMs > 0, "failedHandshakeWindowMs", FAILED_HANDSHAKE_WINDOW_MS_PROP_NAME,
            "must be positive: " + failedHandshakeWindowMs);
        require(failedHandshakeBlockMs > 0, "failedHandshakeBlockMs", FAILED_HANDSHAKE_BLOCK_MS_PROP_NAME,
            "must be positive: " + failedHandshakeBlockMs);
        require(terminalsReloadIntervalMs >= 0, "terminalsReloadIntervalMs", TERMINALS_RELOAD_INTERVAL_MS_PROP_NAME,
            "must not be negative (0 = never): " + terminalsReloadIntervalMs);
        if (null == log || null == nanoClock)
        {
            throw new IllegalStateException(null == log ? "log is required" : "nanoClock is required");
        }
        if (null != terminalsFile)
        {
            require(null == credentials, "terminalsFile", TERMINALS_FILE_PROP_NAME,
                "and credentials are both given: give one");
            watchedTerminals = TerminalsFile.open(terminalsFile);
            credentials = watchedTerminals.initial();
        }
        if (null == credentials)
        {
            credentials = TerminalCredentials.defaults();
        }
        beyondLoopback = !isLoopback(host);
        checkTokens(credentials);
        concludeTls();
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

    /**
     * Refuses tokens that are no secret when the network can reach the bridge: the built-in demo token, which the
     * READMEs print, and tokens shorter than {@link #minTokenLength()}. Also run on each reload of the terminals file.
     */
    void checkTokens(final TerminalCredentials candidate)
    {
        if (!beyondLoopback)
        {
            return;
        }
        final String weak = candidate.weakToken(minTokenLength);
        if (null != weak)
        {
            throw new IllegalStateException("refusing to listen on " + host + ", beyond loopback, with " + weak +
                ": anyone who can reach the port could trade those accounts; give each terminal a random token of " +
                "at least " + minTokenLength + " characters in a terminals file (minTokenLength, " +
                MIN_TOKEN_LENGTH_PROP_NAME + ")");
        }
    }

    private void concludeTls()
    {
        final boolean pem = null != tlsCertChainFile || null != tlsPrivateKeyFile;
        final boolean keyStore = null != tlsKeyStoreFile;
        require(!(pem && keyStore), "tlsKeyStoreFile", TLS_KEY_STORE_FILE_PROP_NAME,
            "and tlsCertChainFile/tlsPrivateKeyFile are both given: give the PEM files or the keystore");
        require(!pem || null != tlsCertChainFile, "tlsCertChainFile", TLS_CERT_CHAIN_FILE_PROP_NAME,
            "is required with tlsPrivateKeyFile: the certificate chain of the key");
        require(!pem || null != tlsPrivateKeyFile, "tlsPrivateKeyFile", TLS_PRIVATE_KEY_FILE_PROP_NAME,
            "is required with tlsCertChainFile: the private key of the certificate");
        final boolean certificate = pem || keyStore;
        if (null == tls)
        {
            tls = certificate || (beyondLoopback && !insecurePlaintext);
        }
        if (beyondLoopback && !tls && !insecurePlaintext)
        {
            throw new IllegalStateException("refusing to listen on " + host + ", beyond loopback, without TLS: " +
                "tokens and orders would cross the network in clear; turn tls (" + TLS_PROP_NAME + ") on, or set " +
                "insecurePlaintext (" + INSECURE_PLAINTEXT_PROP_NAME + ") for a network private end to end");
        }
        if (!tls)
        {
            return;
        }
        if (!certificate)
        {
            throw new IllegalStateException("refusing to listen on " + host + (beyondLoopback ? ", beyond loopback," :
                "") + " without a certificate: TLS needs tlsCertChainFile (" + TLS_CERT_CHAIN_FILE_PROP_NAME +
                ") and tlsPrivateKeyFile (" + TLS_PRIVATE_KEY_FILE_PROP_NAME + "), or tlsKeyStoreFile (" +
                TLS_KEY_STORE_FILE_PROP_NAME + ")" + (beyondLoopback ? "; or set insecurePlaintext (" +
                INSECURE_PLAINTEXT_PROP_NAME + ") for a network private end to end" : ""));
        }
        sslContext = keyStore ? keyStoreContext() : pemContext();
    }

    private SslContext pemContext()
    {
        requireReadable(tlsCertChainFile, "tlsCertChainFile", TLS_CERT_CHAIN_FILE_PROP_NAME);
        requireReadable(tlsPrivateKeyFile, "tlsPrivateKeyFile", TLS_PRIVATE_KEY_FILE_PROP_NAME);
        try
        {
            return serverContext(SslContextBuilder.forServer(tlsCertChainFile.toFile(), tlsPrivateKeyFile.toFile()));
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new IllegalStateException("tlsCertChainFile (" + TLS_CERT_CHAIN_FILE_PROP_NAME + ") " +
                tlsCertChainFile + " and tlsPrivateKeyFile (" + TLS_PRIVATE_KEY_FILE_PROP_NAME + ") " +
                tlsPrivateKeyFile + " cannot be used (the key must be unencrypted PKCS#8 PEM, BEGIN PRIVATE KEY): " +
                rootMessage(ex), ex);
        }
    }

    private SslContext keyStoreContext()
    {
        requireReadable(tlsKeyStoreFile, "tlsKeyStoreFile", TLS_KEY_STORE_FILE_PROP_NAME);
        final char[] password = null == tlsKeyStorePassword ? new char[0] : tlsKeyStorePassword.toCharArray();
        try (InputStream in = Files.newInputStream(tlsKeyStoreFile))
        {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return serverContext(SslContextBuilder.forServer(keys));
        }
        catch (final IOException | GeneralSecurityException | IllegalArgumentException ex)
        {
            throw new IllegalStateException("tlsKeyStoreFile (" + TLS_KEY_STORE_FILE_PROP_NAME + ") " +
                tlsKeyStoreFile + " cannot be used with its password (" + TLS_KEY_STORE_PASSWORD_PROP_NAME + "): " +
                rootMessage(ex), ex);
        }
    }

    /** The JDK's TLS, so no native library ships; TLS 1.3 and 1.2 only, the versions without known breaks. */
    private static SslContext serverContext(final SslContextBuilder builder) throws IOException
    {
        return builder.sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2").build();
    }

    private static void requireReadable(final Path file, final String setting, final String property)
    {
        require(Files.isReadable(file), setting, property, "cannot be read: " + file);
    }

    private static String rootMessage(final Throwable error)
    {
        Throwable root = error;
        while (null != root.getCause() && root.getCause() != root)
        {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** True when every address {@code host} names is a loopback one; a name that does not resolve is not. */
    static boolean isLoopback(final String host)
    {
        try
        {
            for (final InetAddress address : InetAddress.getAllByName(host))
            {
                if (!address.isLoopbackAddress())
                {
                    return false;
                }
            }
            return true;
        }
        catch (final UnknownHostException ex)
        {
            return false;
        }
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

    /** The shortest token accepted beyond loopback ({@value #MIN_TOKEN_LENGTH_PROP_NAME}). */
    public BridgeContext minTokenLength(final int minTokenLength)
    {
        checkNotConcluded();
        this.minTokenLength = minTokenLength;
        return this;
    }

    public int minTokenLength()
    {
        return minTokenLength;
    }

    /**
     * TLS on the port, or plaintext; when not given, on with a certificate or beyond loopback
     * ({@value #TLS_PROP_NAME}).
     */
    public BridgeContext tls(final boolean tls)
    {
        checkNotConcluded();
        this.tls = tls;
        return this;
    }

    /** Whether the port speaks TLS; null before {@link #conclude()} when it was left to the host and certificate. */
    public Boolean tls()
    {
        return tls;
    }

    /** The certificate chain, PEM ({@value #TLS_CERT_CHAIN_FILE_PROP_NAME}). */
    public BridgeContext tlsCertChainFile(final Path tlsCertChainFile)
    {
        checkNotConcluded();
        this.tlsCertChainFile = tlsCertChainFile;
        return this;
    }

    public Path tlsCertChainFile()
    {
        return tlsCertChainFile;
    }

    /** Its private key, unencrypted PKCS#8 PEM ({@value #TLS_PRIVATE_KEY_FILE_PROP_NAME}). */
    public BridgeContext tlsPrivateKeyFile(final Path tlsPrivateKeyFile)
    {
        checkNotConcluded();
        this.tlsPrivateKeyFile = tlsPrivateKeyFile;
        return this;
    }

    public Path tlsPrivateKeyFile()
    {
        return tlsPrivateKeyFile;
    }

    /**
     * Instead of the PEM files, a PKCS#12 keystore and its password ({@value #TLS_KEY_STORE_FILE_PROP_NAME},
     * {@value #TLS_KEY_STORE_PASSWORD_PROP_NAME}).
     */
    public BridgeContext tlsKeyStore(final Path tlsKeyStoreFile, final String tlsKeyStorePassword)
    {
        checkNotConcluded();
        this.tlsKeyStoreFile = tlsKeyStoreFile;
        this.tlsKeyStorePassword = tlsKeyStorePassword;
        return this;
    }

    public Path tlsKeyStoreFile()
    {
        return tlsKeyStoreFile;
    }

    /** What TLS the port speaks, made by {@link #conclude()} from the certificate; null when plaintext. */
    public SslContext sslContext()
    {
        return sslContext;
    }

    /** Listen beyond loopback without TLS ({@value #INSECURE_PLAINTEXT_PROP_NAME}). */
    public BridgeContext insecurePlaintext(final boolean insecurePlaintext)
    {
        checkNotConcluded();
        this.insecurePlaintext = insecurePlaintext;
        return this;
    }

    public boolean insecurePlaintext()
    {
        return insecurePlaintext;
    }

    /** True, after {@link #conclude()}, when the host is reachable from other machines. */
    public boolean beyondLoopback()
    {
        return beyondLoopback;
    }

    /** Failed handshakes one address may make in the window, 0 no limit ({@value #MAX_FAILED_HANDSHAKES_PROP_NAME}). */
    public BridgeContext maxFailedHandshakes(final int maxFailedHandshakes)
    {
        checkNotConcluded();
        this.maxFailedHandshakes = maxFailedHandshakes;
        return this;
    }

    public int maxFailedHandshakes()
    {
        return maxFailedHandshakes;
    }

    /** The window failed handshakes are counted in ({@value #FAILED_HANDSHAKE_WINDOW_MS_PROP_NAME}). */
    public BridgeContext failedHandshakeWindowMs(final int failedHandshakeWindowMs)
    {
        checkNotConcluded();
        this.failedHandshakeWindowMs = failedHandshakeWindowMs;
        return this;
    }

    public int failedHandshakeWindowMs()
    {
        return failedHandshakeWindowMs;
    }

    /** How long an address that failed too often is refused ({@value #FAILED_HANDSHAKE_BLOCK_MS_PROP_NAME}). */
    public BridgeContext failedHandshakeBlockMs(final int failedHandshakeBlockMs)
    {
        checkNotConcluded();
        this.failedHandshakeBlockMs = failedHandshakeBlockMs;
        return this;
    }

    public int failedHandshakeBlockMs()
    {
        return failedHandshakeBlockMs;
    }

    /**
     * The terminals file, read by {@link #conclude()} and re-read when it changes; instead of
     * {@link #credentials(TerminalCredentials)} ({@value #TERMINALS_FILE_PROP_NAME}).
     */
    public BridgeContext terminalsFile(final Path terminalsFile)
    {
        checkNotConcluded();
        this.terminalsFile = terminalsFile;
        return this;
    }

    public Path terminalsFile()
    {
        return terminalsFile;
    }

    /** The terminals file once concluded, watched for changes; null when the tokens came otherwise. */
    TerminalsFile watchedTerminals()
    {
        return watchedTerminals;
    }

    /**
     * How often the terminals file is checked for a change, 0 never
     * ({@value #TERMINALS_RELOAD_INTERVAL_MS_PROP_NAME}).
     */
    public BridgeContext terminalsReloadIntervalMs(final int terminalsReloadIntervalMs)
    {
        checkNotConcluded();
        this.terminalsReloadIntervalMs = terminalsReloadIntervalMs;
        return this;
    }

    public int terminalsReloadIntervalMs()
    {
        return terminalsReloadIntervalMs;
    }

    /** The clock of the failed-handshake windows and blocks; tests give one they move. Default the system's. */
    public BridgeContext nanoClock(final NanoClock nanoClock)
    {
        checkNotConcluded();
        this.nanoClock = nanoClock;
        return this;
    }

    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    /**
     * Which token lets a terminal trade which accounts; default the built-in demo token. Fixed for the bridge's life:
     * {@link #terminalsFile(Path)} is the setting for tokens that change.
     */
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

        public static int minTokenLength()
        {
            return SystemProperties.intValue(MIN_TOKEN_LENGTH_PROP_NAME, MIN_TOKEN_LENGTH_DEFAULT);
        }

        /** Null when not set: the host and certificate decide. */
        public static Boolean tls()
        {
            return null == System.getProperty(TLS_PROP_NAME) ? null :
                SystemProperties.booleanValue(TLS_PROP_NAME, false);
        }

        public static Path tlsCertChainFile()
        {
            return path(TLS_CERT_CHAIN_FILE_PROP_NAME);
        }

        public static Path tlsPrivateKeyFile()
        {
            return path(TLS_PRIVATE_KEY_FILE_PROP_NAME);
        }

        public static Path tlsKeyStoreFile()
        {
            return path(TLS_KEY_STORE_FILE_PROP_NAME);
        }

        public static String tlsKeyStorePassword()
        {
            return SystemProperties.stringValue(TLS_KEY_STORE_PASSWORD_PROP_NAME, null);
        }

        public static boolean insecurePlaintext()
        {
            return SystemProperties.booleanValue(INSECURE_PLAINTEXT_PROP_NAME, INSECURE_PLAINTEXT_DEFAULT);
        }

        public static int maxFailedHandshakes()
        {
            return SystemProperties.intValue(MAX_FAILED_HANDSHAKES_PROP_NAME, MAX_FAILED_HANDSHAKES_DEFAULT);
        }

        public static int failedHandshakeWindowMs()
        {
            return SystemProperties.intValue(FAILED_HANDSHAKE_WINDOW_MS_PROP_NAME, FAILED_HANDSHAKE_WINDOW_MS_DEFAULT);
        }

        public static int failedHandshakeBlockMs()
        {
            return SystemProperties.intValue(FAILED_HANDSHAKE_BLOCK_MS_PROP_NAME, FAILED_HANDSHAKE_BLOCK_MS_DEFAULT);
        }

        public static Path terminalsFile()
        {
            return path(TERMINALS_FILE_PROP_NAME);
        }

        public static int terminalsReloadIntervalMs()
        {
            return SystemProperties.intValue(TERMINALS_RELOAD_INTERVAL_MS_PROP_NAME,
                TERMINALS_RELOAD_INTERVAL_MS_DEFAULT);
        }

        private static Path path(final String name)
        {
            final String value = System.getProperty(name);
            return null == value || value.isBlank() ? null : Path.of(value.trim());
        }
    }
}
