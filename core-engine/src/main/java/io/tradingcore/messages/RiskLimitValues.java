package io.tradingcore.messages;

/** The values of a SetRiskLimits input; zero means no limit. Quantities in lots x 10^4, money x 10^6. */
public record RiskLimitValues(
    long maxOrderQuantity,
    long maxPosition,
    long maxGrossExposure,
    int maxOpenOrders,
    int maxOrdersPerSecond,
    int priceBandBps,
    int staleMarketMs,
    long dailyLossLimit)
{
    public static final RiskLimitValues NONE = new RiskLimitValues(0, 0, 0, 0, 0, 0, 0, 0);
}
