package io.tradingcore.projections.business;

import io.tradingcore.cluster.ClusterLayout;
import io.tradingcore.cluster.ClusterNode;
import io.tradingcore.pipeline.SystemProperties;
import io.tradingcore.pipeline.TradingCore;
import io.tradingcore.projections.Projection;
import io.tradingcore.projections.business.quota.CommandSender;
import io.tradingcore.projections.business.quota.QuotaListener;
import io.tradingcore.projections.business.quota.QuotaSink;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * The business services that follow the event stream, in one process: the quota service (a projection with its own
 * checkpoint, {@link QuotaSink}), the sender of its commands to the engine ({@link CommandSender}), and the roll of
 * subscription periods. Each runs on a thread of its own until {@link #close()}.
 */
public final class BusinessService implements AutoCloseable
{
    public static final String SERVICE = "business";
    /** True: command the clustered core (README, "Running the core as a cluster") instead of the core's ingress. */
    public static final String CLUSTER_PROP_NAME = "tradingcore.business.cluster";
    /** In cluster mode, the member whose journals the quota service follows (DATA/cluster/node-N). */
    public static final String FOLLOW_MEMBER_PROP_NAME = "tradingcore.business.followMember";

    private final Projection quotas;
    private final CommandSender sender;
    private final Subscriptions subscriptions;
    private final Thread quotaThread;
    private final Thread senderThread;
    private final Thread periodThread;
    private final PrintStream log;
    private volatile boolean running = true;

    /**
     * @param data     the core's data folder (journals, Aeron directory, the core's clients file); in cluster mode
     *                 ({@value #CLUSTER_PROP_NAME}) the folder whose {@code cluster/} holds the members.
     * @param listener told of quota warnings and limits (notifications).
     */
    public BusinessService(final Path data, final BusinessDatabase database, final SubscriptionTiers tiers,
        final QuotaListener listener, final PrintStream log) throws SQLException
    {
        this.log = log;
        subscriptions = new Subscriptions(database, tiers);
        final boolean clustered = SystemProperties.booleanValue(CLUSTER_PROP_NAME, false);
        final Path journals;
        if (clustered)
        {
            final ClusterLayout layout = ClusterLayout.parse(
                SystemProperties.stringValue(ClusterNode.Context.HOSTS_PROP_NAME, ClusterNode.Context.HOSTS_DEFAULT),
                SystemProperties.intValue(ClusterNode.Context.BASE_PORT_PROP_NAME,
                ClusterNode.Context.BASE_PORT_DEFAULT));
            final int member = SystemProperties.intValue(FOLLOW_MEMBER_PROP_NAME, 0);
            if (member < 0 || member >= layout.memberCount())
            {
                throw new IllegalArgumentException(FOLLOW_MEMBER_PROP_NAME + "=" + member + " is not one of the " +
                    layout.memberCount() + " members");
            }
            journals = data.resolve("cluster").resolve("node-" + member);
            sender = CommandSender.openClustered(database, SERVICE, layout, Path.of(SystemProperties.stringValue(
                ClusterNode.Context.CLIENTS_FILE_PROP_NAME, data.resolve("cluster").resolve("ingress-clients")
                .toString())), data.resolve("business").resolve("cluster.key"), log);
        }
        else
        {
            journals = data;
            sender = CommandSender.open(database, SERVICE, data.resolve("aeron"),
                TradingCore.Configuration.commandIngressChannel(), TradingCore.Configuration.commandIngressStreamId(),
                TradingCore.Configuration.commandResponseChannel(),
                TradingCore.Configuration.commandResponseStreamId(), data.resolve("core").resolve("ingress-clients"),
                data.resolve("business").resolve("core.key"), log);
        }
        quotas = new Projection(new QuotaSink(database, tiers, listener, sender.clientSessionId(), sender::acknowledge),
            new Projection.Context().dataDirectory(journals).lingerMs(10).log(log));
        quotaThread = new Thread(() -> quotas.run(() -> running), "business-quotas");
        senderThread = new Thread(() -> sender.run(() -> running), "business-commands");
        periodThread = new Thread(this::rollPeriods, "business-periods");
        quotaThread.start();
        senderThread.start();
        periodThread.start();
    }

    public Subscriptions subscriptions()
    {
        return subscriptions;
    }

    /** Where the quota service has got in the journals. */
    public Projection quotas()
    {
        return quotas;
    }

    private void rollPeriods()
    {
        while (running)
        {
            try
            {
                final int rolled = subscriptions.rollPeriods(LocalDate.now(ZoneOffset.UTC));
                if (rolled > 0)
                {
                    log.println("business: " + rolled + " subscription periods rolled on");
                }
            }
            catch (final SQLException ex)
            {
                log.println("business: subscription periods not rolled (PostgreSQL): " + ex.getMessage());
            }
            try
            {
                TimeUnit.SECONDS.sleep(60);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    @Override
    public void close()
    {
        running = false;
        periodThread.interrupt();
        try
        {
            quotaThread.join(10_000);
            senderThread.join(10_000);
            periodThread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        quotas.close();
    }
}
