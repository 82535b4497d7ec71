package io.tradingcore.projections.business.quota;

import io.tradingcore.cluster.ClusterClient;
import io.tradingcore.cluster.ClusterLayout;
import io.tradingcore.pipeline.ClientKeys;
import io.tradingcore.pipeline.CommandClient;
import io.tradingcore.projections.business.BusinessDatabase;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Sends the command outbox to the engine, through the core's command ingress or to the clustered core
 * ({@link CommandLink}), in id order, each row's id as its client sequence on a client session the service keeps
 * across its restarts ({@code business.command_sessions}). After a
 * crash it sends again every row not yet marked done; the engine answers those it had applied as duplicates. A row
 * is marked done by the quota service when it sees the engine's {@code ClientCommandDone}.
 */
public final class CommandSender
{
    private static final int BATCH = 100;
    private static final long POLL_OUTBOX_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final BusinessDatabase database;
    private final CommandLink client;
    private final AtomicLong acknowledged = new AtomicLong();
    private final PrintStream log;
    private long offeredUpTo;
    private long nextOutboxPollNs;

    private CommandSender(final BusinessDatabase database, final CommandLink client, final PrintStream log)
    {
        this.database = database;
        this.client = client;
        this.log = log;
    }

    /**
     * A sender for service {@code service}, its key issued into the core's clients file on first use.
     *
     * @param aeronDirectory the core's media driver's directory.
     */
    public static CommandSender open(final BusinessDatabase database, final String service, final Path aeronDirectory,
        final String ingressChannel, final int ingressStreamId, final String responseChannel,
        final int responseStreamId, final Path clientsFile, final Path keyFile, final PrintStream log)
        throws SQLException
    {
        final long session = session(database, service);
        final byte[] key = ClientKeys.loadOrIssue(clientsFile, service, keyFile);
        final CommandClient client = new CommandClient(aeronDirectory.toString(), ingressChannel, ingressStreamId,
            responseChannel, responseStreamId, service, key, session, 1, 4096,
            error -> log.println(service + ": core link: " + error));
        return new CommandSender(database, CommandLink.of(client), log);
    }

    /**
     * A sender for service {@code service} to the clustered core, its key issued into the cluster's clients file on
     * first use.
     */
    public static CommandSender openClustered(final BusinessDatabase database, final String service,
        final ClusterLayout layout, final Path clientsFile, final Path keyFile, final PrintStream log)
        throws SQLException
    {
        final long session = session(database, service);
        final ClusterClient client = ClusterClient.launch(new ClusterClient.Context()
            .ingressEndpoints(layout.ingressEndpoints())
            .clientName(service)
            .key(ClientKeys.loadOrIssue(clientsFile, service, keyFile))
            .clientSessionId(session)
            .log(line -> log.println(service + ": cluster link: " + line)));
        return new CommandSender(database, CommandLink.of(client), log);
    }

    /** The service's client session id, made at its first start and kept. */
    public static long session(final BusinessDatabase database, final String service) throws SQLException
    {
        try (Connection connection = database.connect())
        {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO command_sessions (service, " +
                "client_session_id) VALUES (?, ?) ON CONFLICT (service) DO NOTHING"))
            {
                insert.setString(1, service);
                insert.setLong(2, 1 + (new SecureRandom().nextLong() >>> 2));
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT client_session_id FROM command_sessions WHERE service = ?"))
            {
                select.setString(1, service);
                try (ResultSet row = select.executeQuery())
                {
                    row.next();
                    return row.getLong(1);
                }
            }
        }
    }

    public long clientSessionId()
    {
        return client.clientSessionId();
    }

    /** The engine has done the commands up to this sequence (called from the quota service's thread). */
    public void acknowledge(final long sequence)
    {
        acknowledged.accumulateAndGet(sequence, Math::max);
    }

    /** Sends until {@code running} turns false. */
    public void run(final BooleanSupplier running)
    {
        final IdleStrategy idle = new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(10),
            TimeUnit.MILLISECONDS.toNanos(10));
        while (running.getAsBoolean())
        {
            int work = client.poll();
            client.acknowledge(acknowledged.get());
            final long now = System.nanoTime();
            if (client.isOpen() && now - nextOutboxPollNs >= 0)
            {
                nextOutboxPollNs = now + POLL_OUTBOX_NS;
                work += offerPending();
            }
            idle.idle(work);
        }
        client.close();
    }

    private int offerPending()
    {
        try (Connection connection = database.connect())
        {
            final List<CommandOutbox.Row> rows = CommandOutbox.pending(connection, offeredUpTo, BATCH);
            int offered = 0;
            for (final CommandOutbox.Row row : rows)
            {
                if (row.id() < client.nextSequence())
                {
                    // Sent by this process before, its answer not yet seen: the client resends it on a reconnect.
                    offeredUpTo = Math.max(offeredUpTo, row.id());
                    continue;
                }
                if (!client.offer(row.id(), new UnsafeBuffer(row.command()), 0, row.command().length))
                {
                    break;
                }
                log.println("business: sent command " + row.id() + " for tenant " + row.tenantId() + ": " +
                    row.description());
                offeredUpTo = row.id();
                offered++;
            }
            return offered;
        }
        catch (final SQLException ex)
        {
            log.println("business: the command outbox cannot be read (PostgreSQL): " + ex.getMessage());
            return 0;
        }
    }
}
