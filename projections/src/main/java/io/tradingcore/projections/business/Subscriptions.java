package io.tradingcore.projections.business;

import io.tradingcore.projections.business.quota.QuotaSink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Each tenant's subscription: its tier and the period paid for. A tenant without one is on Free for the current
 * month. A downgrade waits for the period's end; an upgrade needs a payment and takes effect at once when it is paid
 * ({@link #upgradePaid}): the quota follows in the same transaction and the gateway's rate limits within seconds (it
 * reads the tier from {@code gateway.tenants}, which this updates when that schema is there).
 */
public final class Subscriptions
{
    /** A tenant's subscription. */
    public record Subscription(
        int tenantId, String tier, LocalDate periodStart, LocalDate periodEnd, String pendingTier)
    {
    }

    private final BusinessDatabase database;
    private final SubscriptionTiers tiers;

    public Subscriptions(final BusinessDatabase database, final SubscriptionTiers tiers)
    {
        this.database = database;
        this.tiers = tiers;
    }

    public SubscriptionTiers tiers()
    {
        return tiers;
    }

    /** The tenant's subscription, Free for this month when it has none yet (made then). */
    public Subscription current(final int tenantId, final LocalDate today) throws SQLException
    {
        try (Connection connection = database.connect())
        {
            return current(connection, tenantId, today);
        }
    }

    public static Subscription current(final Connection connection, final int tenantId, final LocalDate today)
        throws SQLException
    {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO subscriptions (tenant_id, tier, " +
            "period_start, period_end) VALUES (?, 'free', ?, ?) ON CONFLICT (tenant_id) DO NOTHING"))
        {
            insert.setInt(1, tenantId);
            insert.setObject(2, today.withDayOfMonth(1));
            insert.setObject(3, today.withDayOfMonth(1).plusMonths(1));
            insert.executeUpdate();
        }
        return find(connection, tenantId).orElseThrow();
    }

    private static Optional<Subscription> find(final Connection connection, final int tenantId) throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("SELECT tier, period_start, period_end, " +
            "pending_tier FROM subscriptions WHERE tenant_id = ?"))
        {
            select.setInt(1, tenantId);
            try (ResultSet row = select.executeQuery())
            {
                return row.next() ? Optional.of(new Subscription(tenantId, row.getString(1),
                    row.getObject(2, LocalDate.class), row.getObject(3, LocalDate.class), row.getString(4))) :
                    Optional.empty();
            }
        }
    }

    /** True when moving to {@code tier} costs more a month: it needs a payment first. */
    public boolean isUpgrade(final Subscription subscription, final String tier)
    {
        return tiers.tier(tier).priceIdr() > tiers.tier(subscription.tier()).priceIdr();
    }

    /** A move to a cheaper tier (or back to the current one), from the period's end. */
    public Subscription downgradeAtPeriodEnd(final int tenantId, final String tier, final LocalDate today)
        throws SQLException
    {
        tiers.tier(tier);
        try (Connection connection = database.connect())
        {
            final Subscription current = current(connection, tenantId, today);
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE subscriptions SET pending_tier = ?, updated_at = now() WHERE tenant_id = ?"))
            {
                update.setString(1, tier.equals(current.tier()) ? null : tier);
                update.setInt(2, tenantId);
                update.executeUpdate();
            }
            return find(connection, tenantId).orElseThrow();
        }
    }

    /**
     * An upgrade was paid: the tier changes now, for a month from today, and a quota that stopped the tenant today is
     * lifted if the new tier allows more. In the payment's transaction.
     */
    public void upgradePaid(final Connection connection, final int tenantId, final String tier, final LocalDate today)
        throws SQLException
    {
        final Tier newTier = tiers.tier(tier);
        current(connection, tenantId, today);
        try (PreparedStatement update = connection.prepareStatement("UPDATE subscriptions SET tier = ?, " +
            "period_start = ?, period_end = ?, pending_tier = NULL, updated_at = now() WHERE tenant_id = ?"))
        {
            update.setString(1, tier);
            update.setObject(2, today);
            update.setObject(3, today.plusMonths(1));
            update.setInt(4, tenantId);
            update.executeUpdate();
        }
        QuotaSink.onTierChanged(connection, tenantId, newTier.ordersPerDay(), today);
        gatewayTier(connection, tenantId, tier);
    }

    /** A paid monthly invoice: the period is extended by a month. */
    public void extend(final Connection connection, final int tenantId) throws SQLException
    {
        try (PreparedStatement update = connection.prepareStatement("UPDATE subscriptions SET period_end = " +
            "(period_end + INTERVAL '1 month')::date, updated_at = now() WHERE tenant_id = ?"))
        {
            update.setInt(1, tenantId);
            update.executeUpdate();
        }
    }

    /** Periods that ended by {@code today} roll on, with their pending downgrade applied. @return periods rolled. */
    public int rollPeriods(final LocalDate today) throws SQLException
    {
        int rolled = 0;
        try (Connection connection = database.connect())
        {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement("SELECT tenant_id, pending_tier FROM " +
                "subscriptions WHERE period_end <= ? FOR UPDATE"))
            {
                select.setObject(1, today);
                try (ResultSet row = select.executeQuery())
                {
                    while (row.next())
                    {
                        final int tenantId = row.getInt(1);
                        final String pending = row.getString(2);
                        try (PreparedStatement update = connection.prepareStatement("UPDATE subscriptions SET " +
                            "tier = COALESCE(pending_tier, tier), pending_tier = NULL, period_start = period_end, " +
                            "period_end = (period_end + INTERVAL '1 month')::date, updated_at = now() " +
                            "WHERE tenant_id = ?"))
                        {
                            update.setInt(1, tenantId);
                            update.executeUpdate();
                        }
                        if (pending != null)
                        {
                            gatewayTier(connection, tenantId, pending);
                        }
                        rolled++;
                    }
                }
            }
            connection.commit();
        }
        return rolled;
    }

    /** The gateway reads a tenant's tier for its rate limits from its own schema, when it shares this database. */
    private static void gatewayTier(final Connection connection, final int tenantId, final String tier)
        throws SQLException
    {
        try (PreparedStatement exists = connection.prepareStatement(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = 'gateway' AND table_name = 'tenants'");
            ResultSet row = exists.executeQuery())
        {
            if (!row.next())
            {
                return;
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE gateway.tenants SET tier = ? WHERE tenant_id = ?"))
        {
            update.setString(1, tier);
            update.setInt(2, tenantId);
            update.executeUpdate();
        }
    }
}
