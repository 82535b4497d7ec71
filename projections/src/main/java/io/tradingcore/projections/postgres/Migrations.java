package io.tradingcore.projections.postgres;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** Brings the schema up to date with Flyway, from the migrations in {@code db/postgres} on the class path. */
final class Migrations
{
    static final String LOCATION = "classpath:db/postgres";

    private Migrations()
    {
    }

    static void migrate(final DataSource dataSource)
    {
        Flyway.configure().dataSource(dataSource).locations(LOCATION).load().migrate();
    }
}
