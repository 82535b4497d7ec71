package io.tradingcore.projections.business;

import io.tradingcore.projections.business.notifications.NotificationKind;
import io.tradingcore.projections.business.notifications.Notifications;
import io.tradingcore.projections.business.quota.QuotaListener;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * The quota service's warnings and limits, and the engine's alerts it follows, as Telegram notifications to the
 * tenant's users, written to the notification outbox in the quota service's transaction, keyed by tenant and day (or
 * by the event's place in the stream) so each is sent once.
 */
public final class QuotaNotices implements QuotaListener
{
    @Override
    public void onWarning(final Connection connection, final int tenantId, final LocalDate day, final long orders,
        final long limit) throws SQLException
    {
        Notifications.enqueue(connection, tenantId, NotificationKind.RISK_ALERT, "quota-warning:" + tenantId + ":" +
            day, "<b>Order quota</b>: " + orders + " of today's " + limit + " orders used (" + day +
            "). At " + limit + " new orders stop until tomorrow; an upgrade lifts the limit at once.");
    }

    @Override
    public void onAlert(final Connection connection, final int tenantId, final String kind, final String eventKey,
        final String text) throws SQLException
    {
        Notifications.enqueue(connection, tenantId, NotificationKind.of(kind), eventKey, text);
    }

    @Override
    public void onLimited(final Connection connection, final int tenantId, final LocalDate day, final long orders,
        final long limit) throws SQLException
    {
        Notifications.enqueue(connection, tenantId, NotificationKind.RISK_ALERT, "quota-limit:" + tenantId + ":" +
            day, "<b>Order quota reached</b>: " + orders + " of " + limit + " orders today (" + day +
            "). New orders are halted until tomorrow; open positions and orders are untouched.");
    }
}
