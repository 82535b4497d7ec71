package io.tradingcore.strategy.examples;

import io.tradingcore.strategy.StrategyCatalog;

/** The example strategies that ship with the core, under the names that attach inputs and config files use. */
public final class ExampleStrategies
{
    private ExampleStrategies()
    {
    }

    /** A catalog holding every example: what the main job, replay, backtests and tests start engines with. */
    public static StrategyCatalog catalog()
    {
        return new StrategyCatalog()
            .register(MovingAverageCrossover.NAME, MovingAverageCrossover::new)
            .register(MeanReversionBand.NAME, MeanReversionBand::new);
    }
}
