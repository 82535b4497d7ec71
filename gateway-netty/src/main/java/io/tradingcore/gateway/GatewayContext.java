package io.tradingcore.gateway;

import io.tradingcore.cluster.ClusterLayout;
import io.tradingcore.cluster.ClusterNode;
import io.tradingcore.pipeline.SystemProperties;
import io.tradingcore.pipeline.TradingCore;

import java.nio.file.Path;

/**
 * The gateway's settings in the style of Aeron's contexts: each has a {@code *_PROP_NAME} system property and a
 * default, a fluent setter and getter, and {@link #conclude()} checks them once and fills in what derives from the
 * data folder.
 */
public final class GatewayContext
{
    /** The address to bind; default {@value #HOST_DEFAULT}: only this host until a person decides otherwise. */
    public static final String HOST_PROP_NAME = "tradingcore.gateway.host";
    public static final String HOST_DEFAULT = "127.0.0.1";

    /** The HTTP port; default {@value #PORT_DEFAULT}; 0 picks a free one. */
    public static final String PORT_PROP_NAME = "tradingcore.gateway.port";
    public static final int PORT_DEFAULT = 8000;

    /** The largest request body; default {@value #MAX_BODY_BYTES_DEFAULT} bytes (a larger one is answered 413). */
    public static final String MAX_BODY_BYTES_PROP_NAME = "tradingcore.gateway.maxBodyBytes";
    public static final int MAX_BODY_BYTES_DEFAULT = 64 * 1024;

    /** How long a request may take to arrive whole; default {@value #REQUEST_TIMEOUT_MS_DEFAULT} ms. */
    public static final String REQUEST_TIMEOUT_MS_PROP_NAME = "tradingcore.gateway.requestTimeoutMs";
    public static final long REQUEST_TIMEOUT_MS_DEFAULT = 10_000;

    /** How long a connection may sit idle; default {@value #IDLE_TIMEOUT_MS_DEFAULT} ms. */
    public static final String IDLE_TIMEOUT_MS_PROP_NAME = "tradingcore.gateway.idleTimeoutMs";
    public static final long IDLE_TIMEOUT_MS_DEFAULT = 60_000;

    /** Netty's event loop threads; default {@value #IO_THREADS_DEFAULT}. */
    public static final String IO_THREADS_PROP_NAME = "tradingcore.gateway.ioThreads";
    public static final int IO_THREADS_DEFAULT = 2;

    /** Threads for work that blocks (database, password hashing); default {@value #WORKER_THREADS_DEFAULT}. */
    public static final String WORKER_THREADS_PROP_NAME = "tradingcore.gateway.workerThreads";
    public static final int WORKER_THREADS_DEFAULT = 8;

    /** How long a caller waits for the engine's answer to a command; default {@value #COMMAND_TIMEOUT_MS_DEFAULT}. */
    public static final String COMMAND_TIMEOUT_MS_PROP_NAME = "tradingcore.gateway.commandTimeoutMs";
    public static final long COMMAND_TIMEOUT_MS_DEFAULT = 5_000;

    /** The core's Aeron directory; default {@code <data>/aeron}, the core's own default. */
    public static final String AERON_DIR_PROP_NAME = "tradingcore.aeron.dir";

    /**
     * Whether the core is the cluster ({@code scripts/cluster}); default false, the single-process core. In cluster
     * mode commands go through a {@code ClusterClient} to the members at {@link ClusterNode.Context#HOSTS_PROP_NAME}
     * and {@link ClusterNode.Context#BASE_PORT_PROP_NAME} (the members' own settings), the gateway's key is registered
     * in {@link ClusterNode.Context#CLIENTS_FILE_PROP_NAME} (default {@code DATA/cluster/ingress-clients}) and the
     * view follows the journals of member {@link #FOLLOW_MEMBER_PROP_NAME}.
     */
    public static final String CLUSTER_PROP_NAME = "tradingcore.gateway.cluster";
    public static final boolean CLUSTER_DEFAULT = false;

    /** In cluster mode, the member whose journals the view follows ({@code DATA/cluster/node-N}); default 0. */
    public static final String FOLLOW_MEMBER_PROP_NAME = "tradingcore.gateway.followMember";
    public static final int FOLLOW_MEMBER_DEFAULT = 0;

