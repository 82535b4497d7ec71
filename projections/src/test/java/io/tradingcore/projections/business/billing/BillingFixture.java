package io.tradingcore.projections.business.billing;

import io.tradingcore.projections.business.BusinessDatabase;
import io.tradingcore.projections.business.SubscriptionTiers;
import io.tradingcore.projections.postgres.PostgresSink;
import io.tradingcore.projections.postgres.TestDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A database of its own on the development PostgreSQL server with the business schema and, when asked, the postgres
 * projection's tables (its own migrations, so {@code public.usage} is the real one), and helpers to fill them.
 */
final class BillingFixture implements AutoCloseable
{
    static final Clock NEW_YEAR = Clock.fixed(Instant.parse("2027-01-01T02:00:00Z"), ZoneOffset.UTC);

    final TestDatabase database;
    final BusinessDatabase business;

    BillingFixture(final String name, final boolean withProjection) throws Exception
    {
        database = TestDatabase.create(name);
        if (withProjection)
        {
            try (PostgresSink sink = new PostgresSink(database.url(), null, null))
            {
                sink.open();
            }
        }
        business = new BusinessDatabase(database.url(), null, null);
    }

    Billing billing(final int taxBps)
    {
        return new Billing(new Billing.Context().database(business).tiers(SubscriptionTiers.load((Path)null))
            .taxBps(taxBps).issuer("TC").clock(NEW_YEAR));
    }

    void subscribe(final int tenantId, final String tier) throws SQLException
    {
        update("INSERT INTO business.subscriptions (tenant_id, tier, period_start, period_end) " +
            "VALUES (" + tenantId + ", '" + tier + "', DATE '2026-12-01', DATE '2027-01-01')");
    }

    void usage(final int tenantId, final String day, final long orders) throws SQLException
    {
        try (Connection connection = business.connect();
            PreparedStatement statement = connection.prepareStatement("INSERT INTO public.usage (tenant_id, day, " +
                "ticks, orders, fills, rejects, active_accounts) VALUES (?, ?, 0, ?, 0, 0, 1)"))
        {
            statement.setInt(1, tenantId);
            statement.setObject(2, LocalDate.parse(day));
            statement.setLong(3, orders);
            statement.executeUpdate();
        }
    }

    void update(final String sql) throws SQLException
    {
        try (Connection connection = business.connect(); Statement statement = connection.createStatement())
        {
            statement.execute(sql);
        }
    }

    long nextNumber() throws SQLException
    {
        return longs("SELECT next_number FROM business.invoice_sequences WHERE issuer = 'TC'").get(0);
    }

    /** The sequence part of every stored number, in order. */
    List<Long> storedNumbers() throws SQLException
    {
        return longs("SELECT substring(number from '[0-9]+$')::bigint AS n FROM business.invoices ORDER BY n");
    }

    List<Long> longs(final String sql) throws SQLException
    {
        final List<Long> values = new ArrayList<>();
        try (Connection connection = business.connect(); Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery(sql))
        {
            while (rows.next())
            {
                values.add(rows.getLong(1));
            }
        }
        return values;
    }

    @Override
    public void close() throws SQLException
    {
        database.close();
    }
}
