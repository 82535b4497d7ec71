package io.tradingcore.engine;

/**
 * Pre-trade limits of an account or a tenant. Zero means "no limit". Quantities are lots x 10^4,
 * money is the account currency x 10^6.
 */
final class RiskLimits
{
    long maxOrderQuantity;
    long maxPosition;
    long maxGrossExposure;
    int maxOpenOrders;
    int maxOrdersPerSecond;
    int priceBandBps;
    int staleMarketMs;
    long dailyLossLimit;

    void copyFrom(final RiskLimits other)
    {
        maxOrderQuantity = other.maxOrderQuantity;
        maxPosition = other.maxPosition;
        maxGrossExposure = other.maxGrossExposure;
        maxOpenOrders = other.maxOpenOrders;
        maxOrdersPerSecond = other.maxOrdersPerSecond;
        priceBandBps = other.priceBandBps;
        staleMarketMs = other.staleMarketMs;
        dailyLossLimit = other.dailyLossLimit;
    }
}
