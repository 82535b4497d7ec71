package io.tradingcore.pipeline;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.function.Supplier;

/** Idle strategies by name, as settings and command lines give them. */
public final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    /** {@code backoff} (default: spins, yields, then parks up to 1 ms), {@code yielding}, {@code busy-spin}, {@code sleeping}. */
    public static Supplier<IdleStrategy> named(final String name)
    {
        return switch (name)
        {
            case "backoff" -> () -> new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
            case "yielding" -> YieldingIdleStrategy::new;
            case "busy-spin" -> BusySpinIdleStrategy::new;
            case "sleeping" -> () -> new SleepingMillisIdleStrategy(1);
            default -> throw new IllegalArgumentException(
                "idle strategy must be backoff, yielding, busy-spin or sleeping, got '" + name + "'");
        };
    }
}
