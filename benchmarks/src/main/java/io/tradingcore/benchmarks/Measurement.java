package io.tradingcore.benchmarks;

import java.util.Arrays;

/**
 * One figure: a trial run a few times untimed to warm up, then several times timed. The median is
 * the figure; min and max show the spread, which on a shared 2-core machine is worth seeing.
 */
final class Measurement
{
    private final String name;
    private final String unit;
    private final double[] rates;
    private final String detail;

    private Measurement(final String name, final String unit, final double[] rates, final String detail)
    {
        this.name = name;
        this.unit = unit;
        this.rates = rates;
        this.detail = detail;
    }

    static Measurement measure(
        final String name, final String unit, final int warmups, final int iterations, final Trial trial)
        throws Exception
    {
        System.out.println("== " + name);
        for (int i = 0; i < warmups; i++)
        {
            settle();
            final TrialResult result = trial.run();
            System.out.printf("   warm-up %d: %,.0f %s%n", i + 1, result.perSecond(), unit);
        }
        final double[] rates = new double[iterations];
        String detail = "";
        for (int i = 0; i < iterations; i++)
        {
            settle();
            final TrialResult result = trial.run();
            rates[i] = result.perSecond();
            detail = result.detail();
            System.out.printf("   iteration %d: %,.0f %s (%,d in %.3f s)%n", i + 1, rates[i], unit, result.events(),
                result.nanos() / 1e9);
        }
        if (!detail.isEmpty())
        {
            System.out.println("   " + detail);
        }
        return new Measurement(name, unit, rates, detail);
    }

    /** Garbage from set-up (and the previous trial) is collected before the clock starts, not during. */
    private static void settle()
    {
        System.gc();
    }

    String name()
    {
        return name;
    }

    String unit()
    {
        return unit;
    }

    String detail()
    {
        return detail;
    }

    int iterations()
    {
        return rates.length;
    }

    double median()
    {
        final double[] sorted = rates.clone();
        Arrays.sort(sorted);
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    double min()
    {
        return Arrays.stream(rates).min().orElse(0);
    }

    double max()
    {
        return Arrays.stream(rates).max().orElse(0);
    }
}
