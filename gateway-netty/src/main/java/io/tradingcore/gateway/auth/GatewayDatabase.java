package io.tradingcore.gateway.auth;

import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Properties;
import java.util.concurrent.Semaphore;

/**
 * The gateway's tables in PostgreSQL (schema {@code gateway}, migrations in {@code db/gateway} with their own Flyway
 * history table) and the connections to reach them. Every piece of work runs in one transaction that names its
 * tenant ({@code SET LOCAL gateway.tenant_id}); row-level security then shows it that tenant's users and refresh
 * tokens and no other, whatever SQL it runs.
 *
 * <p>Row-level security never binds a superuser or a role with BYPASSRLS, even when forced. When the gateway connects
 * as one (the development server's {@code postgres}), each transaction switches to the plain role
 * {@value #APPLICATION_ROLE}, which this class creates and grants the tables to; a plain login role, the owner of the
 * tables, is bound as it is.
 */
public final class GatewayDatabase implements AutoCloseable
{
    /** The role a superuser connection acts as, so that row-level security binds it. */
    public static final String APPLICATION_ROLE = "tradingcore_gateway";
    public static final String SCHEMA = "gateway";
    public static final String LOCATION = "classpath:db/gateway";
    public static final int MAX_CONNECTIONS_DEFAULT = 8;

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T>
    {
        T run(Connection connection) throws SQLException;
    }

    private final String url;
    private final Properties credentials = new Properties();
    private final Semaphore permits;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final boolean switchRole;
    private volatile boolean closed;

    /** Connects with at most {@value #MAX_CONNECTIONS_DEFAULT} connections and migrates the schema. */
    public GatewayDatabase(final String url, final String user, final String password)
    {
        this(url, user, password, MAX_CONNECTIONS_DEFAULT);
    }

    /**
     * Connects and brings the schema up to date.
     *
     * @param url            the JDBC url; it may carry the user and password itself.
     * @param user           the user, or null when the url names it.
     * @param password       the password, or null.
     * @param maxConnections the most connections open at once; work beyond them waits.
     */
    public GatewayDatabase(final String url, final String user, final String password, final int maxConnections)
    {
        if (maxConnections < 1)
        {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        this.url = url;
        if (user != null)
        {
            credentials.setProperty("user", user);
        }
        if (password != null)
        {
            credentials.setProperty("password", password);
        }
        this.permits = new Semaphore(maxConnections, true);
        Flyway.configure()
            .dataSource(url, user, password)
            .schemas(SCHEMA)
            .locations(LOCATION)
            .load()
            .migrate();
        try (Connection connection = DriverManager.getConnection(url, credentials))
        {
            switchRole = unboundByRowSecurity(connection);
            if (switchRole)
            {
                grantApplicationRole(connection);
            }
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("the gateway's database is not usable: " + ex.getMessage(), ex);
        }
    }

    /** Runs {@code work} in a transaction that sees {@code tenantId}'s rows only. */
    public <T> T inTenant(final int tenantId, final Work<T> work) throws SQLException
    {
        return transaction(Integer.toString(tenantId), work);
    }

    /** Runs {@code work} in a transaction of no tenant: tenants and revoked access tokens, no users. */
    public <T> T inPlatform(final Work<T> work) throws SQLException
    {
        return transaction("", work);
    }

    private <T> T transaction(final String tenant, final Work<T> work) throws SQLException
    {
        final Connection connection = borrow();
        boolean healthy = false;
        try
        {
            try (PreparedStatement statement = connection.prepareStatement(
                "SELECT set_config('gateway.tenant_id', ?, true)"))
            {
                statement.setString(1, tenant);
                statement.execute();
            }
            if (switchRole)
            {
                try (Statement statement = connection.createStatement())
                {
                    statement.execute("SET LOCAL ROLE " + APPLICATION_ROLE);
                }
            }
            final T result = work.run(connection);
            connection.commit();
            healthy = true;
            return result;
        }
        finally
        {
            if (!healthy)
            {
                healthy = rollback(connection);
            }
            giveBack(connection, healthy);
        }
    }

    private Connection borrow() throws SQLException
    {
        if (closed)
        {
            throw new SQLException("the gateway's database is closed");
        }
        try
        {
            permits.acquire();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", ex);
        }
        Connection connection;
        synchronized (idle)
        {
            connection = idle.pollFirst();
        }
        try
        {
            if (connection == null)
            {
                connection = DriverManager.getConnection(url, credentials);
                connection.setAutoCommit(false);
            }
            return connection;
        }
        catch (final SQLException | RuntimeException ex)
        {
            permits.release();
            throw ex;
        }
    }

    private void giveBack(final Connection connection, final boolean healthy)
    {
        try
        {
            if (healthy && !closed)
            {
                synchronized (idle)
                {
                    idle.addFirst(connection);
                }
            }
            else
            {
                closeQuietly(connection);
            }
        }
        finally
        {
            permits.release();
        }
    }

    private static boolean rollback(final Connection connection)
    {
        try
        {
            connection.rollback();
            return true;
        }
        catch (final SQLException ex)
        {
            return false;
        }
    }

    private static void closeQuietly(final Connection connection)
    {
        try
        {
            connection.close();
        }
        catch (final SQLException ignored)
        {
            // A broken connection is dropped; closing it is a courtesy to the server.
        }
    }

    private static boolean unboundByRowSecurity(final Connection connection) throws SQLException
    {
        try (Statement statement = connection.createStatement();
            ResultSet row = statement.executeQuery(
                "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"))
        {
            return row.next() && row.getBoolean(1);
        }
    }

    /** Creates the application role when absent (roles belong to the server, shared by databases) and grants it. */
    private static void grantApplicationRole(final Connection connection) throws SQLException
    {
        try (Statement statement = connection.createStatement())
        {
            statement.execute(
                "DO $$ BEGIN " +
                "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + APPLICATION_ROLE + "') THEN " +
                "CREATE ROLE " + APPLICATION_ROLE + " NOLOGIN NOSUPERUSER NOBYPASSRLS; END IF; " +
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
            statement.execute("GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + APPLICATION_ROLE);
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON gateway.tenants, gateway.users, " +
                "gateway.refresh_tokens, gateway.revoked_access_tokens TO " + APPLICATION_ROLE);
            statement.execute("GRANT USAGE, SELECT ON SEQUENCE gateway.users_user_id_seq TO " + APPLICATION_ROLE);
        }
    }

    @Override
    public void close()
    {
        closed = true;
        synchronized (idle)
        {
            Connection connection;
            while ((connection = idle.pollFirst()) != null)
            {
                closeQuietly(connection);
            }
        }
    }
}