    private Path dataDirectory;
    private Path configFile;
    private String host = SystemProperties.stringValue(HOST_PROP_NAME, HOST_DEFAULT);
    private int port = SystemProperties.intValue(PORT_PROP_NAME, PORT_DEFAULT);
    private int maxBodyBytes = SystemProperties.intValue(MAX_BODY_BYTES_PROP_NAME, MAX_BODY_BYTES_DEFAULT);
    private long requestTimeoutMs = SystemProperties.longValue(REQUEST_TIMEOUT_MS_PROP_NAME,
        REQUEST_TIMEOUT_MS_DEFAULT);
    private long idleTimeoutMs = SystemProperties.longValue(IDLE_TIMEOUT_MS_PROP_NAME, IDLE_TIMEOUT_MS_DEFAULT);
    private int ioThreads = SystemProperties.intValue(IO_THREADS_PROP_NAME, IO_THREADS_DEFAULT);
    private int workerThreads = SystemProperties.intValue(WORKER_THREADS_PROP_NAME, WORKER_THREADS_DEFAULT);
    private long commandTimeoutMs = SystemProperties.longValue(COMMAND_TIMEOUT_MS_PROP_NAME,
        COMMAND_TIMEOUT_MS_DEFAULT);
    private Path aeronDirectory = pathProperty(AERON_DIR_PROP_NAME);
    private String ingressChannel = TradingCore.Configuration.commandIngressChannel();
    private int ingressStreamId = TradingCore.Configuration.commandIngressStreamId();
    private String responseChannel = TradingCore.Configuration.commandResponseChannel();
    private int responseStreamId = TradingCore.Configuration.commandResponseStreamId();
    private Path clientsFile = TradingCore.Configuration.commandClientsFile();
    private boolean cluster = SystemProperties.booleanValue(CLUSTER_PROP_NAME, CLUSTER_DEFAULT);
    private int followMember = SystemProperties.intValue(FOLLOW_MEMBER_PROP_NAME, FOLLOW_MEMBER_DEFAULT);
    private String clusterHosts = SystemProperties.stringValue(ClusterNode.Context.HOSTS_PROP_NAME,
        ClusterNode.Context.HOSTS_DEFAULT);
    private int clusterBasePort = SystemProperties.intValue(ClusterNode.Context.BASE_PORT_PROP_NAME,
        ClusterNode.Context.BASE_PORT_DEFAULT);
    private Path clusterClientsFile = pathProperty(ClusterNode.Context.CLIENTS_FILE_PROP_NAME);
    private boolean concluded;

    /** Checks the settings and fills in the folders' defaults; once. */
    public GatewayContext conclude()
    {
        if (concluded)
        {
            throw new IllegalStateException("GatewayContext is already concluded");
        }
        require(dataDirectory != null, "dataDirectory", "is required (--data DIR)");
        require(port >= 0 && port <= 65_535, PORT_PROP_NAME, "must be 0 to 65535: " + port);
        require(maxBodyBytes >= 1024, MAX_BODY_BYTES_PROP_NAME, "must be at least 1024: " + maxBodyBytes);
        require(requestTimeoutMs > 0, REQUEST_TIMEOUT_MS_PROP_NAME, "must be positive: " + requestTimeoutMs);
        require(idleTimeoutMs > 0, IDLE_TIMEOUT_MS_PROP_NAME, "must be positive: " + idleTimeoutMs);
        require(ioThreads > 0, IO_THREADS_PROP_NAME, "must be positive: " + ioThreads);
        require(workerThreads > 0, WORKER_THREADS_PROP_NAME, "must be positive: " + workerThreads);
        require(commandTimeoutMs > 0, COMMAND_TIMEOUT_MS_PROP_NAME, "must be positive: " + commandTimeoutMs);
        if (cluster)
        {
            final int members;
            try
            {
                members = ClusterLayout.parse(clusterHosts, clusterBasePort).memberCount();
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalStateException(ClusterNode.Context.HOSTS_PROP_NAME + " and " +
                    ClusterNode.Context.BASE_PORT_PROP_NAME + ": " + ex.getMessage(), ex);
            }
            require(followMember >= 0 && followMember < members, FOLLOW_MEMBER_PROP_NAME,
                "must be a member, 0 to " + (members - 1) + ": " + followMember);
        }
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
        if (clusterClientsFile == null)
        {
            clusterClientsFile = dataDirectory.resolve("cluster").resolve("ingress-clients");
        }
        if (aeronDirectory == null)
        {
            aeronDirectory = dataDirectory.resolve("aeron");
        }
        if (clientsFile == null)
        {
            clientsFile = dataDirectory.resolve("core").resolve("ingress-clients");
        }
        concluded = true;
        return this;
    }

    private static void require(final boolean condition, final String setting, final String problem)
    {
        if (!condition)
        {
            throw new IllegalStateException(setting + " " + problem);
        }
    }

    private static Path pathProperty(final String name)
    {
        final String value = SystemProperties.stringValue(name, null);
        return value == null ? null : Path.of(value);
    }

    private void settable()
    {
        if (concluded)
        {
            throw new IllegalStateException("GatewayContext is concluded: its settings can no longer change");
        }
    }

    /** The platform's data folder: the core's journals and Aeron files, and the gateway's own {@code gateway/}. */
    public GatewayContext dataDirectory(final Path dataDirectory)
    {
        settable();
        this.dataDirectory = dataDirectory;
        return this;
    }

    public Path dataDirectory()
    {
        return dataDirectory;
    }

