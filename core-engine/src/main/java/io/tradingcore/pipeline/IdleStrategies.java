package io.tradingcore.pipeline;

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

    /**
     * {@code backoff} (default: spins, yields, then parks from 1 µs doubling up to 4 ms, and a thread that hands work
     * to a parked pipeline thread wakes it: {@link WakeableIdleStrategy}), {@code yielding}, {@code busy-spin},
     * {@code sleeping}. The longest park is 4 ms, not Aeron's usual 1 ms: an idle thread then wakes a quarter as often,
     * and those wake-ups are what an idle core costs (benchmarks/TARGETS.md, first round). Since work wakes a parked
     * thread, the long park costs an input no latency: it only bounds how often an idle thread looks for work nobody
     * told it about.
     */
    public static Supplier<IdleStrategy> named(final String name)
    {
        return switch (name)
        {
            case "backoff" -> () -> new WakeableIdleStrategy(10, 20, 1_000, 4_000_000);
            case "yielding" -> YieldingIdleStrategy::new;
            case "busy-spin" -> BusySpinIdleStrategy::new;
            case "sleeping" -> () -> new SleepingMillisIdleStrategy(1);
            default -> throw new IllegalArgumentException(
                "idle strategy must be backoff, yielding, busy-spin or sleeping, got '" + name + "'");
        };
    }
}
