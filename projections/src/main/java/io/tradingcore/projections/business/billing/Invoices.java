package io.tradingcore.projections.business.billing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored invoices: queries, and marking one paid. Every method works in the caller's connection and transaction
 * (the payment service marks an invoice paid in the transaction that records the payment) and names its tables with
 * their schema, whatever the connection's search path.
 */
public final class Invoices
{
    private static final String SELECT = "SELECT number, issuer, tenant_id, period, issued_at, currency, subtotal, " +
        "tax_rate, tax, total, status, paid_at FROM business.invoices";

    private Invoices()
    {
    }

    /** The tenant's invoices, the latest period first. */
    public static List<Invoice> list(final Connection connection, final int tenantId) throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
            SELECT + " WHERE tenant_id = ? ORDER BY period DESC, number DESC"))
        {
            statement.setInt(1, tenantId);
            return read(connection, statement);
        }
    }

    /** Every invoice of a period, by number. */
    public static List<Invoice> ofPeriod(final Connection connection, final YearMonth period) throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(SELECT + " WHERE period = ? ORDER BY number"))
        {
            statement.setObject(1, period.atDay(1));
            return read(connection, statement);
        }
    }

    /** The invoice of this number if it is the tenant's; another tenant's is as absent as an unknown one. */
    public static Optional<Invoice> find(final Connection connection, final String number, final int tenantId)
        throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
            SELECT + " WHERE number = ? AND tenant_id = ?"))
        {
            statement.setString(1, number);
            statement.setInt(2, tenantId);
            final List<Invoice> found = read(connection, statement);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** The invoice of this number, whoever's it is (for the payment service, which has the number from its order). */
    public static Optional<Invoice> find(final Connection connection, final String number) throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(SELECT + " WHERE number = ?"))
        {
            statement.setString(1, number);
            final List<Invoice> found = read(connection, statement);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /**
     * Marks an open invoice paid, in the caller's transaction. Idempotent: an invoice already paid stays as it was
     * (its first {@code paid_at} is kept) and the answer is false.
     *
     * @return true when this call marked it paid, false when it already was.
     * @throws IllegalArgumentException when there is no invoice of this number.
     * @throws IllegalStateException    when the invoice is void.
     */
    public static boolean markPaid(final Connection connection, final String number, final Instant paidAt)
        throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
            "UPDATE business.invoices SET status = 'paid', paid_at = ? WHERE number = ? AND status = 'open'"))
        {
            statement.setTimestamp(1, Timestamp.from(paidAt));
            statement.setString(2, number);
            if (statement.executeUpdate() == 1)
            {
                return true;
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT status FROM business.invoices WHERE number = ?"))
        {
            statement.setString(1, number);
            try (ResultSet row = statement.executeQuery())
            {
                if (!row.next())
                {
                    throw new IllegalArgumentException("no invoice " + number);
                }
                if (Invoice.VOID.equals(row.getString(1)))
                {
                    throw new IllegalStateException("invoice " + number + " is void and cannot be paid");
                }
                return false;
            }
        }
    }

    private static List<Invoice> read(final Connection connection, final PreparedStatement statement)
        throws SQLException
    {
        final List<Invoice> invoices = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery())
        {
            while (rows.next())
            {
                final Timestamp paidAt = rows.getTimestamp("paid_at");
                final String number = rows.getString("number");
                invoices.add(new Invoice(number, rows.getString("issuer"), rows.getInt("tenant_id"),
                    YearMonth.from(rows.getObject("period", LocalDate.class)),
                    rows.getTimestamp("issued_at").toInstant(), rows.getString("currency"), rows.getLong("subtotal"),
                    rows.getInt("tax_rate"), rows.getLong("tax"), rows.getLong("total"), rows.getString("status"),
                    paidAt == null ? null : paidAt.toInstant(), List.of()));
            }
        }
        final List<Invoice> withLines = new ArrayList<>(invoices.size());
        for (final Invoice invoice : invoices)
        {
            withLines.add(new Invoice(invoice.number(), invoice.issuer(), invoice.tenantId(), invoice.period(),
                invoice.issuedAt(), invoice.currency(), invoice.subtotal(), invoice.taxRateBps(), invoice.tax(),
                invoice.total(), invoice.status(), invoice.paidAt(), lines(connection, invoice.number())));
        }
        return withLines;
    }

    private static List<InvoiceLine> lines(final Connection connection, final String number) throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("SELECT line_no, description, quantity, " +
            "unit_price, amount FROM business.invoice_lines WHERE invoice = ? ORDER BY line_no"))
        {
            statement.setString(1, number);
            final List<InvoiceLine> lines = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    lines.add(new InvoiceLine(rows.getInt(1), rows.getString(2), rows.getLong(3), rows.getLong(4),
                        rows.getLong(5)));
                }
            }
            return lines;
        }
    }
}
