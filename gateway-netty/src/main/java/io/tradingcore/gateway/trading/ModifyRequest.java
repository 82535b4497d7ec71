package io.tradingcore.gateway.trading;

/** {@code PATCH /api/v1/orders/{clientOrderId}}: what changes; a field left out keeps its value. */
public record ModifyRequest(String quantity, String price, String stopPrice)
{
}
