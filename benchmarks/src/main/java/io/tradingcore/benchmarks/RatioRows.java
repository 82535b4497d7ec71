package io.tradingcore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The rows {@code scripts/bench --check} compares between runs: a figure's ratio to its baseline measured in the
 * same run (absolute figures vary by machine, ratios much less). Every harness writes its rows beside its Markdown
 * fragment as {@code NAME.ratios.tsv}: figure, ratio, {@code higher} or {@code lower} (which way is better), baseline.
 */
final class RatioRows
{
    private RatioRows()
    {
    }

    static String row(final String figure, final double ratio, final boolean higherIsBetter, final String baseline)
    {
        return String.format(Locale.ROOT, "%s\t%.4f\t%s\t%s", clean(figure), ratio, higherIsBetter ? "higher" : "lower",
            clean(baseline));
    }

    /** Writes the rows beside a Markdown fragment: {@code x.md} gets {@code x.ratios.tsv}. */
    static void writeBeside(final Path markdown, final List<String> rows) throws IOException
    {
        final String name = markdown.getFileName().toString().replaceFirst("\\.md$", "");
        Files.write(markdown.resolveSibling(name + ".ratios.tsv"), rows);
    }

    private static String clean(final String text)
    {
        return text.replace('\t', ' ').replace('\n', ' ').replace("**", "").replace("`", "");
    }
}
