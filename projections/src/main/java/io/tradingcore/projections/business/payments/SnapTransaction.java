package io.tradingcore.projections.business.payments;

/**
 * A Snap transaction as Midtrans created it.
 *
 * @param token       for the Snap.js pop-up.
 * @param redirectUrl the payment page to send the customer to.
 */
public record SnapTransaction(String token, String redirectUrl)
{
}
