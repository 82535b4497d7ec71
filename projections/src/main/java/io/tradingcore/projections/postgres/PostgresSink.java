package io.tradingcore.projections.postgres;

import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.ParkedEvent;
import io.tradingcore.projections.Sink;
import io.tradingcore.projections.SinkException;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL projection (projections/README-postgres.md): tenants, accounts, instruments, orders and their events,
 * fills, positions, account states, risk events, daily P&L, usage metering and dead letters, each batch written with
 * its checkpoint in one transaction on one connection. The schema is Flyway's ({@code db/postgres}), brought up to
 * date when the sink first connects.
 * <p>
 * A failure that leaves the server unreachable drops the connection; the next call connects again, so the sink
 * carries on by itself once the server is back.
 */
public final class PostgresSink implements Sink
{
    public static final String NAME = "postgres";

    /** The url less its parameters, which may hold a password: what messages name. */
    private final String server;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();
    private final InstrumentDigits digits = new InstrumentDigits();
    private final BatchRows rows = new BatchRows(digits);
    private Connection connection;
    private boolean migrated;

    /** A unit of work on the connection, run in one transaction. */
    @FunctionalInterface
    private interface Work<T>
    {
        T run(Connection connection) throws SQLException;
    }

    /**
     * @param url      a JDBC url, {@code jdbc:postgresql://host:port/database}, its parameters kept
     * @param user     null to take the user from the url
     * @param password null when the url has it or the server asks for none
     */
    public PostgresSink(final String url, final String user, final String password)
    {
        this.server = url.indexOf('?') < 0 ? url : url.substring(0, url.indexOf('?'));
        dataSource.setApplicationName("tradingcore-projection-postgres");
        dataSource.setTcpKeepAlive(true);
        dataSource.setURL(url);
        if (user != null)
        {
            dataSource.setUser(user);
        }
        if (password != null)
        {
            dataSource.setPassword(password);
        }
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void open() throws SinkException
    {
        connection();
    }

    @Override
    public boolean wantsInput(final int templateId)
    {
        return templateId == MarketTickDecoder.TEMPLATE_ID || templateId == DefineInstrumentDecoder.TEMPLATE_ID ||
            templateId == DefineTenantDecoder.TEMPLATE_ID || templateId == AccountUpdateDecoder.TEMPLATE_ID;
    }

    @Override
    public Checkpoint checkpoint() throws SinkException
    {
        return transaction("cannot read the checkpoint", connection ->
        {
            try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                    "SELECT last_input, output_input, output_index FROM checkpoint"))
            {
                return row.next() ? new Checkpoint(row.getLong(1), row.getLong(2), row.getInt(3)) : Checkpoint.ZERO;
            }
        });
    }

    @Override
    public void apply(final EventBatch batch) throws SinkException
    {
        transaction("batch to " + batch.checkpoint() + " not stored", connection ->
        {
            rows.write(batch, batch.checkpoint(), connection);
            return null;
        });
    }

    @Override
    public List<ParkedEvent> parked() throws SinkException
    {
        return transaction("cannot read the dead letters", connection ->
        {
            final List<ParkedEvent> parked = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT input_sequence, output_index, time_ns, tenant_id, " +
                    "account_id, message, reason FROM dead_letters ORDER BY input_sequence, output_index"))
            {
                while (row.next())
                {
                    final int outputIndex = row.getInt(2);
                    parked.add(new ParkedEvent(outputIndex == 0, row.getLong(1), outputIndex, row.getLong(3),
                        row.getInt(4), row.getLong(5), row.getBytes(6), row.getString(7)));
                }
            }
            return parked;
        });
    }

    @Override
    public void applyParked(final EventBatch batch) throws SinkException
    {
        transaction("parked events not applied", connection ->
        {
            DeadLetterRows.delete(batch, connection);
            rows.write(batch, null, connection);
            return null;
        });
    }

    @Override
    public void drop() throws SinkException
    {
        transaction("cannot drop the projection", connection ->
        {
            try (Statement statement = connection.createStatement())
            {
                statement.execute("TRUNCATE " + String.join(", ", Tables.PROJECTED) + ";\n" +
                    "UPDATE checkpoint SET last_input = 0, output_input = 0, output_index = 0");
            }
            return null;
        });
        rows.forget();
    }

    @Override
    public Map<String, Long> rowCounts() throws SinkException
    {
        final StringBuilder query = new StringBuilder();
        for (final String table : Tables.ALL)
        {
            query.append(query.length() == 0 ? "" : " UNION ALL ").append("SELECT '").append(table)
                .append("', count(*) FROM ").append(table);
        }
        return transaction("cannot count rows", connection ->
        {
            final Map<String, Long> counts = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(query.toString()))
            {
                while (row.next())
                {
                    counts.put(row.getString(1), row.getLong(2));
                }
            }
            return counts;
        });
    }

    @Override
    public void close()
    {
        disconnect();
    }

    private <T> T transaction(final String what, final Work<T> work) throws SinkException
    {
        final Connection current = connection();
        try
        {
            final T result = work.run(current);
            current.commit();
            rows.committed();
            return result;
        }
        catch (final SQLException ex)
        {
            rows.rolledBack();
            final SinkException failure = SqlErrors.classify(what, ex, isClosed(current));
            if (failure.kind() == SinkException.Kind.UNAVAILABLE)
            {
                disconnect();
            }
            else
            {
                rollback();
            }
            throw failure;
        }
        catch (final UnstorableEvent ex)
        {
            rows.rolledBack();
            rollback();
            throw SinkException.rejected(what + ": " + ex.getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            rows.rolledBack();
            rollback(); // a fault of this code: the connection must not stay in a failed transaction
            throw ex;
        }
    }

    /**
     * The connection, made when there is none, the schema migrated the first time. A server that cannot be reached or
     * refuses the connection itself (credentials, a missing database) is UNAVAILABLE whatever its SQLState: no event
     * is at fault, and the sink carries on once the server or its settings are put right.
     */
    private Connection connection() throws SinkException
    {
        if (connection != null)
        {
            return connection;
        }
        final Connection fresh;
        try
        {
            fresh = dataSource.getConnection();
        }
        catch (final SQLException ex)
        {
            throw SqlErrors.classify("cannot connect to " + server, ex, true);
        }
        try
        {
            if (!migrated)
            {
                Migrations.migrate(dataSource);
                migrated = true;
            }
            fresh.setAutoCommit(false);
            digits.load(fresh);
            fresh.commit();
            connection = fresh;
            return fresh;
        }
        catch (final SQLException ex)
        {
            close(fresh);
            throw SqlErrors.classify("cannot prepare the session at " + server, ex, isClosed(fresh));
        }
        catch (final FlywayException ex)
        {
            close(fresh);
            final SQLException cause = sqlCause(ex);
            if (cause != null)
            {
                throw SqlErrors.classify("cannot migrate the schema at " + server, cause, false);
            }
            throw SinkException.rejected("cannot migrate the schema at " + server + ": " + ex.getMessage(), ex);
        }
    }

    private static SQLException sqlCause(final Throwable failure)
    {
        for (Throwable at = failure; at != null; at = at.getCause())
        {
            if (at instanceof SQLException sql)
            {
                return sql;
            }
        }
        return null;
    }

    private void rollback()
    {
        try
        {
            connection.rollback();
        }
        catch (final SQLException ex)
        {
            disconnect(); // a connection that cannot roll back is of no more use; the next call makes another
        }
    }

    private void disconnect()
    {
        if (connection != null)
        {
            close(connection);
            connection = null;
        }
    }

    private static boolean isClosed(final Connection connection)
    {
        try
        {
            return connection.isClosed();
        }
        catch (final SQLException ex)
        {
            return true;
        }
    }

    private static void close(final Connection connection)
    {
        try
        {
            connection.close();
        }
        catch (final SQLException ex)
        {
            // closing a broken connection: nothing is left to release on this side
        }
    }
}
