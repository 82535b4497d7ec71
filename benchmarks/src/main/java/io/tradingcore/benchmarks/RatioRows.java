package io.tradingcore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The rows {@code scripts/bench --check} compares between runs: a figure's ratio to its baseline measured in the
 * same run (absolute figures vary by machine, ratios much less). Every harness writes its rows beside its Markdown
 * fragment as {@code NAME.ratios.tsv}: figure, ratio, {@code higher} or {@code lower} (which way is better), baseline,
 * and {@code guard} or {@code show}: whether a regression of the row fails the check or is only shown. Shown only are
 * the rows that moved by more than the check's 25% between identical runs on this shared machine even when the
 * better of three runs is taken (benchmarks/README.md has the figures): latency tails, the bridge, ratios to
 * exchange-core, the replay verify, and a baseline over a baseline.
 */
final class RatioRows
{
    private RatioRows()
    {
    }

    /** A row whose regression fails {@code --check}. */
    static String row(final String figure, final double ratio, final boolean higherIsBetter, final String baseline)
    {
        return format(figure, ratio, higherIsBetter, baseline, "guard");
    }

    /** A row {@code --check} shows beside the recorded one but does not fail on. */
    static String shown(final String figure, final double ratio, final boolean higherIsBetter, final String baseline)
    {
        return format(figure, ratio, higherIsBetter, baseline, "show");
    }

    /** The same rows, each only shown. */
    static List<String> shown(final List<String> rows)
    {
        return rows.stream().map(row -> row.replaceFirst("\tguard$", "\tshow")).collect(Collectors.toList());
    }

    /** Writes the rows beside a Markdown fragment: {@code x.md} gets {@code x.ratios.tsv}. */
    static void writeBeside(final Path markdown, final List<String> rows) throws IOException
    {
        final String name = markdown.getFileName().toString().replaceFirst("\\.md$", "");
        Files.write(markdown.resolveSibling(name + ".ratios.tsv"), rows);
    }

    private static String format(final String figure, final double ratio, final boolean higherIsBetter,
        final String baseline, final String guard)
    {
        return String.format(Locale.ROOT, "%s\t%.4f\t%s\t%s\t%s", clean(figure), ratio,
            higherIsBetter ? "higher" : "lower", clean(baseline), guard);
    }

    private static String clean(final String text)
    {
        return text.replace('\t', ' ').replace('\n', ' ').replace("**", "").replace("`", "");
    }
}
