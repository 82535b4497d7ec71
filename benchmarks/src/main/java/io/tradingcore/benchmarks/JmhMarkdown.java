package io.tradingcore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns JMH's CSV result file ({@code -rf csv}) into the Markdown table of RESULTS.md, each
 * benchmark beside the SBE MarketTick encode+decode measured in the same JMH run: the least any
 * handling of a tick costs.
 *
 * <pre>java -cp ... io.tradingcore.benchmarks.JmhMarkdown jmh.csv jmh.md</pre>
 */
public final class JmhMarkdown
{
    private static final String BASELINE = "MarketTickCodecBenchmark.encodeAndDecode";

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
        final List<Result> results = read(Path.of(args[0]));
        Files.writeString(Path.of(args[1]), markdown(results));
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

    private static String markdown(final List<Result> results)
    {
        final Result baseline = results.stream().filter(r -> r.shortName().equals(BASELINE)).findFirst().orElse(null);
        final StringBuilder out = new StringBuilder();
        out.append("| benchmark | mode | samples | score | error (99.9%) | unit | per second | ratio to baseline |\n");
        out.append("|---|---|---:|---:|---:|---|---:|---|\n");
        for (final Result result : results)
        {
            final String perSecond = result.unit().equals("ns/op") ? String.format("%,.0f", 1e9 / result.score()) : "";
            final String ratio = result == baseline ? "**baseline**" : baseline == null ? "" :
                String.format("%.1f x %s", result.score() / baseline.score(), BASELINE);
            out.append(String.format("| %s | %s | %d | %.1f | %s | %s | %s | %s |%n", result.shortName(), result.mode(),
                result.samples(), result.score(), Double.isNaN(result.error()) ? "n/a" :
                String.format("%.1f", result.error()), result.unit(), perSecond, ratio));
        }
        return out.toString();
    }
}
