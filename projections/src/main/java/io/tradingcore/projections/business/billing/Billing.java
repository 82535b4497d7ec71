package io.tradingcore.projections.business.billing;

import io.tradingcore.pipeline.SystemProperties;
import io.tradingcore.projections.business.BusinessDatabase;
import io.tradingcore.projections.business.SubscriptionTiers;
import io.tradingcore.projections.business.Tier;
import io.tradingcore.projections.business.notifications.NotificationKind;
import io.tradingcore.projections.business.notifications.Notifications;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Monthly invoices: for every tenant with a subscription, one invoice per month from its tier's price, the month's
 * usage (the postgres projection's {@code public.usage}) and any overage, with tax.
 * <p>
 * Each tenant's invoice is its own transaction, which takes the invoice number from the issuer's sequence
 * ({@code UPDATE business.invoice_sequences ... RETURNING}) and stores the invoice and its lines. The sequence row
 * stays locked until the transaction ends, so numbers are taken one transaction at a time, and a rollback gives the
 * number back: numbers have no gaps. A run checks for the tenant's invoice of the period before it takes a number and
 * again once it holds the sequence's lock (another run may have just stored it), so billing a period twice, or from
 * two processes at once, makes each invoice once and consumes no number for the ones that exist;
 * {@code UNIQUE (tenant_id, period)} is the last guard.
 */
public final class Billing
{
    private static final String DUPLICATE_KEY = "23505";

    private final Context ctx;

    public Billing(final Context ctx)
    {
        this.ctx = ctx.conclude();
    }

    /** Makes the period's invoices that do not exist yet. */
    public BillingRun run(final YearMonth period) throws SQLException
    {
        final List<Invoice> issued = new ArrayList<>();
        final List<Integer> alreadyIssued = new ArrayList<>();
        final Map<Integer, String> failed = new LinkedHashMap<>();
        final boolean usageAvailable;
        final Map<Integer, String> subscribed = new LinkedHashMap<>();
        try (Connection connection = ctx.database().connect())
        {
            usageAvailable = usageAvailable(connection);
            try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO business.invoice_sequences (issuer) VALUES (?) ON CONFLICT DO NOTHING"))
            {
                statement.setString(1, ctx.issuer());
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement(
                "SELECT tenant_id, tier FROM business.subscriptions ORDER BY tenant_id");
                ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    subscribed.put(rows.getInt(1), rows.getString(2));
                }
            }
            for (final Map.Entry<Integer, String> subscription : subscribed.entrySet())
            {
                final int tenantId = subscription.getKey();
                try
                {
                    final Invoice invoice = bill(connection, tenantId, subscription.getValue(), period,
                        usageAvailable);
                    if (invoice == null)
                    {
                        alreadyIssued.add(tenantId);
                    }
                    else
                    {
                        issued.add(invoice);
                    }
                }
                catch (final SQLException | RuntimeException ex)
                {
                    failed.put(tenantId, ex.getMessage());
                }
            }
        }
        return new BillingRun(period, issued, alreadyIssued, failed, usageAvailable);
    }

    /** The tenant's invoice, stored; null when it had one for the period already. */
    private Invoice bill(
        final Connection connection, final int tenantId, final String tierName, final YearMonth period,
        final boolean usageAvailable) throws SQLException
    {
        if (exists(connection, tenantId, period))
        {
            return null;
        }
        final Tier tier = ctx.tiers().tier(tierName);
        final List<InvoiceLine> lines = lines(connection, tenantId, tier, period, usageAvailable);
        long subtotal = 0;
        for (final InvoiceLine line : lines)
        {
            subtotal = Math.addExact(subtotal, line.amount());
        }
        final long tax = Rupiah.tax(subtotal, ctx.taxBps());
        final long total = Math.addExact(subtotal, tax);
        final Instant issuedAt = ctx.clock().instant();
        // Nothing to pay (a Free tier month without charges): the invoice is settled as it is issued.
        final String status = total == 0 ? Invoice.PAID : Invoice.OPEN;
        connection.setAutoCommit(false);
        try
        {
            final String number = takeNumber(connection, ctx.issuer(), issuedAt.atZone(ZoneOffset.UTC).getYear());
            if (exists(connection, tenantId, period))
            {
                connection.rollback();
                return null;
            }
            final Invoice invoice = new Invoice(number, ctx.issuer(), tenantId, period, issuedAt, "IDR", subtotal,
                ctx.taxBps(), tax, total, status, total == 0 ? issuedAt : null, lines);
            store(connection, invoice);
            Notifications.enqueue(connection, tenantId, NotificationKind.INVOICE, "invoice:" + number,
                "<b>Invoice " + number + "</b> for " + period + ": " + Rupiah.format(total) +
                (total == 0 ? " (nothing to pay)" : ""));
            connection.commit();
            return invoice;
        }
        catch (final SQLException ex)
        {
            connection.rollback();
            if (DUPLICATE_KEY.equals(ex.getSQLState()) && exists(connection, tenantId, period))
            {
                return null;
            }
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            connection.rollback();
            throw ex;
        }
        finally
        {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Takes the issuer's next number in the caller's transaction: the number is the caller's once it commits, and
     * back in the sequence if it rolls back. The row lock makes concurrent takers wait for this transaction's end.
     *
     * @return {@code ISSUER-YEAR-NNNNNN}.
     */
    public static String takeNumber(final Connection connection, final String issuer, final int year)
        throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE business.invoice_sequences " +
            "SET next_number = next_number + 1 WHERE issuer = ? RETURNING next_number - 1"))
        {
            statement.setString(1, issuer);
            try (ResultSet row = statement.executeQuery())
            {
                if (!row.next())
                {
                    throw new IllegalStateException("no invoice sequence for issuer " + issuer);
                }
                return String.format(Locale.ROOT, "%s-%04d-%06d", issuer, year, row.getLong(1));
            }
        }
    }

    private List<InvoiceLine> lines(
        final Connection connection, final int tenantId, final Tier tier, final YearMonth period,
        final boolean usageAvailable) throws SQLException
    {
        final String month = period.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " +
            period.getYear();
        final List<InvoiceLine> lines = new ArrayList<>();
        lines.add(InvoiceLine.of(1, tierLabel(tier) + " subscription, " + month, 1, tier.priceIdr()));
        if (!usageAvailable)
        {
            return lines;
        }
        final long[] usage = usage(connection, tenantId, period, tier.ordersPerDay());
        lines.add(InvoiceLine.of(2, "Orders in " + month + ": " + Rupiah.number(usage[0]) +
            " (for information, not charged)", usage[0], 0));
        if (tier.ordersPerDay() > 0 && tier.overageIdrPerOrder() > 0 && usage[1] > 0)
        {
            lines.add(InvoiceLine.of(3, "Orders over the quota of " + Rupiah.number(tier.ordersPerDay()) +
                " a day, at " + Rupiah.format(tier.overageIdrPerOrder()) + " each", usage[1],
                tier.overageIdrPerOrder()));
        }
        return lines;
    }

    /** The period's orders, and the orders over the daily quota summed over its days (0 without a quota). */
    private static long[] usage(
        final Connection connection, final int tenantId, final YearMonth period, final long ordersPerDay)
        throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("SELECT coalesce(sum(orders), 0), " +
            "coalesce(sum(greatest(orders - ?, 0)), 0) FROM public.usage WHERE tenant_id = ? AND day >= ? AND day < ?"))
        {
            statement.setLong(1, ordersPerDay);
            statement.setInt(2, tenantId);
            statement.setObject(3, period.atDay(1));
            statement.setObject(4, period.plusMonths(1).atDay(1));
            try (ResultSet row = statement.executeQuery())
            {
                row.next();
                return new long[] {row.getLong(1), ordersPerDay > 0 ? row.getLong(2) : 0};
            }
        }
    }

    private static boolean usageAvailable(final Connection connection) throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT to_regclass('public.usage') IS NOT NULL");
            ResultSet row = statement.executeQuery())
        {
            row.next();
            return row.getBoolean(1);
        }
    }

    private static boolean exists(final Connection connection, final int tenantId, final YearMonth period)
        throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT 1 FROM business.invoices WHERE tenant_id = ? AND period = ? AND kind = 'monthly'"))
        {
            statement.setInt(1, tenantId);
            statement.setObject(2, period.atDay(1));
            try (ResultSet row = statement.executeQuery())
            {
                return row.next();
            }
        }
    }

    static void store(final Connection connection, final Invoice invoice) throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO business.invoices (number, " +
            "issuer, tenant_id, period, issued_at, currency, subtotal, tax_rate, tax, total, status, paid_at) " +
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        {
            statement.setString(1, invoice.number());
            statement.setString(2, invoice.issuer());
            statement.setInt(3, invoice.tenantId());
            statement.setObject(4, invoice.period().atDay(1));
            statement.setTimestamp(5, Timestamp.from(invoice.issuedAt()));
            statement.setString(6, invoice.currency());
            statement.setLong(7, invoice.subtotal());
            statement.setInt(8, invoice.taxRateBps());
            statement.setLong(9, invoice.tax());
            statement.setLong(10, invoice.total());
            statement.setString(11, invoice.status());
            statement.setTimestamp(12, invoice.paidAt() == null ? null : Timestamp.from(invoice.paidAt()));
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO business.invoice_lines " +
            "(invoice, line_no, description, quantity, unit_price, amount) VALUES (?, ?, ?, ?, ?, ?)"))
        {
            for (final InvoiceLine line : invoice.lines())
            {
                statement.setString(1, invoice.number());
                statement.setInt(2, line.lineNo());
                statement.setString(3, line.description());
                statement.setLong(4, line.quantity());
                statement.setLong(5, line.unitPrice());
                statement.setLong(6, line.amount());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static String tierLabel(final Tier tier)
    {
        return tier.name().substring(0, 1).toUpperCase(Locale.ROOT) + tier.name().substring(1);
    }

    /** Billing's settings. */
    public static final class Context
    {
        /** Whose invoices these are: the prefix of every number, and the sequence they are taken from. */
        public static final String ISSUER_PROP_NAME = "tradingcore.business.issuer";
        public static final String ISSUER_DEFAULT = "TC";
        /** The tax on every invoice in basis points: PPN 11% is 1100. None unless set. */
        public static final String TAX_BPS_PROP_NAME = "tradingcore.business.taxBps";
        public static final int TAX_BPS_DEFAULT = 0;
        private static final Pattern ISSUER = Pattern.compile("[A-Z0-9]{1,12}");

        private boolean concluded;
        private String issuer = SystemProperties.stringValue(ISSUER_PROP_NAME, ISSUER_DEFAULT);
        private int taxBps = SystemProperties.intValue(TAX_BPS_PROP_NAME, TAX_BPS_DEFAULT);
        private BusinessDatabase database;
        private SubscriptionTiers tiers;
        private Clock clock = Clock.systemUTC();

        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            Objects.requireNonNull(database, "database");
            if (!ISSUER.matcher(issuer).matches())
            {
                throw new IllegalArgumentException(ISSUER_PROP_NAME + " must be 1 to 12 capital letters or digits: " +
                    issuer);
            }
            if (taxBps < 0 || taxBps > 10_000)
            {
                throw new IllegalArgumentException(TAX_BPS_PROP_NAME + " must be 0 to 10000 basis points: " + taxBps);
            }
            if (tiers == null)
            {
                tiers = SubscriptionTiers.load();
            }
            concluded = true;
            return this;
        }

        public Context issuer(final String issuer)
        {
            this.issuer = issuer;
            return this;
        }

        public String issuer()
        {
            return issuer;
        }

        public Context taxBps(final int taxBps)
        {
            this.taxBps = taxBps;
            return this;
        }

        public int taxBps()
        {
            return taxBps;
        }

        public Context database(final BusinessDatabase database)
        {
            this.database = database;
            return this;
        }

        public BusinessDatabase database()
        {
            return database;
        }

        /** The tiers; default {@link SubscriptionTiers#load()}. */
        public Context tiers(final SubscriptionTiers tiers)
        {
            this.tiers = tiers;
            return this;
        }

        public SubscriptionTiers tiers()
        {
            return tiers;
        }

        /** When invoices are issued, and so the year in their numbers. */
        public Context clock(final Clock clock)
        {
            this.clock = clock;
            return this;
        }

        public Clock clock()
        {
            return clock;
        }
    }
}
