package io.tradingcore.benchmarks;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Latency distributions of one harness run: a percentile table (each row beside its baseline's p99), the ratio rows
 * {@code scripts/bench --check} compares, and an SVG percentile plot in the HdrHistogram style (x: percentile on a
 * scale that opens up the tail, y: latency on a log scale), all series of the run in one picture.
 */
final class LatencyReport
{
    private static final double[] PERCENTILES = { 50, 90, 99, 99.9, 99.99 };
    private static final String[] COLOURS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b" };
    private static final double MAX_NINES = 5;

    private final String title;
    private final List<Series> series = new ArrayList<>();
    private final List<String> context = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * @param name      what was measured, as the table and the plot name it.
     * @param baseline  the series it is compared with, null for a baseline itself.
     */
    record Series(String name, Histogram histogram, int rate, String detail, Series baseline)
    {
        double p99Ratio()
        {
            return ratioAt(99);
        }

        double ratioAt(final double percentile)
        {
            return baseline == null ? Double.NaN : (double)histogram.getValueAtPercentile(percentile) /
                Math.max(1, baseline.histogram.getValueAtPercentile(percentile));
        }
    }

    LatencyReport(final String title)
    {
        this.title = title;
    }

    Series add(final String name, final Histogram histogram, final int rate, final String detail,
        final Series baseline)
    {
        final Series added = new Series(name, histogram.copy(), rate, detail, baseline);
        series.add(added);
        return added;
    }

    void context(final String line)
    {
        context.add(line);
    }

    void note(final String figure, final String meaning)
    {
        notes.add("**" + figure + "**: " + meaning);
    }

    void print()
    {
        System.out.println();
        System.out.println("== " + title + " (microseconds from the intended send time)");
        System.out.printf("%-56s %9s %9s %9s %9s %9s %9s %9s  %s%n", "series", "rate/s", "p50", "p90", "p99", "p99.9",
            "p99.99", "max", "p99 ratio");
        for (final Series s : series)
        {
            final StringBuilder line = new StringBuilder(String.format("%-56s %,9d", s.name(), s.rate()));
            for (final double p : PERCENTILES)
            {
                line.append(String.format(" %9.1f", micros(s.histogram().getValueAtPercentile(p))));
            }
            line.append(String.format(" %9.1f  %s", micros(s.histogram().getMaxValue()), ratioText(s)));
            System.out.println(line);
        }
    }

    /** The Markdown section; the plot is written beside it and linked by its file name. */
    String markdown(final String plotFileName)
    {
        final StringBuilder out = new StringBuilder();
        out.append("## ").append(title).append("\n\n");
        for (final String line : context)
        {
            out.append("- ").append(line).append('\n');
        }
        out.append("\nMicroseconds from each event's intended send time (coordinated-omission free), measured events " +
            "only:\n\n");
        out.append("| series | rate (events/s) | events | p50 | p90 | p99 | p99.9 | p99.99 | max | " +
            "p99 / baseline p99 | " +
            "what moved |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (final Series s : series)
        {
            out.append(String.format(Locale.ROOT, "| %s | %,d | %,d", s.name(), s.rate(),
                s.histogram().getTotalCount()));
            for (final double p : PERCENTILES)
            {
                out.append(String.format(Locale.ROOT, " | %.1f", micros(s.histogram().getValueAtPercentile(p))));
            }
            out.append(String.format(Locale.ROOT, " | %.1f | %s | %s |%n", micros(s.histogram().getMaxValue()),
                s.baseline() == null ? "**baseline**" : ratioText(s), s.detail()));
        }
        out.append("\n![").append(title).append(" percentile plot](").append(plotFileName).append(")\n");
        if (!notes.isEmpty())
        {
            out.append("\nWhat each series means:\n\n");
            for (final String note : notes)
            {
                out.append("- ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Rows for {@code --check}, lower is better: p50 over the baseline's p50, guarded, and p99 over the baseline's p99,
     * only shown (on this machine a p99 moves several-fold between identical runs).
     */
    List<String> ratioRows()
    {
        final List<String> rows = new ArrayList<>();
        for (final Series s : series)
        {
            if (s.baseline() != null)
            {
                rows.add(RatioRows.row(s.name() + " p50", s.ratioAt(50), false, s.baseline().name() + " p50"));
                rows.add(RatioRows.shown(s.name() + " p99", s.p99Ratio(), false, s.baseline().name() + " p99"));
            }
        }
        return rows;
    }

    void writePlot(final Path file) throws IOException
    {
        final int width = 900;
        final int height = 520;
        final int left = 80;
        final int right = 300;
        final int top = 40;
        final int bottom = 60;
        final int plotWidth = width - left - right;
        final int plotHeight = height - top - bottom;
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (final Series s : series)
        {
            lowest = Math.min(lowest, Math.max(0.1, micros(s.histogram().getMinNonZeroValue())));
            highest = Math.max(highest, micros(s.histogram().getMaxValue()));
        }
        final double yMin = Math.floor(Math.log10(lowest));
        final double yMax = Math.max(yMin + 1, Math.ceil(Math.log10(Math.max(highest, lowest * 10))));
        final StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" " +
            "font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", left,
            escape(title + ": latency by percentile")));
        for (int nines = 0; nines <= MAX_NINES; nines++)
        {
            final double x = left + plotWidth * nines / MAX_NINES;
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                x, top, x, top + plotHeight));
            final String label = nines == 0 ? "0%" : String.format(Locale.ROOT, "%s%%",
                stripZeros(100 - 100 / Math.pow(10, nines)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                top + plotHeight + 18, label));
        }
        for (double decade = yMin; decade <= yMax; decade++)
        {
            final double y = top + plotHeight - plotHeight * (decade - yMin) / (yMax - yMin);
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                left, y, left + plotWidth, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s µs</text>%n",
                left - 6, y + 4, stripZeros(Math.pow(10, decade))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
            left + plotWidth / 2, height - 16));
        int index = 0;
        for (final Series s : series)
        {
            final String colour = COLOURS[index % COLOURS.length];
            final StringBuilder points = new StringBuilder();
            for (final HistogramIterationValue v : s.histogram().percentiles(5))
            {
                final double percentile =
                    Math.min(v.getPercentileLevelIteratedTo(), 100 - 100 / Math.pow(10, MAX_NINES));
                final double nines = -Math.log10(1 - percentile / 100);
                final double micros = Math.max(Math.pow(10, yMin), micros(v.getValueIteratedTo()));
                final double x = left + plotWidth * nines / MAX_NINES;
                final double y = top + plotHeight - plotHeight * (Math.log10(micros) - yMin) / (yMax - yMin);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" " +
                "points=\"%s\"/>%n", colour, points.toString().trim()));
            final int legendY = top + 10 + index * 20;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" " +
                "stroke-width=\"3\"/>%n", left + plotWidth + 12, legendY, left + plotWidth + 32, legendY, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n",
                left + plotWidth + 36, legendY + 4, escape(shorten(s.name()))));
            index++;
        }
        svg.append("</svg>\n");
        Files.writeString(file, svg.toString());
    }

    private static String ratioText(final Series s)
    {
        return s.baseline() == null ? "baseline" :
            String.format(Locale.ROOT, "%.2f x %s", s.p99Ratio(), s.baseline().name());
    }

    private static double micros(final long nanos)
    {
        return nanos / 1000.0;
    }

    private static String stripZeros(final double value)
    {
        final String text = String.format(Locale.ROOT, "%.3f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    private static String shorten(final String name)
    {
        return name.length() <= 46 ? name : name.substring(0, 45) + "…";
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
