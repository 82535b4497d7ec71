package io.tradingcore.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveMarkFile;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.NanosecondClusterClock;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusterMarkFile;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.tradingcore.journal.Journal;
import io.tradingcore.pipeline.ClientKeys;
import io.tradingcore.pipeline.CommandAuthenticator;
import io.tradingcore.pipeline.IdleStrategies;
import io.tradingcore.pipeline.SystemProperties;
import io.tradingcore.strategy.StrategyCatalog;
import io.tradingcore.strategy.examples.ExampleStrategies;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.IdleStrategy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One member of the clustered core in one process: its own media driver, archive, consensus module and the
 * {@link ClusteredEngine} service, with its own folder (driver, archive, cluster, journals, status) and its own block
 * of ports ({@link ClusterLayout}). {@link SnapshotSchedule} takes snapshots on the leader and trims the log behind
 * them.
 */
public final class ClusterNode implements AutoCloseable
{
    private final Context context;
    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    private final SnapshotSchedule schedule;

    private ClusterNode(
        final Context context, final ClusteredMediaDriver driver, final ClusteredServiceContainer container,
        final SnapshotSchedule schedule)
    {
        this.context = context;
        this.driver = driver;
        this.container = container;
        this.schedule = schedule;
    }

    /**
     * Starts the member.
     *
     * @param context its settings, not yet concluded.
     */
    public static ClusterNode launch(final Context context)
    {
        context.conclude();
        final int id = context.memberId();
        final ClusterLayout layout = context.layout();
        final String host = layout.hosts().get(id);
        final Path dir = context.directory();
        final String aeronDir = dir.resolve("driver").toString();
        final Supplier<IdleStrategy> idle = IdleStrategies.named(context.idleStrategy());
        final ErrorHandler errors = context.errorHandler();

        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle.get())
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .errorHandler(errors);
        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(dir.resolve("archive").toFile())
            .archiveId(id)
            .controlChannel("aeron:udp?endpoint=" + layout.endpoint(id, ClusterLayout.ARCHIVE_CONTROL))
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(idle)
            .errorHandler(errors);
        final AeronArchive.Context archiveClient = new AeronArchive.Context()
            .controlRequestChannel(archiveContext.localControlChannel())
            .controlResponseChannel(archiveContext.localControlChannel())
            .aeronDirectoryName(aeronDir);
        final File clusterDir = dir.resolve("cluster").toFile();
        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .clusterMemberId(id)
            .clusterMembers(layout.clusterMembers())
            .clusterDir(clusterDir)
            .ingressChannel("aeron:udp?term-length=1m")
            .logChannel("aeron:udp?term-length=" + context.logTermLength() + "|control-mode=manual|control=" +
                layout.endpoint(id, ClusterLayout.LOG_CONTROL))
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .archiveContext(archiveClient.clone())
            .clusterClock(new NanosecondClusterClock())
            .leaderHeartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(context.leaderHeartbeatTimeoutMs()))
            .leaderHeartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(context.leaderHeartbeatIntervalMs()))
            .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(context.electionTimeoutMs()))
            .startupCanvassTimeoutNs(TimeUnit.MILLISECONDS.toNanos(context.startupCanvassTimeoutMs()))
            .sessionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(context.sessionTimeoutMs()))
            .maxConcurrentSessions(context.maxSessions())
            .authenticatorSupplier(() -> new ClusterAuthenticator(context.authenticator(), context.log()))
            .idleStrategySupplier(idle)
            .errorHandler(errors);

        if (null != context.clusteredService())
        {
            return launchBaseline(context, driverContext, archiveContext, consensusContext, archiveClient, idle);
        }
        final Journal inputJournal = Journal.open(new Journal.Context()
            .directory(dir.resolve("journal").resolve("input")));
        Journal outputJournal = null;
        ClusteredMediaDriver driver = null;
        ClusteredServiceContainer container = null;
        try
        {
            outputJournal = Journal.open(new Journal.Context().directory(dir.resolve("journal").resolve("output")));
            final NodeStatus status = new NodeStatus(dir.resolve("status"));
            final ClusteredEngine service = new ClusteredEngine(context.strategyCatalog(), inputJournal,
                outputJournal, status, context.log());
            driver = ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
            container = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
                .aeronDirectoryName(aeronDir)
                .archiveContext(archiveClient.clone())
                .clusterDir(clusterDir)
                .clusteredService(service)
                .idleStrategySupplier(idle)
                .errorHandler(errors));
            final SnapshotSchedule schedule = SnapshotSchedule.start(context, driver.consensusModule().context(),
                inputJournal);
            return new ClusterNode(context, driver, container, schedule);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(container, driver, outputJournal, inputJournal);
            throw ex;
        }
    }

    /**
     * Deletes the mark files a member leaves behind when it is killed: the archive's and the cluster's look active for
     * seconds after, and Aeron refuses to start beside what looks like a running member. Only for a member whose
     * process is known to be gone.
     *
     * @return true when there were any.
     */
    public static boolean removeMarkFiles(final Path memberDir) throws IOException
    {
        final Path clusterDir = memberDir.resolve("cluster");
        final boolean archive = Files.deleteIfExists(memberDir.resolve("archive").resolve(ArchiveMarkFile.FILENAME));
        final boolean consensus = Files.deleteIfExists(clusterDir.resolve(ClusterMarkFile.FILENAME));
        final boolean service = Files.deleteIfExists(clusterDir.resolve(ClusterMarkFile.markFilenameForService(0)));
        return archive || consensus || service;
    }

    /** The member's role, or null once its consensus module has stopped (by itself, after an error, or closed). */
    public Cluster.Role role()
    {
        final ConsensusModule.Context consensus = driver.consensusModule().context();
        if (consensus.aeron().isClosed() || consensus.clusterNodeRoleCounter().isClosed())
        {
            return null;
        }
        return Cluster.Role.get(consensus.clusterNodeRoleCounter());
    }


    /** A baseline member: the same driver, archive and consensus module, the context's service in the engine's. */
    private static ClusterNode launchBaseline(
        final Context context, final MediaDriver.Context driverContext, final Archive.Context archiveContext,
        final ConsensusModule.Context consensusContext, final AeronArchive.Context archiveClient,
        final Supplier<IdleStrategy> idle)
    {
        ClusteredMediaDriver driver = null;
        try
        {
            driver = ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
            final ClusteredServiceContainer container = ClusteredServiceContainer.launch(
                new ClusteredServiceContainer.Context()
                    .aeronDirectoryName(driverContext.aeronDirectoryName())
                    .archiveContext(archiveClient.clone())
                    .clusterDir(consensusContext.clusterDir())
                    .clusteredService(context.clusteredService().get())
                    .idleStrategySupplier(idle)
                    .errorHandler(context.errorHandler()));
            return new ClusterNode(context, driver, container, null);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    public Context context()
    {
        return context;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(schedule, container, driver);
    }

    /**
     * A member's settings, Aeron style: each has a system property and a default, and a setter that wins over both.
     * The timeout defaults make a failover take a few seconds rather than Aeron's ten; the startup canvass must be at
     * least twice the leader heartbeat timeout (Aeron's own constraint, checked here).
     */
    public static final class Context
    {
        /** This member's id, 0 to members - 1. */
        public static final String MEMBER_ID_PROP_NAME = "tradingcore.cluster.member";
        /** Comma-separated member hosts in member order; their number is the cluster's size. */
        public static final String HOSTS_PROP_NAME = "tradingcore.cluster.hosts";
        public static final String HOSTS_DEFAULT = "127.0.0.1,127.0.0.1,127.0.0.1";
        /** The first port of member 0's block; member N's is {@code basePort + 10 N}. */
        public static final String BASE_PORT_PROP_NAME = "tradingcore.cluster.basePort";
        public static final int BASE_PORT_DEFAULT = 20_000;
        /** The member's folder. */
        public static final String DIRECTORY_PROP_NAME = "tradingcore.cluster.dir";
        /** The clients' names and key hashes, the command ingress's format: the same file on every member. */
        public static final String CLIENTS_FILE_PROP_NAME = "tradingcore.cluster.clientsFile";
        /** How long followers wait without hearing from the leader before they elect another. */
        public static final String LEADER_HEARTBEAT_TIMEOUT_MS_PROP_NAME =
            "tradingcore.cluster.leaderHeartbeatTimeoutMs";
        public static final long LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT = 2_000;
        public static final String LEADER_HEARTBEAT_INTERVAL_MS_PROP_NAME =
            "tradingcore.cluster.leaderHeartbeatIntervalMs";
        public static final long LEADER_HEARTBEAT_INTERVAL_MS_DEFAULT = 100;
        public static final String ELECTION_TIMEOUT_MS_PROP_NAME = "tradingcore.cluster.electionTimeoutMs";
        public static final long ELECTION_TIMEOUT_MS_DEFAULT = 500;
        public static final String STARTUP_CANVASS_TIMEOUT_MS_PROP_NAME = "tradingcore.cluster.startupCanvassTimeoutMs";
        public static final long STARTUP_CANVASS_TIMEOUT_MS_DEFAULT = 5_000;
        /** A client session the cluster hears nothing from for this long is closed. */
        public static final String SESSION_TIMEOUT_MS_PROP_NAME = "tradingcore.cluster.sessionTimeoutMs";
        public static final long SESSION_TIMEOUT_MS_DEFAULT = 10_000;
        /** Aeron's {@code aeron.cluster.max.sessions}, 10 by default there: the bridge, gateways, services, tools. */
        public static final String MAX_SESSIONS_PROP_NAME = "tradingcore.cluster.maxSessions";
        public static final int MAX_SESSIONS_DEFAULT = 128;
        /** The leader takes a snapshot after this many inputs since the last; 0: never for this reason. */
        public static final String SNAPSHOT_INPUTS_PROP_NAME = "tradingcore.cluster.snapshotEveryInputs";
        public static final long SNAPSHOT_INPUTS_DEFAULT = 1_000_000;
        /** ... or after this many minutes with at least one input since the last; 0: never for this reason. */
        public static final String SNAPSHOT_MINUTES_PROP_NAME = "tradingcore.cluster.snapshotEveryMinutes";
        public static final long SNAPSHOT_MINUTES_DEFAULT = 60;
        /** After a snapshot, delete the log segments before the one before it. */
        public static final String PURGE_LOG_PROP_NAME = "tradingcore.cluster.purgeLog";
        public static final boolean PURGE_LOG_DEFAULT = true;
        public static final String LOG_TERM_LENGTH_PROP_NAME = "tradingcore.cluster.logTermLength";
        public static final int LOG_TERM_LENGTH_DEFAULT = 16 * 1024 * 1024;
        /** backoff (default), yielding, busy-spin or sleeping, for every thread of the member. */
        public static final String IDLE_STRATEGY_PROP_NAME = "tradingcore.cluster.idleStrategy";
        public static final String IDLE_STRATEGY_DEFAULT = "backoff";

        private int memberId = SystemProperties.intValue(MEMBER_ID_PROP_NAME, 0);
        private String hosts = SystemProperties.stringValue(HOSTS_PROP_NAME, HOSTS_DEFAULT);
        private int basePort = SystemProperties.intValue(BASE_PORT_PROP_NAME, BASE_PORT_DEFAULT);
        private Path directory = pathOrNull(SystemProperties.stringValue(DIRECTORY_PROP_NAME, null));
        private Path clientsFile = pathOrNull(SystemProperties.stringValue(CLIENTS_FILE_PROP_NAME, null));
        private long leaderHeartbeatTimeoutMs = SystemProperties.longValue(
            LEADER_HEARTBEAT_TIMEOUT_MS_PROP_NAME, LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT);
        private long leaderHeartbeatIntervalMs = SystemProperties.longValue(
            LEADER_HEARTBEAT_INTERVAL_MS_PROP_NAME, LEADER_HEARTBEAT_INTERVAL_MS_DEFAULT);
        private long electionTimeoutMs = SystemProperties.longValue(
            ELECTION_TIMEOUT_MS_PROP_NAME, ELECTION_TIMEOUT_MS_DEFAULT);
        private long startupCanvassTimeoutMs = SystemProperties.longValue(
            STARTUP_CANVASS_TIMEOUT_MS_PROP_NAME, STARTUP_CANVASS_TIMEOUT_MS_DEFAULT);
        private long sessionTimeoutMs = SystemProperties.longValue(
            SESSION_TIMEOUT_MS_PROP_NAME, SESSION_TIMEOUT_MS_DEFAULT);
        private int maxSessions = SystemProperties.intValue(MAX_SESSIONS_PROP_NAME, MAX_SESSIONS_DEFAULT);
        private long snapshotEveryInputs = SystemProperties.longValue(
            SNAPSHOT_INPUTS_PROP_NAME, SNAPSHOT_INPUTS_DEFAULT);
        private long snapshotEveryMinutes = SystemProperties.longValue(
            SNAPSHOT_MINUTES_PROP_NAME, SNAPSHOT_MINUTES_DEFAULT);
        private boolean purgeLog = SystemProperties.booleanValue(PURGE_LOG_PROP_NAME, PURGE_LOG_DEFAULT);
        private int logTermLength = SystemProperties.sizeValue(LOG_TERM_LENGTH_PROP_NAME, LOG_TERM_LENGTH_DEFAULT);
        private String idleStrategy = SystemProperties.stringValue(IDLE_STRATEGY_PROP_NAME, IDLE_STRATEGY_DEFAULT);
        private ClusterLayout layout;
        private CommandAuthenticator authenticator;
        private StrategyCatalog strategyCatalog;
        private ErrorHandler errorHandler;
        private Consumer<String> log;
        private Supplier<ClusteredService> clusteredService;

        private static Path pathOrNull(final String value)
        {
            return null == value ? null : Path.of(value);
        }

        Context conclude()
        {
            layout = ClusterLayout.parse(hosts, basePort);
            if (memberId < 0 || memberId >= layout.memberCount())
            {
                throw new IllegalArgumentException("member " + memberId + " is not one of the " +
                    layout.memberCount() + " members (" + HOSTS_PROP_NAME + "=" + hosts + ")");
            }
            if (null == directory)
            {
                throw new IllegalArgumentException("the member's folder is not set (" + DIRECTORY_PROP_NAME + ")");
            }
            if (startupCanvassTimeoutMs < 2 * leaderHeartbeatTimeoutMs)
            {
                throw new IllegalArgumentException("the startup canvass timeout (" + startupCanvassTimeoutMs +
                    " ms) must be at least twice the leader heartbeat timeout (" + leaderHeartbeatTimeoutMs + " ms)");
            }
            if (leaderHeartbeatIntervalMs * 4 > leaderHeartbeatTimeoutMs)
            {
                throw new IllegalArgumentException("the leader heartbeat interval (" + leaderHeartbeatIntervalMs +
                    " ms) must be at most a quarter of its timeout (" + leaderHeartbeatTimeoutMs + " ms)");
            }
            if (maxSessions < 1)
            {
                throw new IllegalArgumentException(MAX_SESSIONS_PROP_NAME + " must be positive, got " + maxSessions);
            }
            if (null == clientsFile)
            {
                clientsFile = directory.resolveSibling("ingress-clients");
            }
            if (null == authenticator)
            {
                authenticator = new ClientKeys(clientsFile);
            }
            if (null == strategyCatalog)
            {
                strategyCatalog = ExampleStrategies.catalog();
            }
            if (null == log)
            {
                final String prefix = "member " + memberId + ": ";
                log = line -> System.out.println(prefix + line);
            }
            if (null == errorHandler)
            {
                final Consumer<String> lines = log;
                errorHandler = ex ->
                {
                    final StringBuilder causes = new StringBuilder("error: ").append(ex);
                    for (Throwable cause = ex.getCause(); null != cause; cause = cause.getCause())
                    {
                        causes.append(" caused by ").append(cause);
                    }
                    lines.accept(causes.toString());
                };
            }
            return this;
        }

        public Context memberId(final int memberId)
        {
            this.memberId = memberId;
            return this;
        }

        public int memberId()
        {
            return memberId;
        }

        public Context hosts(final String hosts)
        {
            this.hosts = hosts;
            return this;
        }

        public Context basePort(final int basePort)
        {
            this.basePort = basePort;
            return this;
        }

        /** The members' endpoints; known once concluded. */
        public ClusterLayout layout()
        {
            return layout;
        }

        public Context directory(final Path directory)
        {
            this.directory = directory;
            return this;
        }

        public Path directory()
        {
            return directory;
        }

        public Context clientsFile(final Path clientsFile)
        {
            this.clientsFile = clientsFile;
            return this;
        }

        public Path clientsFile()
        {
            return clientsFile;
        }

        public Context leaderHeartbeatTimeoutMs(final long timeoutMs)
        {
            this.leaderHeartbeatTimeoutMs = timeoutMs;
            return this;
        }

        public long leaderHeartbeatTimeoutMs()
        {
            return leaderHeartbeatTimeoutMs;
        }

        public Context leaderHeartbeatIntervalMs(final long intervalMs)
        {
            this.leaderHeartbeatIntervalMs = intervalMs;
            return this;
        }

        public long leaderHeartbeatIntervalMs()
        {
            return leaderHeartbeatIntervalMs;
        }

        public Context electionTimeoutMs(final long timeoutMs)
        {
            this.electionTimeoutMs = timeoutMs;
            return this;
        }

        public long electionTimeoutMs()
        {
            return electionTimeoutMs;
        }

        public Context startupCanvassTimeoutMs(final long timeoutMs)
        {
            this.startupCanvassTimeoutMs = timeoutMs;
            return this;
        }

        public long startupCanvassTimeoutMs()
        {
            return startupCanvassTimeoutMs;
        }

        public Context sessionTimeoutMs(final long timeoutMs)
        {
            this.sessionTimeoutMs = timeoutMs;
            return this;
        }

        public long sessionTimeoutMs()
        {
            return sessionTimeoutMs;
        }

        public Context maxSessions(final int maxSessions)
        {
            this.maxSessions = maxSessions;
            return this;
        }

        public int maxSessions()
        {
            return maxSessions;
        }

        public Context snapshotEveryInputs(final long inputs)
        {
            this.snapshotEveryInputs = inputs;
            return this;
        }

        public long snapshotEveryInputs()
        {
            return snapshotEveryInputs;
        }

        public Context snapshotEveryMinutes(final long minutes)
        {
            this.snapshotEveryMinutes = minutes;
            return this;
        }

        public long snapshotEveryMinutes()
        {
            return snapshotEveryMinutes;
        }

        public Context purgeLog(final boolean purgeLog)
        {
            this.purgeLog = purgeLog;
            return this;
        }

        public boolean purgeLog()
        {
            return purgeLog;
        }

        public Context logTermLength(final int logTermLength)
        {
            this.logTermLength = logTermLength;
            return this;
        }

        public int logTermLength()
        {
            return logTermLength;
        }

        public Context idleStrategy(final String idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        public String idleStrategy()
        {
            return idleStrategy;
        }

        public Context authenticator(final CommandAuthenticator authenticator)
        {
            this.authenticator = authenticator;
            return this;
        }

        public CommandAuthenticator authenticator()
        {
            return authenticator;
        }

        public Context strategyCatalog(final StrategyCatalog strategyCatalog)
        {
            this.strategyCatalog = strategyCatalog;
            return this;
        }

        public StrategyCatalog strategyCatalog()
        {
            return strategyCatalog;
        }

        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        public Context log(final Consumer<String> log)
        {
            this.log = log;
            return this;
        }

        public Consumer<String> log()
        {
            return log;
        }

        /**
         * For baselines only (the benchmarks' raw echo): a service that runs in place of the {@link ClusteredEngine}
         * on the same driver, archive, consensus module, layout and client authentication, with no journals, status
         * file or snapshot schedule. Null (the default): the engine.
         */
        public Context clusteredService(final Supplier<ClusteredService> clusteredService)
        {
            this.clusteredService = clusteredService;
            return this;
        }

        public Supplier<ClusteredService> clusteredService()
        {
            return clusteredService;
        }
    }
}
