package io.tradingcore.projections.business.quota;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Told when a tenant nears or crosses its daily order quota, inside the quota service's transaction, so that what it
 * writes (a notification in the outbox) is stored with the counts or not at all.
 */
public interface QuotaListener
{
    /** The tenant has used 80% of the day's orders. */
    void onWarning(Connection connection, int tenantId, LocalDate day, long orders, long limit) throws SQLException;

    /** The tenant has used the day's orders: its accounts take no new order until the next day or an upgrade. */
    void onLimited(Connection connection, int tenantId, LocalDate day, long orders, long limit) throws SQLException;

    /**
     * An event of the engine that the tenant's users are told of: a risk alert, the kill switch, a late fill, a
     * position mismatch. {@code kind} is the notification kind's API name; {@code eventKey} names the event (its input
     * sequence and output index), so that a batch applied again tells nobody twice.
     */
    default void onAlert(final Connection connection, final int tenantId, final String kind, final String eventKey,
        final String text) throws SQLException
    {
    }

    /** Says nothing. */
    QuotaListener NONE = new QuotaListener()
    {
        @Override
        public void onWarning(final Connection connection, final int tenantId, final LocalDate day, final long orders,
            final long limit)
        {
        }

        @Override
        public void onLimited(final Connection connection, final int tenantId, final LocalDate day, final long orders,
            final long limit)
        {
        }
    };
}
