package io.tradingcore.gateway.trading;

/**
 * {@code POST /api/v1/orders}. Prices and quantities are decimal strings (lots for quantities) so that nothing is
 * rounded on the way; the gateway refuses what does not fit the instrument's digits, tick and volume step.
 */
public record OrderRequest(
    Long clientOrderId, Long accountId, String symbol, String side, String type, String timeInForce,
    String quantity, String price, String stopPrice)
{
}
