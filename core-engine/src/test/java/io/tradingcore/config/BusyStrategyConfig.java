package io.tradingcore.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The built-in config with its ma-crossover on windows of 20 and 100 ticks, as the example traded before it
 * took bar closes: some 1,900 round trips over the sample day instead of a handful. For the tests whose point
 * is a strategy that trades often (journals full of orders and fills, recovery in the middle of them).
 */
public final class BusyStrategyConfig
{
    /** The example's parameters of then; {@code bar=0} makes every tick a bar. */
    public static final String TICK_PARAMETERS = "bar=0 fast=20 slow=100";

    private static final String CONFIG = "/config/default-core.conf";

    private BusyStrategyConfig()
    {
    }

    public static ReferenceData referenceData()
    {
        final String config = builtIn();
        final String busy = config.replaceAll("(?m)^(strategy 1 ma-crossover .* symbol=EURUSD) .*( quantity=\\S+)$",
            "$1 " + TICK_PARAMETERS + "$2");
        if (busy.equals(config))
        {
            throw new IllegalStateException("the built-in config no longer has strategy 1 ma-crossover on EURUSD " +
                "with a quantity: " + config);
        }
        return ReferenceData.parse(busy, "default-core.conf with ma-crossover " + TICK_PARAMETERS);
    }

    private static String builtIn()
    {
        try (InputStream in = ReferenceData.class.getResourceAsStream(CONFIG))
        {
            if (in == null)
            {
                throw new IllegalStateException("the built-in config " + CONFIG + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + CONFIG, ex);
        }
    }
}
