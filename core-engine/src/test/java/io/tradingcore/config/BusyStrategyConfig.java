package io.tradingcore.config;

/**
 * The built-in config with its ma-crossover on windows of 20 and 100 ticks, as the example traded before it
 * took bar closes: some 1,900 round trips over the sample day instead of a handful. For the tests whose point
 * is a strategy that trades often (journals full of orders and fills, recovery in the middle of them).
 */
public final class BusyStrategyConfig
{
    /** The example's parameters of then; {@code bar=0} makes every tick a bar. */
    public static final String TICK_PARAMETERS = "bar=0 fast=20 slow=100";

    private BusyStrategyConfig()
    {
    }

    public static ReferenceData referenceData()
    {
        return ReferenceData.parse(ReferenceData.defaultsWithStrategyParameters(TICK_PARAMETERS),
            "default-core.conf with ma-crossover " + TICK_PARAMETERS);
    }
}