    /** Connection settings (Java properties, as for the projections); null: environment and the folder's db/env. */
    public GatewayContext configFile(final Path configFile)
    {
        settable();
        this.configFile = configFile;
        return this;
    }

    public Path configFile()
    {
        return configFile;
    }

    public GatewayContext host(final String host)
    {
        settable();
        this.host = host;
        return this;
    }

    public String host()
    {
        return host;
    }

    public GatewayContext port(final int port)
    {
        settable();
        this.port = port;
        return this;
    }

    public int port()
    {
        return port;
    }

    public GatewayContext maxBodyBytes(final int maxBodyBytes)
    {
        settable();
        this.maxBodyBytes = maxBodyBytes;
        return this;
    }

    public int maxBodyBytes()
    {
        return maxBodyBytes;
    }

    public GatewayContext requestTimeoutMs(final long requestTimeoutMs)
    {
        settable();
        this.requestTimeoutMs = requestTimeoutMs;
        return this;
    }

    public long requestTimeoutMs()
    {
        return requestTimeoutMs;
    }

    public GatewayContext idleTimeoutMs(final long idleTimeoutMs)
    {
        settable();
        this.idleTimeoutMs = idleTimeoutMs;
        return this;
    }

    public long idleTimeoutMs()
    {
        return idleTimeoutMs;
    }

    public GatewayContext ioThreads(final int ioThreads)
    {
        settable();
        this.ioThreads = ioThreads;
        return this;
    }

    public int ioThreads()
    {
        return ioThreads;
    }

    public GatewayContext workerThreads(final int workerThreads)
    {
        settable();
        this.workerThreads = workerThreads;
        return this;
    }

    public int workerThreads()
    {
        return workerThreads;
    }

    public GatewayContext commandTimeoutMs(final long commandTimeoutMs)
    {
        settable();
        this.commandTimeoutMs = commandTimeoutMs;
        return this;
    }

    public long commandTimeoutMs()
    {
        return commandTimeoutMs;
    }

    public GatewayContext aeronDirectory(final Path aeronDirectory)
    {
        settable();
        this.aeronDirectory = aeronDirectory;
        return this;
    }

    public Path aeronDirectory()
    {
        return aeronDirectory;
    }

    public String ingressChannel()
    {
        return ingressChannel;
    }

    public GatewayContext ingressChannel(final String ingressChannel)
    {
        settable();
        this.ingressChannel = ingressChannel;
        return this;
    }

    public int ingressStreamId()
    {
        return ingressStreamId;
    }

    public GatewayContext ingressStreamId(final int ingressStreamId)
    {
        settable();
        this.ingressStreamId = ingressStreamId;
        return this;
    }

    public String responseChannel()
    {
        return responseChannel;
    }

    public GatewayContext responseChannel(final String responseChannel)
    {
        settable();
        this.responseChannel = responseChannel;
        return this;
    }

    public int responseStreamId()
    {
        return responseStreamId;
    }

    public GatewayContext responseStreamId(final int responseStreamId)
    {
        settable();
        this.responseStreamId = responseStreamId;
        return this;
    }

    /** The core's file of ingress clients, where the gateway registers its key at its first start. */
    public Path clientsFile()
    {
        return clientsFile;
    }

    public GatewayContext clientsFile(final Path clientsFile)
    {
        settable();
        this.clientsFile = clientsFile;
        return this;
    }

    public boolean cluster()
    {
        return cluster;
    }

    public GatewayContext cluster(final boolean cluster)
    {
        settable();
        this.cluster = cluster;
        return this;
    }

    public int followMember()
    {
        return followMember;
    }

    public GatewayContext followMember(final int followMember)
    {
        settable();
        this.followMember = followMember;
        return this;
    }

    /** The cluster members' hosts, comma-separated in member order. */
    public String clusterHosts()
    {
        return clusterHosts;
    }

    public GatewayContext clusterHosts(final String clusterHosts)
    {
        settable();
        this.clusterHosts = clusterHosts;
        return this;
    }

    public int clusterBasePort()
    {
        return clusterBasePort;
    }

    public GatewayContext clusterBasePort(final int clusterBasePort)
    {
        settable();
        this.clusterBasePort = clusterBasePort;
        return this;
    }

    /** The cluster's file of ingress clients, where the gateway registers its key. */
    public Path clusterClientsFile()
    {
        return clusterClientsFile;
    }

    public GatewayContext clusterClientsFile(final Path clusterClientsFile)
    {
        settable();
        this.clusterClientsFile = clusterClientsFile;
        return this;
    }

    /**
     * Where the core's journals are for the view: the data folder, or in cluster mode the followed member's folder
     * {@code DATA/cluster/node-N} (its projections' status files are there too).
     */
    public Path coreDirectory()
    {
        return cluster ? dataDirectory.resolve("cluster").resolve("node-" + followMember) : dataDirectory;
    }

    /** The gateway's own folder in the data folder. */
    public Path gatewayDirectory()
    {
        return dataDirectory.resolve("gateway");
    }
}
