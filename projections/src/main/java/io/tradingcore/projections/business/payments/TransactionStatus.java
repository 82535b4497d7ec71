package io.tradingcore.projections.business.payments;

/**
 * What Midtrans' Get Status API says of a transaction now, the fields we act on, as strings as received.
 *
 * @param orderId           our order id.
 * @param transactionStatus {@code pending}, {@code capture}, {@code settlement}, {@code deny}, {@code cancel},
 *                          {@code expire}, {@code failure}, {@code refund}, {@code partial_refund},
 *                          {@code chargeback}, {@code partial_chargeback}, {@code authorize}.
 * @param statusCode        Midtrans' own code in the body ({@code "200"}, {@code "201"}, ...).
 * @param grossAmount       as Midtrans writes it ({@code "10000.00"}).
 * @param fraudStatus       {@code accept}, {@code challenge}, {@code deny}; null when the payment type has none.
 */
public record TransactionStatus(
    String orderId, String transactionStatus, String statusCode, String grossAmount, String fraudStatus)
{
}
