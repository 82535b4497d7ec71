package io.tradingcore.projections.business.billing;

import io.tradingcore.projections.business.Tier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The invoice of an upgrade: a month of the dearer tier, paid before the tier changes. Numbered from the issuer's one
 * gap-free sequence like every invoice; an open one for the same tier is answered again rather than issued twice.
 */
public final class UpgradeInvoices
{
    /** An upgrade invoice's tiers. */
    public record Upgrade(String fromTier, String toTier)
    {
    }

    private UpgradeInvoices()
    {
    }

    /** The tenant's open invoice for an upgrade to {@code tier}, or a new one; in the caller's transaction. */
    public static Invoice issue(final Connection connection, final String issuer, final int taxBps, final int tenantId,
        final Tier from, final Tier to, final Instant now) throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("SELECT number FROM business.invoices WHERE " +
            "tenant_id = ? AND kind = 'upgrade' AND upgrade_tier = ? AND status = 'open' ORDER BY issued_at DESC " +
            "LIMIT 1"))
        {
            select.setInt(1, tenantId);
            select.setString(2, to.name());
            try (ResultSet row = select.executeQuery())
            {
                if (row.next())
                {
                    return Invoices.find(connection, row.getString(1)).orElseThrow();
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO business.invoice_sequences (issuer) VALUES (?) ON CONFLICT DO NOTHING"))
        {
            insert.setString(1, issuer);
            insert.executeUpdate();
        }
        final YearMonth period = YearMonth.from(now.atZone(ZoneOffset.UTC));
        final List<InvoiceLine> lines = List.of(InvoiceLine.of(1, "Upgrade from " + from.name() + " to " + to.name() +
            ": a month of " + to.name() + " from the payment", 1, to.priceIdr()));
        final long subtotal = to.priceIdr();
        final long tax = Rupiah.tax(subtotal, taxBps);
        final String number = Billing.takeNumber(connection, issuer, period.getYear());
        final Invoice invoice = new Invoice(number, issuer, tenantId, period, now, "IDR", subtotal, taxBps, tax,
            subtotal + tax, Invoice.OPEN, null, lines);
        Billing.store(connection, invoice);
        try (PreparedStatement update = connection.prepareStatement("UPDATE business.invoices SET kind = 'upgrade', " +
            "upgrade_tier = ?, from_tier = ? WHERE number = ?"))
        {
            update.setString(1, to.name());
            update.setString(2, from.name());
            update.setString(3, number);
            update.executeUpdate();
        }
        return invoice;
    }

    /** What the invoice upgrades, when it is an upgrade invoice. */
    public static Optional<Upgrade> upgrade(final Connection connection, final String number) throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT from_tier, upgrade_tier FROM business.invoices WHERE number = ? AND kind = 'upgrade'"))
        {
            select.setString(1, number);
            try (ResultSet row = select.executeQuery())
            {
                return row.next() ? Optional.of(new Upgrade(row.getString(1), row.getString(2))) : Optional.empty();
            }
        }
    }
}
