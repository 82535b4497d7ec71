package io.tradingcore.projections.business.payments;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a payment's outcome changes elsewhere (the invoice, the subscription), done on the payment's own connection
 * inside its transaction: the attempt's new status and the listener's rows commit together or not at all. Called
 * once per attempt and transition, whatever the number and order of Midtrans' notifications. Throwing rolls the
 * transition back; Midtrans then delivers the notification again.
 */
public interface PaymentListener
{
    /** Nothing else changes: for tests and for a service that only records payments. */
    PaymentListener NONE = new PaymentListener()
    {
        @Override
        public void onPaid(final Connection connection, final int tenantId, final String invoiceNumber,
            final String orderId)
        {
        }

        @Override
        public void onReversed(final Connection connection, final int tenantId, final String invoiceNumber,
            final String orderId)
        {
        }
    };

    /** The attempt {@code orderId} has paid the invoice (settlement, or a capture Midtrans' fraud check accepted). */
    void onPaid(Connection connection, int tenantId, String invoiceNumber, String orderId) throws SQLException;

    /** The attempt that had paid the invoice was refunded or charged back. */
    void onReversed(Connection connection, int tenantId, String invoiceNumber, String orderId) throws SQLException;
}
