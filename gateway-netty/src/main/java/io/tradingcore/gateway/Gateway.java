package io.tradingcore.gateway;

import io.tradingcore.gateway.auth.Auth;
import io.tradingcore.gateway.auth.FirstUser;
import io.tradingcore.gateway.auth.GatewayDatabase;
import io.tradingcore.gateway.auth.JavaVersionCheck;
import io.tradingcore.gateway.auth.LoginLimiter;
import io.tradingcore.gateway.auth.Tenant;
import io.tradingcore.gateway.auth.TokenService;
import io.tradingcore.gateway.business.ApiUsage;
import io.tradingcore.gateway.business.BusinessRoutes;
import io.tradingcore.gateway.core.CoreLink;
import io.tradingcore.gateway.dashboard.DashboardRoutes;
import io.tradingcore.gateway.http.HttpServer;
import io.tradingcore.gateway.http.Router;
import io.tradingcore.gateway.ops.CoreCountersReader;
import io.tradingcore.gateway.ops.GatewayMetrics;
import io.tradingcore.gateway.ops.HealthRoute;
import io.tradingcore.gateway.ops.OpenApiRoute;
import io.tradingcore.gateway.ops.PlatformHealth;
import io.tradingcore.gateway.ops.ProjectionStatuses;
import io.tradingcore.gateway.ops.RateLimits;
import io.tradingcore.gateway.ops.StatusFrame;
import io.tradingcore.gateway.research.SimilarRoutes;
import io.tradingcore.gateway.stream.StreamEndpoint;
import io.tradingcore.gateway.trading.HistoryRoutes;
import io.tradingcore.gateway.trading.TradingRoutes;
import io.tradingcore.projections.SinkSettings;
import io.tradingcore.projections.business.BusinessDatabase;
import io.tradingcore.projections.business.SubscriptionTiers;
import io.tradingcore.projections.weaviate.SimilarStates;
import io.tradingcore.projections.weaviate.WeaviateSink;
import org.agrona.CloseHelper;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway as one object: users and tokens in PostgreSQL, the link to the core (its view and its command
 * ingress), the routes, limits, health and metrics, the live stream, and the HTTP server on top. Built from a
 * {@link GatewayContext}; {@link #close()} stops it all.
 */
public final class Gateway implements AutoCloseable
{
    private static final long TENANT_SYNC_INTERVAL_MS = 5_000;
    private static final long API_USAGE_FLUSH_MS = 5_000;

    private final GatewayContext context;
    private final PrintStream log;
    private final GatewayDatabase database;
    private final BusinessDatabase business;
    private final SubscriptionTiers tiersConfig;
    private final Auth auth;
    private final CoreLink core;
    private final CoreCountersReader coreCounters;
    private final ExecutorService workers;
    private final ScheduledExecutorService housekeeping;
    private final Map<Integer, String> tiers = new ConcurrentHashMap<>();
    private final Router router;
    private final ApiUsage apiUsage;
    private final StreamEndpoint stream;
    private final HttpServer server;
    private final Optional<FirstUser.Credentials> firstUser;

    private Gateway(final GatewayContext context, final PrintStream log) throws Exception
    {
        this.context = context;
        this.log = log;
        final SinkSettings settings = SinkSettings.load(context.configFile(), context.dataDirectory(), System.getenv());
        final String url = settings.require("postgres.url");
        final String user = settings.get("postgres.user", "postgres");
        final String password = settings.password("postgres");
        database = new GatewayDatabase(url, user, password);
        business = new BusinessDatabase(url, user, password);
        tiersConfig = SubscriptionTiers.load();
        auth = new Auth(database, new TokenService.Context().dataDirectory(context.dataDirectory()),
            new LoginLimiter.Context());
        final Path keyFile = context.gatewayDirectory().resolve("core.key");
        core = context.cluster() ?
            CoreLink.clustered(context.coreDirectory(), context.clusterHosts(), context.clusterBasePort(),
                context.clusterClientsFile(), keyFile, context.commandTimeoutMs(), log) :
            new CoreLink(context.dataDirectory(), context.aeronDirectory(), context.ingressChannel(),
                context.ingressStreamId(), context.responseChannel(), context.responseStreamId(), context.clientsFile(),
                keyFile, context.commandTimeoutMs(), log);
        if (context.cluster())
        {
            log.println("gateway: cluster mode: commands to the members at " + context.clusterHosts() + " from port " +
                context.clusterBasePort() + ", the view on member " + context.followMember() + "'s journals in " +
                context.coreDirectory());
        }
        firstUser = syncTenants(true);
        // In cluster mode no CnC file has the core's counters (each member has its own driver): the reader finds none.
        coreCounters = new CoreCountersReader(context.cluster() ? context.coreDirectory().resolve("aeron") :
            context.aeronDirectory());
        final ProjectionStatuses projections = new ProjectionStatuses(context.coreDirectory().resolve("projections"));
        final PlatformHealth health = context.cluster() ?
            new PlatformHealth(coreCounters, projections, () -> new PlatformHealth.Cluster(core.commandsOpen(),
                core.leaderMemberId(), context.followMember(), core.live())) :
            new PlatformHealth(coreCounters, projections);
        final GatewayMetrics metrics = new GatewayMetrics(coreCounters, projections,
            context.cluster() ? core::commandsOpen : null);
        apiUsage = new ApiUsage(new RateLimits(new RateLimits.Context()
            .tierOfTenant(tenantId -> tiers.getOrDefault(tenantId, "free"))), business);

        workers = Executors.newFixedThreadPool(context.workerThreads(), daemonThreads("gateway-worker"));
        housekeeping = Executors.newSingleThreadScheduledExecutor(daemonThreads("gateway-housekeeping"));
        housekeeping.scheduleWithFixedDelay(this::syncTenantsQuietly, TENANT_SYNC_INTERVAL_MS,
            TENANT_SYNC_INTERVAL_MS, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::flushApiUsage, API_USAGE_FLUSH_MS, API_USAGE_FLUSH_MS,
            TimeUnit.MILLISECONDS);

        router = new Router(workers);
        auth.register(router);
        new TradingRoutes(core).register(router);
        new HistoryRoutes(BusinessDatabase.source(url, user, password), core.view()).register(router);
        new BusinessRoutes(business, tiersConfig, log).register(router);
        similarRoutes(settings, log).register(router);
        new DashboardRoutes().register(router);
        new HealthRoute(health).register(router);
        metrics.register(router);
        new OpenApiRoute().register(router);
        stream = new StreamEndpoint(auth.authenticator(), new StatusFrame(health, coreCounters)::get,
            new StreamEndpoint.Context());
        core.streamListener(stream);
        server = new HttpServer(context.host(), context.port(), context.maxBodyBytes(), context.requestTimeoutMs(),
            context.idleTimeoutMs(), context.ioThreads(), router, auth.authenticator(), apiUsage, metrics, stream,
            failure -> log.println("gateway: " + failure));
    }

    /**
     * Starts the gateway: checks the Java version (JWT signatures need 17.0.3 or newer), connects to PostgreSQL and the
     * core, waits for the core's tenants and serves.
     */
    public static Gateway launch(final GatewayContext context, final PrintStream log) throws Exception
    {
        JavaVersionCheck.requireSafeJava();
        context.conclude();
        return new Gateway(context, log);
    }

    /** The port served. */
    public int port()
    {
        return server.port();
    }

    /** The credentials of the admin created at this data folder's first start, if this start created it. */
    public Optional<FirstUser.Credentials> firstUser()
    {
        return firstUser;
    }

    /** The routes served, for the check that the OpenAPI document names every one. */
    public Router router()
    {
        return router;
    }

    /** The live stream, for its counts. */
    public StreamEndpoint stream()
    {
        return stream;
    }

    public Auth auth()
    {
        return auth;
    }

    public CoreLink core()
    {
        return core;
    }

    /**
     * The tenants of the engine's reference data become the gateway's tenants; the lowest gets the first admin on
     * the first start. At the first start the gateway waits (up to a minute) for the core's journal to name one.
     */
    private Optional<FirstUser.Credentials> syncTenants(final boolean first) throws Exception
    {
        if (first)
        {
            final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (core.view().tenants().isEmpty() && System.nanoTime() < deadline)
            {
                Thread.sleep(50);
            }
            if (core.view().tenants().isEmpty())
            {
                throw new IllegalStateException("the core's journal in " + context.coreDirectory() +
                    " names no tenant after a minute: start the core first (" +
                    (context.cluster() ? "scripts/cluster start, and send the reference data" : "scripts/run") + ")");
            }
        }
        final Map<Integer, String> known = new java.util.HashMap<>();
        for (final Tenant tenant : auth.users().tenants())
        {
            known.put(tenant.tenantId(), tenant.name());
            tiers.put(tenant.tenantId(), tenant.tier());
        }
        Optional<FirstUser.Credentials> created = Optional.empty();
        for (final Map.Entry<Integer, String> tenant : core.view().tenants().entrySet())
        {
            if (!known.containsKey(tenant.getKey()))
            {
                auth.users().createTenant(tenant.getKey(), tenant.getValue());
                tiers.put(tenant.getKey(), "free");
            }
            if (first && created.isEmpty())
            {
                created = auth.ensureFirstUser(context.dataDirectory(), tenant.getKey(), tenant.getValue());
            }
        }
        return created;
    }

    /** The research route, on the Weaviate projection's server when the settings name one. */
    private static SimilarRoutes similarRoutes(final SinkSettings settings, final PrintStream log)
    {
        try
        {
            return new SimilarRoutes(new SimilarStates(WeaviateSink.client(settings)), null);
        }
        catch (final RuntimeException ex)
        {
            log.println("gateway: research off (no Weaviate): " + ex.getMessage());
            return new SimilarRoutes(null, ex.getMessage());
        }
    }

    private void flushApiUsage()
    {
        try
        {
            apiUsage.flush();
        }
        catch (final Exception ex)
        {
            log.println("gateway: API usage not stored (PostgreSQL): " + ex.getMessage());
        }
    }

    private void syncTenantsQuietly()
    {
        try
        {
            syncTenants(false);
        }
        catch (final Exception ex)
        {
            log.println("gateway: tenants not synchronised with the core: " + ex.getMessage());
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(final String name)
    {
        final AtomicInteger count = new AtomicInteger();
        return runnable ->
        {
            final Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(server, housekeeping::shutdownNow, workers::shutdownNow, core, coreCounters, database);
    }
}
