package io.tradingcore.gateway.trading;

/**
 * {@code PUT /api/v1/accounts/{accountId}/limits}: every limit of the account, as the engine takes them at once (a
 * limit left out or "0" means none). Quantities in lots, money in the account's currency.
 */
public record LimitsRequest(
    String maxOrderQuantity, String maxPosition, String maxGrossExposure, Integer maxOpenOrders,
    Integer maxOrdersPerSecond, Integer priceBandBps, Integer staleMarketMs, String dailyLossLimit)
{
}
