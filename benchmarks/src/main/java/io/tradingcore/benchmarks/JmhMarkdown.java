package io.tradingcore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JMH's CSV result file ({@code -rf csv}, with {@code -prof gc}) into the Markdown table of RESULTS.md, each
 * benchmark beside the SBE MarketTick encode+decode measured in the same JMH run (the least any handling of a tick
 * costs), the journal append beside a raw Chronicle append; with the bytes each operation allocated, the ratio rows
 * for {@code --check} and the zero-allocation targets of the engine paths.
 *
 * <pre>java -cp ... io.tradingcore.benchmarks.JmhMarkdown jmh.csv jmh.md</pre>
 */
public final class JmhMarkdown
{
    private static final String BASELINE = "MarketTickCodecBenchmark.encodeAndDecode";
    private static final String JOURNAL = "JournalAppendBenchmark.journalAppend";
    private static final String RAW_APPEND = "JournalAppendBenchmark.rawChronicleAppend";

    private JmhMarkdown()
    {
    }

    private record Result(String benchmark, String mode, int samples, double score, double error, String unit)
    {
        String shortName()
        {
            final String[] parts = benchmark.split("\\.");
            return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
        }
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length != 2)
        {
            System.err.println("usage: JmhMarkdown JMH_CSV OUTPUT_MD");
            System.exit(2);
        }
        final List<Result> all = read(Path.of(args[0]));
        final List<Result> results = new ArrayList<>();
        final Map<String, Double> allocated = new HashMap<>();
        for (final Result result : all)
        {
            final int secondary = Math.max(result.benchmark().indexOf(':'), result.benchmark().indexOf('\u00b7'));
            if (secondary < 0)
            {
                results.add(result);
            }
            else if (result.benchmark().endsWith("gc.alloc.rate.norm"))
            {
                allocated.put(result.benchmark().substring(0, secondary).replaceAll("[:\u00b7]$", ""),
                    result.score());
            }
        }
        final Path out = Path.of(args[1]);
        Files.writeString(out, markdown(results, allocated));
        RatioRows.writeBeside(out, ratioRows(results));
        TargetRows.writeBeside(out, targetRows(results, allocated));
    }

    private static List<Result> read(final Path csv) throws IOException
    {
        final List<String> lines = Files.readAllLines(csv);
        final List<Result> results = new ArrayList<>();
        for (final String line : lines.subList(1, lines.size()))
        {
            if (line.isBlank())
            {
                continue;
            }
            final String[] fields = line.split(",", -1);
            results.add(new Result(unquote(fields[0]), unquote(fields[1]), Integer.parseInt(fields[3]),
                Double.parseDouble(fields[4]), Double.parseDouble(fields[5]), unquote(fields[6])));
        }
        return results;
    }

    private static String unquote(final String field)
    {
        return field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"") ?
            field.substring(1, field.length() - 1) : field;
    }

    /** The journal append is compared with the raw Chronicle append of the same run; the rest with the tick codec. */
    private static Result baselineOf(final Result result, final List<Result> results)
    {
        final String wanted = result.shortName().equals(JOURNAL) ? RAW_APPEND : BASELINE;
        return results.stream().filter(r -> r.shortName().equals(wanted)).findFirst().orElse(null);
    }

    private static boolean isBaseline(final Result result)
    {
        return result.shortName().equals(BASELINE) || result.shortName().equals(RAW_APPEND);
    }

    private static String markdown(final List<Result> results, final Map<String, Double> allocated)
    {
        final StringBuilder out = new StringBuilder();
        out.append("| benchmark | mode | samples | score | error (99.9%) | unit | per second | allocated (B/op, GC " +
            "profiler) | ratio to baseline |\n");
        out.append("|---|---|---:|---:|---:|---|---:|---:|---|\n");
        for (final Result result : results)
        {
            final Result baseline = baselineOf(result, results);
            final String perSecond = result.unit().equals("ns/op") ? String.format("%,.0f", 1e9 / result.score()) : "";
            final String ratio = isBaseline(result) ? "**baseline**" : baseline == null ? "" :
                String.format("%.1f x %s", result.score() / baseline.score(), baseline.shortName());
            final Double bytes = allocated.get(result.benchmark());
            out.append(String.format("| %s | %s | %d | %.1f | %s | %s | %s | %s | %s |%n", result.shortName(),
                result.mode(), result.samples(), result.score(), Double.isNaN(result.error()) ? "n/a" :
                String.format("%.1f", result.error()), result.unit(), perSecond, bytes == null ? "n/a" :
                String.format("%.3f", bytes), ratio));
        }
        return out.toString();
    }

    private static List<String> ratioRows(final List<Result> results)
    {
        final List<String> rows = new ArrayList<>();
        for (final Result result : results)
        {
            final Result baseline = baselineOf(result, results);
            if (!isBaseline(result) && baseline != null && result.unit().equals("ns/op"))
            {
                rows.add(RatioRows.row("JMH " + result.shortName(), result.score() / baseline.score(), false,
                    "JMH " + baseline.shortName()));
            }
        }
        return rows;
    }

    /** The engine paths must allocate nothing per operation: under one byte, which leaves JMH's own rounding. */
    private static List<String> targetRows(final List<Result> results, final Map<String, Double> allocated)
    {
        final List<String> rows = new ArrayList<>();
        for (final Result result : results)
        {
            final String name = result.shortName();
            if (name.startsWith("EngineTickBenchmark") || name.startsWith("EngineOrderBenchmark") ||
                name.startsWith("PositionPnlBenchmark"))
            {
                final Double bytes = allocated.get(result.benchmark());
                rows.add(TargetRows.row("0 bytes allocated per event: " + name, bytes == null ? "not measured (run " +
                    "JMH with -prof gc)" : String.format("%.3f B/op", bytes), bytes != null && bytes < 1));
            }
        }
        return rows;
    }
}
