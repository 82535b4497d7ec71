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

    void writeSnapshot(final CanonicalWriter out)
    {
        out.putLong(maxOrderQuantity);
        out.putLong(maxPosition);
        out.putLong(maxGrossExposure);
        out.putInt(maxOpenOrders);
        out.putInt(maxOrdersPerSecond);
        out.putInt(priceBandBps);
        out.putInt(staleMarketMs);
        out.putLong(dailyLossLimit);
    }

    void readSnapshot(final CanonicalReader in)
    {
        maxOrderQuantity = in.getLong();
        maxPosition = in.getLong();
        maxGrossExposure = in.getLong();
        maxOpenOrders = in.getInt();
        maxOrdersPerSecond = in.getInt();
        priceBandBps = in.getInt();
        staleMarketMs = in.getInt();
        dailyLossLimit = in.getLong();
    }
}
