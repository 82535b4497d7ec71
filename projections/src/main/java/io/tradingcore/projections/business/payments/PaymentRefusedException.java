package io.tradingcore.projections.business.payments;

/**
 * A payment that must not be started: the invoice is paid already, a payment of it is under review, or it belongs to
 * another tenant. The gateway answers it with 409.
 */
public final class PaymentRefusedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public PaymentRefusedException(final String reason)
    {
        super(reason, null, false, false);
    }
}
