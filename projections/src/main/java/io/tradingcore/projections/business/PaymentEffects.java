package io.tradingcore.projections.business;

import io.tradingcore.projections.business.billing.Invoices;
import io.tradingcore.projections.business.billing.UpgradeInvoices;
import io.tradingcore.projections.business.notifications.NotificationKind;
import io.tradingcore.projections.business.notifications.Notifications;
import io.tradingcore.projections.business.notifications.TelegramHtml;
import io.tradingcore.projections.business.payments.PaymentListener;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * What a confirmed payment changes, in the payment's transaction: the invoice is paid; an upgrade invoice changes the
 * tier at once (and lifts a quota that stopped the tenant today), a monthly one extends the period; the tenant's users
 * are told. A refund or chargeback opens the invoice again and, for an upgrade, puts the tier back.
 */
public final class PaymentEffects implements PaymentListener
{
    private final Subscriptions subscriptions;

    public PaymentEffects(final Subscriptions subscriptions)
    {
        this.subscriptions = subscriptions;
    }

    @Override
    public void onPaid(final Connection connection, final int tenantId, final String invoiceNumber,
        final String orderId) throws SQLException
    {
        Invoices.markPaid(connection, invoiceNumber, Instant.now());
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        final Optional<UpgradeInvoices.Upgrade> upgrade = UpgradeInvoices.upgrade(connection, invoiceNumber);
        if (upgrade.isPresent())
        {
            subscriptions.upgradePaid(connection, tenantId, upgrade.get().toTier(), today);
        }
        else
        {
            subscriptions.extend(connection, tenantId);
        }
        Notifications.enqueue(connection, tenantId, NotificationKind.PAYMENT, "paid:" + orderId,
            "<b>Payment received</b> for invoice " + TelegramHtml.escape(invoiceNumber) +
            upgrade.map(u -> ": your plan is now " + TelegramHtml.escape(u.toTier())).orElse(""));
    }

    @Override
    public void onReversed(final Connection connection, final int tenantId, final String invoiceNumber,
        final String orderId) throws SQLException
    {
        try (PreparedStatement update = connection.prepareStatement("UPDATE business.invoices SET status = 'open', " +
            "paid_at = NULL WHERE number = ?"))
        {
            update.setString(1, invoiceNumber);
            update.executeUpdate();
        }
        final Optional<UpgradeInvoices.Upgrade> upgrade = UpgradeInvoices.upgrade(connection, invoiceNumber);
        if (upgrade.isPresent())
        {
            subscriptions.upgradePaid(connection, tenantId, upgrade.get().fromTier(), LocalDate.now(ZoneOffset.UTC));
        }
        Notifications.enqueue(connection, tenantId, NotificationKind.PAYMENT, "reversed:" + orderId,
            "<b>Payment reversed</b> (refund or chargeback) for invoice " + TelegramHtml.escape(invoiceNumber));
    }
}
