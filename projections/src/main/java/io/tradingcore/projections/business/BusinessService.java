package io.tradingcore.projections.business;

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

    private final Projection quotas;
    private final CommandSender sender;
    private final Subscriptions subscriptions;
    private final Thread quotaThread;
    private final Thread senderThread;
    private final Thread periodThread;
    private final PrintStream log;
    private volatile boolean running = true;

    /**
     * @param data     the core's data folder (journals, Aeron directory, the core's clients file).
     * @param listener told of quota warnings and limits (notifications).
     */
    public BusinessService(final Path data, final BusinessDatabase database, final SubscriptionTiers tiers,
        final QuotaListener listener, final PrintStream log) throws SQLException
    {
        this.log = log;
        subscriptions = new Subscriptions(database, tiers);
        sender = CommandSender.open(database, SERVICE, data.resolve("aeron"),
            TradingCore.Configuration.commandIngressChannel(), TradingCore.Configuration.commandIngressStreamId(),
            TradingCore.Configuration.commandResponseChannel(), TradingCore.Configuration.commandResponseStreamId(),
            data.resolve("core").resolve("ingress-clients"), data.resolve("business").resolve("core.key"), log);
        quotas = new Projection(new QuotaSink(database, tiers, listener, sender.clientSessionId(), sender::acknowledge),
            new Projection.Context().dataDirectory(data).lingerMs(10).log(log));
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
