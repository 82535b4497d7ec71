package io.tradingcore.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database of its own for one test class on the development PostgreSQL server ({@code TC_TEST_POSTGRES_URL}),
 * dropped at the end, so that test classes sharing the server never see each other's rows.
 */
public final class TestDatabase implements AutoCloseable
{
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:25432/postgres?user=postgres";

    final String name;
    private final String serverUrl;

    private TestDatabase(final String serverUrl, final String name)
    {
        this.serverUrl = serverUrl;
        this.name = name;
    }

    public static TestDatabase create(final String prefix)
    {
        final String env = System.getenv("TC_TEST_POSTGRES_URL");
        final String serverUrl = env == null || env.isBlank() ? DEFAULT_URL : env;
        final String name = prefix + "_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        final TestDatabase database = new TestDatabase(serverUrl, name);
        try (Connection admin = DriverManager.getConnection(serverUrl);
            Statement statement = admin.createStatement())
        {
            statement.execute("CREATE DATABASE " + name);
        }
        catch (final SQLException ex)
        {
            throw new AssertionError("PostgreSQL is not reachable at " + serverUrl + " (" + ex.getMessage() +
                "): run the tests through scripts/test, which starts the servers they need", ex);
        }
        return database;
    }

    /** The server's url with this database in place of the server's. */
    public String url()
    {
        return withDatabase(serverUrl, name);
    }

    public Connection connect() throws SQLException
    {
        return DriverManager.getConnection(url());
    }

    /** A connection to this database as another user (a tenant role). */
    Connection connectAs(final String user, final String password) throws SQLException
    {
        final Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(withoutCredentials(url()), properties);
    }

    /** The url less its user and password parameters, which would win over a connection's own. */
    static String withoutCredentials(final String url)
    {
        final int query = url.indexOf('?');
        if (query < 0)
        {
            return url;
        }
        final StringJoiner kept = new StringJoiner("&");
        for (final String parameter : url.substring(query + 1).split("&"))
        {
            if (!parameter.startsWith("user=") && !parameter.startsWith("password="))
            {
                kept.add(parameter);
            }
        }
        return url.substring(0, query) + (kept.length() == 0 ? "" : "?" + kept);
    }

    static String withDatabase(final String url, final String database)
    {
        final int query = url.indexOf('?');
        final String path = query < 0 ? url : url.substring(0, query);
        final int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    @Override
    public void close() throws SQLException
    {
        try (Connection admin = DriverManager.getConnection(serverUrl);
            Statement statement = admin.createStatement())
        {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
