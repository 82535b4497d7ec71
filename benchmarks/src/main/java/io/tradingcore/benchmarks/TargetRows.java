package io.tradingcore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The targets as each harness measured them, for the table at the top of RESULTS.md: every harness writes
 * its rows beside its Markdown fragment as {@code NAME.targets.tsv}: target, what was measured, met or missed.
 */
final class TargetRows
{
    private TargetRows()
    {
    }

    static String row(final String target, final String measured, final boolean met)
    {
        return clean(target) + "\t" + clean(measured) + "\t" + (met ? "met" : "**missed**");
    }

    /** A figure the issue asks to be measured without setting a bound on it. */
    static String measured(final String target, final String measured)
    {
        return clean(target) + "\t" + clean(measured) + "\tmeasured";
    }

    static void writeBeside(final Path markdown, final List<String> rows) throws IOException
    {
        final String name = markdown.getFileName().toString().replaceFirst("\\.md$", "");
        Files.write(markdown.resolveSibling(name + ".targets.tsv"), rows);
    }

    private static String clean(final String text)
    {
        return text.replace('\t', ' ').replace('\n', ' ');
    }
}
