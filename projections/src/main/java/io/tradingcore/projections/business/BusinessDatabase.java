package io.tradingcore.projections.business;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The business services' tables in PostgreSQL, schema {@code business}: subscriptions, usage and quotas, invoices,
 * payments, notifications. Migrated by Flyway with a history of its own, so it shares a database with the projections'
 * tables and the gateway's {@code gateway} schema without either seeing the other's migrations.
 */
public final class BusinessDatabase
{
    public static final String SCHEMA = "business";
    public static final String LOCATION = "classpath:db/business";

    private final PGSimpleDataSource source;

    /** Connects and brings the schema up to date. */
    public BusinessDatabase(final String url, final String user, final String password)
    {
        source = source(url, user, password);
        Flyway.configure()
            .dataSource(source)
            .schemas(SCHEMA)
            .defaultSchema(SCHEMA)
            .locations(LOCATION)
            .load()
            .migrate();
    }

    /** A data source without a pool, connecting within 5 s; user and password may be null (the url's then). */
    public static PGSimpleDataSource source(final String url, final String user, final String password)
    {
        final PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(url);
        if (user != null)
        {
            source.setUser(user);
        }
        if (password != null)
        {
            source.setPassword(password);
        }
        source.setConnectTimeout(5);
        return source;
    }

    /** A connection whose search path starts at the business schema; the caller closes it. */
    public Connection connect() throws SQLException
    {
        final Connection connection = source.getConnection();
        try (java.sql.Statement statement = connection.createStatement())
        {
            statement.execute("SET search_path TO " + SCHEMA + ", public");
        }
        return connection;
    }
}
