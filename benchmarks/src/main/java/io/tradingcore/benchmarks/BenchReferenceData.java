package io.tradingcore.benchmarks;

import io.tradingcore.config.ReferenceData;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reference data for the benchmarks: the core's built-in config (EURUSD, tenant 1 with account 1001 and its
 * limits, the ma-crossover strategy on that account), its strategy on windows of ticks, and for the
 * order-heavy benchmarks a second account.
 */
final class BenchReferenceData
{
    /**
     * The ma-crossover parameters every recorded figure was taken with: moving averages of 20 and 100 ticks (the
     * example's defaults before it took bar closes), which route an order for about 1% of the ticks. The built-in
     * config's strategy now trades a handful of times a day on five-minute bars: the order path would all but idle,
     * and the figures would no longer compare with those recorded.
     */
    static final String TICK_STRATEGY = "bar=0 fast=20 slow=100";
    /**
     * Whether the built-in config's equity on price moves (its {@code engine account-state-interval-ms} record) stays
     * on: off unless {@code -Dtradingcore.bench.liveEquity=true}, because every recorded figure was taken before the
     * engine had it, and with real ticks about a second apart it adds an AccountState to almost every tick of an
     * account in a position. TARGETS.md gives its cost, measured with the switch on and off.
     */
    static final boolean LIVE_EQUITY = Boolean.getBoolean("tradingcore.bench.liveEquity");
    /** The order-heavy flow's own account: its trades would otherwise move the strategy's position. */
    static final long ORDER_DESK_ACCOUNT = 1002;
    static final int TENANT = 1;
    private static final String DEMO_ACCOUNT = "1001";
    private static final String UNTHROTTLED_BALANCE = "100000000.00";

    private BenchReferenceData()
    {
    }

    /** The built-in config with its strategy on {@link #TICK_STRATEGY}. */
    static ReferenceData withTickStrategy()
    {
        return ReferenceData.parse(builtInConfig(), "default-core.conf with ma-crossover " + TICK_STRATEGY);
    }

    /**
     * The defaults plus account {@value #ORDER_DESK_ACCOUNT}, a copy of the demo account with the same
     * balance and risk limits, for external orders that must not disturb the strategy's account.
     */
    static ReferenceData withOrderDeskAccount()
    {
        return withOrderDesk(false);
    }

    /**
     * As {@link #withOrderDeskAccount()}, but the order desk has no order-rate, open-order, stale-market, position or
     * daily-loss limit: a load of 100,000 orders a second, places that run far ahead of the venue's confirmations (the
     * worst-case position counts every resting order) and market orders that pay the spread on every round trip
     * (the daily-loss limit would stop the desk within a second) must meet every check and pass; its balance is
     * 100,000,000 so that the spread those orders pay never exhausts its margin. The other checks (kill switches,
     * halts, quantity, price band, exposure, margin) stay on.
     */
    static ReferenceData withUnthrottledOrderDesk()
    {
        return withOrderDesk(true);
    }

    private static ReferenceData withOrderDesk(final boolean unthrottled)
    {
        final String config = builtInConfig();
        final String copies = Arrays.stream(config.split("\r?\n"))
            .filter(line -> line.startsWith("account " + DEMO_ACCOUNT + " ") ||
                line.startsWith("limits account=" + DEMO_ACCOUNT + " "))
            .map(line -> line.replace(DEMO_ACCOUNT, String.valueOf(ORDER_DESK_ACCOUNT)))
            .map(line -> unthrottled && line.startsWith("limits ") ? line
                .replaceAll("max-orders-per-second=\\d+", "max-orders-per-second=0")
                .replaceAll("max-open-orders=\\d+", "max-open-orders=0")
                .replaceAll("stale-ms=\\d+", "stale-ms=0")
                .replaceAll("max-position=\\d+", "max-position=0")
                .replaceAll("daily-loss=\\d+", "daily-loss=0") : line)
            // Each market order pays the spread: at 100,000 a second the demo balance ran out after some 1,000,000
            // orders, and every order after that was rejected for margin.
            .map(line -> unthrottled && line.startsWith("account ") ?
                line.replaceAll("balance=[0-9.]+", "balance=" + UNTHROTTLED_BALANCE) : line)
            .collect(Collectors.joining("\n"));
        if (copies.lines().count() != 2)
        {
            throw new IllegalStateException("the built-in config no longer has one account and one limits line for " +
                DEMO_ACCOUNT + ": " + copies);
        }
        final String base = unthrottled ? config.replaceAll("(limits tenant=\\d+ .*)max-open-orders=\\d+",
            "$1max-open-orders=0") :
            config;
        if (unthrottled && base.equals(config))
        {
            throw new IllegalStateException("the built-in config no longer has a tenant open-order limit to lift");
        }
        return ReferenceData.parse(base + "\n" + copies + "\n", "default-core.conf with ma-crossover " +
            TICK_STRATEGY + " + order desk account" +
            (unthrottled ? " (no order-rate, open-order, stale-market, position or daily-loss limit)" : ""));
    }

    /** The built-in config, its strategy's parameters other than symbol and quantity replaced by the tick ones. */
    private static String builtInConfig()
    {
        final String onTicks = ReferenceData.defaultsWithStrategyParameters(TICK_STRATEGY);
        return LIVE_EQUITY ? onTicks : onTicks.replaceAll("(?m)^engine .*$", "");
    }
}
