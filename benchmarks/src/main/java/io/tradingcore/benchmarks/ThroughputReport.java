package io.tradingcore.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** The throughput figures, each beside its baseline: printed as a table and written as Markdown. */
final class ThroughputReport
{
    private final String title;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> context = new ArrayList<>();
    private final List<String> layouts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    ThroughputReport()
    {
        this("Throughput (`ThroughputBenchmark`)");
    }

    /** @param title the Markdown section's heading, so that each benchmark's section in RESULTS.md has its own */
    ThroughputReport(final String title)
    {
        this.title = title;
    }

    /** @param guarded whether {@code --check} fails when its ratio regresses, or only shows it */
    private record Row(Measurement figure, Measurement baseline, boolean isBaseline, boolean guarded)
    {
        String ratio()
        {
            if (isBaseline)
            {
                return "**baseline**";
            }
            if (baseline == figure)
            {
                return "(the runs above, counted in " + figure.unit() + ")";
            }
            return baseline == null ? "(baseline not measured in this run)" :
                String.format("%.2f x %s", figure.median() / baseline.median(), baseline.name());
        }
    }

    void baseline(final Measurement baseline)
    {
        rows.add(new Row(baseline, null, true, false));
    }

    /** A figure and its baseline, or null when this run left the baseline out. */
    void figure(final Measurement figure, final Measurement baseline)
    {
        rows.add(new Row(figure, baseline, false, true));
    }

    /**
     * A figure whose ratio to its baseline moves by more than {@code --check}'s 25% between identical runs on this
     * machine (see benchmarks/README.md): the check shows it but does not fail on it.
     */
    void figureShownOnly(final Measurement figure, final Measurement baseline)
    {
        rows.add(new Row(figure, baseline, false, false));
    }

    /** The figure above counted in another unit: it has no ratio of its own. */
    void recount(final Measurement figure)
    {
        rows.add(new Row(figure, figure, false, false));
    }

    /** A line about the run as a whole: the ticks, the iterations. */
    void context(final String line)
    {
        context.add(line);
    }

    void layout(final String part, final String layout)
    {
        layouts.add(part + ": " + layout);
    }

    void note(final String figure, final String meaning)
    {
        notes.add("**" + figure + "**: " + meaning);
    }

    /** Rows for {@code scripts/bench --check}: each figure over its baseline, higher is better. */
    List<String> ratioRows()
    {
        final List<String> out = new ArrayList<>();
        for (final Row row : rows)
        {
            if (!row.isBaseline() && row.baseline() != null && row.baseline() != row.figure())
            {
                final double ratio = row.figure().median() / row.baseline().median();
                out.add(row.guarded() ? RatioRows.row(row.figure().name(), ratio, true, row.baseline().name()) :
                    RatioRows.shown(row.figure().name(), ratio, true, row.baseline().name()));
            }
        }
        return out;
    }

    void print()
    {
        System.out.println();
        System.out.println("== " + title + " (median of the iterations; min - max)");
        for (final String line : context)
        {
            System.out.println(line);
        }
        System.out.printf("%-58s %14s %14s %14s  %-9s %s%n", "figure", "median", "min", "max", "unit", "ratio");
        for (final Row row : rows)
        {
            final Measurement m = row.figure();
            System.out.printf("%-58s %,14.0f %,14.0f %,14.0f  %-9s %s%n", m.name(), m.median(), m.min(), m.max(),
                m.unit(), row.ratio().replace("**", ""));
        }
        System.out.println("threading layouts:");
        for (final String layout : layouts)
        {
            System.out.println("  " + layout);
        }
    }

    String markdown()
    {
        final StringBuilder out = new StringBuilder();
        out.append("## ").append(title).append("\n\n");
        for (final String line : context)
        {
            out.append("- ").append(line).append('\n');
        }
        out.append('\n');
        out.append("| figure | median | min | max | unit | ratio to baseline (median / median) | what moved |\n");
        out.append("|---|---:|---:|---:|---|---|---|\n");
        for (final Row row : rows)
        {
            final Measurement m = row.figure();
            out.append(String.format("| %s | %,.0f | %,.0f | %,.0f | %s | %s | %s |%n", m.name(), m.median(), m.min(),
                m.max(), m.unit(), row.ratio(), m.detail()));
        }
        out.append("\nThreading layouts:\n\n");
        for (final String layout : layouts)
        {
            out.append("- ").append(layout).append('\n');
        }
        out.append("\nWhat each figure means:\n\n");
        for (final String note : notes)
        {
            out.append("- ").append(note).append('\n');
        }
        return out.toString();
    }
}
