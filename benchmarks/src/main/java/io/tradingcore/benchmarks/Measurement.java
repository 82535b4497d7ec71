package io.tradingcore.benchmarks;

import java.util.Arrays;

/**
 * One figure: a trial run untimed to warm up, then several times timed. The median is the figure;
 * min and max show the spread, which on a shared 2-core machine is worth seeing.
 */
final class Measurement
{
    /**
     * Warm-up lasts at least this long whatever the number of warm-up runs asked: a run of the engine
     * alone takes some 60 ms, far too little for the JIT to finish with the code it runs. 2 s unless
     * {@code -Dtradingcore.bench.minWarmupMs} says otherwise ({@code scripts/bench quick}: 0.7 s).
     */
    private static final long MIN_WARMUP_NS = Long.getLong("tradingcore.bench.minWarmupMs", 2_000) * 1_000_000L;

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

    /** The least warm-up time of every figure, for the reports. */
    static String minWarmup()
    {
        return String.format("%.1f s", MIN_WARMUP_NS / 1e9);
    }

    static Measurement measure(
        final String name, final String unit, final int warmups, final int iterations, final Trial trial)
        throws Exception
    {
        System.out.println("== " + name);
        long warmupNs = 0;
        int warmupRuns = 0;
        double lastWarmupRate = 0;
        while (warmupRuns < warmups || (warmups > 0 && warmupNs < MIN_WARMUP_NS))
        {
            settle();
            final TrialResult result = trial.run();
            warmupNs += result.nanos();
            warmupRuns++;
            lastWarmupRate = result.perSecond();
        }
        if (warmupRuns > 0)
        {
            System.out.printf("   warm-up: %d run%s, %.1f s timed, the last at %,.0f %s%n", warmupRuns,
                warmupRuns == 1 ? "" : "s", warmupNs / 1e9, lastWarmupRate, unit);
        }
        final double[] rates = new double[iterations];
        final double[] probes = new double[iterations];
        String detail = "";
        try (FigureProfile profile = FigureProfile.start(name))
        {
            for (int i = 0; i < iterations; i++)
            {
                settle();
                probes[i] = CpuProbe.millis();
                profile.runStarts();
                final TrialResult result = trial.run();
                profile.runEnds();
                rates[i] = result.perSecond();
                detail = result.detail();
                System.out.printf("   iteration %d: %,.0f %s (%,d in %.3f s), CPU probe %.2f ms%n", i + 1, rates[i],
                    unit, result.events(), result.nanos() / 1e9, probes[i]);
            }
        }
        if (!detail.isEmpty())
        {
            System.out.println("   " + detail);
        }
        return new Measurement(name, unit, rates, withProbes(detail, probes));
    }

    private static String withProbes(final String detail, final double[] probes)
    {
        final String probe = String.format("CpuProbe before each timed run %.1f-%.1f ms",
            Arrays.stream(probes).min().orElse(0), Arrays.stream(probes).max().orElse(0));
        return detail.isEmpty() ? probe : detail + "; " + probe;
    }

    /**
     * The same runs counted in another unit: when every run handles the same events, a second count
     * (say inputs and outputs instead of inputs) is the first times a fixed factor, run by run.
     */
    Measurement scaled(final String name, final String unit, final double factor, final String detail)
    {
        final double[] scaled = new double[rates.length];
        for (int i = 0; i < rates.length; i++)
        {
            scaled[i] = rates[i] * factor;
        }
        return new Measurement(name, unit, scaled, detail);
    }

    /** Garbage from set-up (and the previous trial) is collected before the clock starts, not during. */
    private static void settle()
    {
        System.gc();
    }

    /** One line, for a figure measured in a child process: {@link #decode} reads it back. */
    String encode()
    {
        final StringBuilder line = new StringBuilder(clean(name)).append('\t').append(clean(unit)).append('\t')
            .append(clean(detail)).append('\t');
        for (int i = 0; i < rates.length; i++)
        {
            line.append(i == 0 ? "" : ",").append(rates[i]);
        }
        return line.toString();
    }

    static Measurement decode(final String line)
    {
        final String[] fields = line.split("\t", -1);
        final double[] rates = Arrays.stream(fields[3].split(",")).mapToDouble(Double::parseDouble).toArray();
        return new Measurement(fields[0], fields[1], rates, fields[2]);
    }

    private static String clean(final String text)
    {
        return text.replace('\t', ' ').replace('\n', ' ');
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
