package io.tradingcore.projections.business.payments;

import io.tradingcore.projections.business.BusinessDatabase;
import io.tradingcore.projections.business.payments.NotificationResult.Outcome;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Paying invoices through Midtrans Snap. {@link #startPayment} makes an attempt (its own Snap transaction, order id
 * {@code <invoice>-<attempt>}) and hands back the payment page. {@link #onNotification} takes Midtrans' HTTP
 * notifications: it checks the signature, asks Get Status what the transaction's status really is, and applies that
 * status to the attempt once, in one PostgreSQL transaction holding the attempt's row ({@code SELECT ... FOR UPDATE}),
 * with the {@link PaymentListener} in the same transaction. Every notification, refused ones included, is recorded in
 * {@code business.payment_events}.
 */
public final class Payments
{
    private static final System.Logger LOG = System.getLogger(Payments.class.getName());

    private final BusinessDatabase database;
    private final MidtransClient midtrans;
    private final PaymentListener listener;
    private final String serverKey;

    public Payments(final BusinessDatabase database, final MidtransClient midtrans, final PaymentListener listener)
    {
        this.database = database;
        this.midtrans = midtrans;
        this.listener = listener;
        this.serverKey = midtrans.settings().serverKey();
    }

    /** {@link #startPayment(int, String, long, List, CustomerDetails)} without customer details. */
    public String startPayment(final int tenantId, final String invoiceNumber, final long amountIdr,
        final List<SnapItem> items) throws SQLException
    {
        return startPayment(tenantId, invoiceNumber, amountIdr, items, null);
    }

    /**
     * Starts a payment of the invoice: records attempt n (order id {@code <invoice>-<n>}), creates its Snap
     * transaction and answers the payment page's URL.
     *
     * @param items the invoice's lines; their price * quantity sum to {@code amountIdr}.
     * @throws PaymentRefusedException when the invoice is paid already, a payment of it is under review, or its
     *                                 attempts belong to another tenant.
     * @throws MidtransException       when Snap refuses or does not answer (the attempt is then failed).
     * @throws IllegalArgumentException when the amount, items or invoice number cannot make a Snap transaction.
     */
    public String startPayment(final int tenantId, final String invoiceNumber, final long amountIdr,
        final List<SnapItem> items, final CustomerDetails customer) throws SQLException
    {
        check(invoiceNumber, amountIdr, items);
        final String orderId = recordAttempt(tenantId, invoiceNumber, amountIdr);
        final SnapTransaction transaction;
        try
        {
            transaction = midtrans.createTransaction(orderId, amountIdr, items, customer);
        }
        catch (final MidtransException ex)
        {
            try (Connection connection = database.connect();
                PreparedStatement update = connection.prepareStatement("UPDATE payment_attempts SET status = " +
                    "'failed', reason = ?, updated_at = now() WHERE order_id = ?"))
            {
                update.setString(1, "Snap refused: " + ex.getMessage());
                update.setString(2, orderId);
                update.executeUpdate();
            }
            throw ex;
        }
        try (Connection connection = database.connect();
            PreparedStatement update = connection.prepareStatement("UPDATE payment_attempts SET snap_token = ?, " +
                "redirect_url = ?, updated_at = now() WHERE order_id = ?"))
        {
            update.setString(1, transaction.token());
            update.setString(2, transaction.redirectUrl());
            update.setString(3, orderId);
            update.executeUpdate();
        }
        LOG.log(System.Logger.Level.INFO, "payment " + orderId + " of tenant " + tenantId + " started, " +
            amountIdr + " IDR");
        return transaction.redirectUrl();
    }

    private static void check(final String invoiceNumber, final long amountIdr, final List<SnapItem> items)
    {
        if (invoiceNumber == null || !MidtransClient.ORDER_ID.matcher(invoiceNumber).matches())
        {
            throw new IllegalArgumentException("an invoice number for Midtrans holds only letters, digits and " +
                "._~- : " + invoiceNumber);
        }
        if (amountIdr < 1)
        {
            throw new IllegalArgumentException("the amount must be at least 1 IDR: " + amountIdr);
        }
        if (items.isEmpty())
        {
            throw new IllegalArgumentException("a payment needs its items");
        }
        long sum = 0;
        for (final SnapItem item : items)
        {
            if (item.quantity() < 1 || item.price() < 0 || item.id() == null || item.name() == null ||
                item.name().isEmpty() || item.name().length() > SnapItem.MAX_NAME_LENGTH)
            {
                throw new IllegalArgumentException("not an item Snap takes: " + item);
            }
            sum = Math.addExact(sum, Math.multiplyExact(item.price(), (long)item.quantity()));
        }
        if (sum != amountIdr)
        {
            throw new IllegalArgumentException("the items sum to " + sum + " IDR, not " + amountIdr);
        }
    }

    private String recordAttempt(final int tenantId, final String invoiceNumber, final long amountIdr)
        throws SQLException
    {
        try (Connection connection = database.connect())
        {
            connection.setAutoCommit(false);
            try
            {
                try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT pg_advisory_xact_lock(hashtextextended('payment ' || ?, 0))"))
                {
                    lock.setString(1, invoiceNumber);
                    lock.executeQuery().close();
                }
                int attempt = 1;
                try (PreparedStatement select = connection.prepareStatement(
                    "SELECT attempt, tenant_id, status FROM payment_attempts WHERE invoice_number = ?"))
                {
                    select.setString(1, invoiceNumber);
                    try (ResultSet rows = select.executeQuery())
                    {
                        while (rows.next())
                        {
                            attempt = Math.max(attempt, rows.getInt(1) + 1);
                            if (rows.getInt(2) != tenantId)
                            {
                                throw new PaymentRefusedException("invoice " + invoiceNumber +
                                    " is another tenant's");
                            }
                            final AttemptStatus status = AttemptStatus.fromDb(rows.getString(3));
                            if (status == AttemptStatus.PAID)
                            {
                                throw new PaymentRefusedException("invoice " + invoiceNumber + " is paid");
                            }
                            if (status == AttemptStatus.CHALLENGE)
                            {
                                throw new PaymentRefusedException("a payment of invoice " + invoiceNumber +
                                    " is under review");
                            }
                        }
                    }
                }
                final String orderId = invoiceNumber + "-" + attempt;
                if (orderId.length() > 50)
                {
                    throw new IllegalArgumentException("order id " + orderId + " is over Midtrans' 50 characters");
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO payment_attempts " +
                    "(order_id, tenant_id, invoice_number, attempt, amount_idr, status) VALUES (?, ?, ?, ?, ?, " +
                    "'created')"))
                {
                    insert.setString(1, orderId);
                    insert.setInt(2, tenantId);
                    insert.setString(3, invoiceNumber);
                    insert.setInt(4, attempt);
                    insert.setLong(5, amountIdr);
                    insert.executeUpdate();
                }
                connection.commit();
                return orderId;
            }
            catch (final SQLException | RuntimeException ex)
            {
                connection.rollback();
                throw ex;
            }
        }
    }

    /**
     * Handles one HTTP notification from Midtrans, its body exactly as received. Answer Midtrans with
     * {@link NotificationResult#httpStatus()}; the call takes at most the Get Status timeout and a short transaction.
     */
    public NotificationResult onNotification(final String rawBody)
    {
        final Notification notification;
        try
        {
            notification = Notification.parse(rawBody);
        }
        catch (final Notification.MalformedException ex)
        {
            return refused(new NotificationResult(Outcome.MALFORMED, null, null, ex.getMessage()), null, rawBody);
        }
        final String orderId = notification.orderId();
        if (!notification.signedWith(serverKey))
        {
            return refused(new NotificationResult(Outcome.BAD_SIGNATURE, orderId, null,
                "signature_key does not match order_id, status_code, gross_amount and our server key"),
                notification, rawBody);
        }
        try
        {
            if (!attemptExists(orderId))
            {
                return refused(new NotificationResult(Outcome.UNKNOWN_ORDER, orderId, null, "no payment attempt " +
                    orderId), notification, rawBody);
            }
        }
        catch (final SQLException ex)
        {
            return refused(new NotificationResult(Outcome.NOT_APPLIED, orderId, null, "database: " +
                ex.getMessage()), notification, rawBody);
        }
        final TransactionStatus confirmed;
        try
        {
            confirmed = MidtransClient.ORDER_ID.matcher(orderId).matches() ? midtrans.status(orderId) : null;
        }
        catch (final MidtransException ex)
        {
            return refused(new NotificationResult(Outcome.UNCONFIRMED, orderId, null, "Get Status: " +
                ex.getMessage()), notification, rawBody);
        }
        if (confirmed == null)
        {
            return refused(new NotificationResult(Outcome.UNKNOWN_ORDER, orderId, null, "not an order id of ours"),
                notification, rawBody);
        }
        try
        {
            return apply(notification, confirmed, rawBody);
        }
        catch (final SQLException | RuntimeException ex)
        {
            return refused(new NotificationResult(Outcome.NOT_APPLIED, orderId, null, "not applied: " + ex),
                notification, rawBody);
        }
    }

    private boolean attemptExists(final String orderId) throws SQLException
    {
        try (Connection connection = database.connect();
            PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM payment_attempts WHERE order_id = ?"))
        {
            select.setString(1, orderId);
            try (ResultSet rows = select.executeQuery())
            {
                return rows.next();
            }
        }
    }

    private NotificationResult apply(final Notification notification, final TransactionStatus confirmed,
        final String rawBody) throws SQLException
    {
        final String orderId = notification.orderId();
        try (Connection connection = database.connect())
        {
            connection.setAutoCommit(false);
            try
            {
                final NotificationResult result = transition(connection, orderId, confirmed);
                record(connection, result, notification, confirmed, rawBody);
                connection.commit();
                LOG.log(result.outcome() == Outcome.APPLIED ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                    "payment notification " + orderId + " (" + notification.transactionStatus() + ", confirmed " +
                    confirmed.transactionStatus() + "): " + result.outcome().dbName() + ", " + result.reason());
                return result;
            }
            catch (final SQLException | RuntimeException ex)
            {
                connection.rollback();
                throw ex;
            }
        }
    }

    private NotificationResult transition(final Connection connection, final String orderId,
        final TransactionStatus confirmed) throws SQLException
    {
        final int tenantId;
        final String invoiceNumber;
        final long amountIdr;
        final AttemptStatus current;
        try (PreparedStatement select = connection.prepareStatement("SELECT tenant_id, invoice_number, amount_idr, " +
            "status FROM payment_attempts WHERE order_id = ? FOR UPDATE"))
        {
            select.setString(1, orderId);
            try (ResultSet row = select.executeQuery())
            {
                if (!row.next())
                {
                    return new NotificationResult(Outcome.UNKNOWN_ORDER, orderId, null, "no payment attempt " +
                        orderId);
                }
                tenantId = row.getInt(1);
                invoiceNumber = row.getString(2);
                amountIdr = row.getLong(3);
                current = AttemptStatus.fromDb(row.getString(4));
            }
        }
        if (!sameAmount(confirmed.grossAmount(), amountIdr))
        {
            return new NotificationResult(Outcome.AMOUNT_MISMATCH, orderId, current, "Get Status says " +
                confirmed.grossAmount() + " IDR, the attempt is for " + amountIdr);
        }
        final AttemptStatus next = AttemptStatus.of(confirmed.transactionStatus(), confirmed.fraudStatus());
        if (next == null)
        {
            return new NotificationResult(Outcome.IGNORED, orderId, current, "transaction status " +
                confirmed.transactionStatus() + " means nothing to a Snap payment");
        }
        if (next == current)
        {
            return new NotificationResult(Outcome.ALREADY_APPLIED, orderId, current, "already " + current.dbName());
        }
        if (!current.mayBecome(next))
        {
            return new NotificationResult(Outcome.IGNORED, orderId, current, "a " + current.dbName() +
                " attempt does not become " + next.dbName() + " (" + confirmed.transactionStatus() + ")");
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE payment_attempts SET status = ?, " +
            "transaction_status = ?, fraud_status = ?, updated_at = now(), paid_at = CASE WHEN ? THEN now() ELSE " +
            "paid_at END WHERE order_id = ?"))
        {
            update.setString(1, next.dbName());
            update.setString(2, confirmed.transactionStatus());
            update.setString(3, confirmed.fraudStatus());
            update.setBoolean(4, next == AttemptStatus.PAID);
            update.setString(5, orderId);
            update.executeUpdate();
        }
        String reason = current.dbName() + " -> " + next.dbName();
        if (next == AttemptStatus.PAID)
        {
            final String paidBy = otherPaidAttempt(connection, invoiceNumber, orderId);
            if (paidBy == null)
            {
                listener.onPaid(connection, tenantId, invoiceNumber, orderId);
            }
            else
            {
                reason += "; invoice " + invoiceNumber + " was paid already by " + paidBy + ": refund this one";
                LOG.log(System.Logger.Level.WARNING, "payment " + orderId + " pays invoice " + invoiceNumber +
                    " a second time (first " + paidBy + "): refund it by hand");
            }
        }
        else if (next == AttemptStatus.REVERSED && current == AttemptStatus.PAID)
        {
            listener.onReversed(connection, tenantId, invoiceNumber, orderId);
        }
        return new NotificationResult(Outcome.APPLIED, orderId, next, reason);
    }

    private static boolean sameAmount(final String grossAmount, final long amountIdr)
    {
        try
        {
            return new BigDecimal(grossAmount).compareTo(BigDecimal.valueOf(amountIdr)) == 0;
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
    }

    private static String otherPaidAttempt(final Connection connection, final String invoiceNumber,
        final String orderId) throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("SELECT order_id FROM payment_attempts WHERE " +
            "invoice_number = ? AND order_id <> ? AND status IN ('paid', 'reversed') ORDER BY attempt LIMIT 1"))
        {
            select.setString(1, invoiceNumber);
            select.setString(2, orderId);
            try (ResultSet rows = select.executeQuery())
            {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private NotificationResult refused(final NotificationResult result, final Notification notification,
        final String rawBody)
    {
        LOG.log(System.Logger.Level.WARNING, "payment notification refused (" + result.outcome().dbName() + "), " +
            "order " + result.orderId() + ": " + result.reason());
        try (Connection connection = database.connect())
        {
            record(connection, result, notification, null, rawBody);
        }
        catch (final SQLException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "the refused notification could not be recorded: " + ex);
        }
        return result;
    }

    private static void record(final Connection connection, final NotificationResult result,
        final Notification notification, final TransactionStatus confirmed, final String rawBody)
        throws SQLException
    {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO payment_events (order_id, " +
            "notified_status, confirmed_status, fraud_status, outcome, reason, body) VALUES (?, ?, ?, ?, ?, ?, ?)"))
        {
            insert.setString(1, result.orderId());
            insert.setString(2, notification == null ? null : notification.transactionStatus());
            insert.setString(3, confirmed == null ? null : confirmed.transactionStatus());
            insert.setString(4, confirmed == null ? null : confirmed.fraudStatus());
            insert.setString(5, result.outcome().dbName());
            insert.setString(6, result.reason());
            insert.setString(7, rawBody == null ? "" : rawBody.replace("\u0000", ""));
            insert.executeUpdate();
        }
    }
}
