package io.tradingcore.projections;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The projections' part of the main job's summary ({@code scripts/projection summary}): per sink, its rows by table
 * and its status, then how to look at the rows.
 */
final class PlatformSummary
{
    private PlatformSummary()
    {
    }

    static void print(final PrintStream out, final Path data, final SinkSettings settings)
    {
        out.println("== projections ==");
        final long now = System.currentTimeMillis();
        for (final String name : Sinks.NAMES)
        {
            out.println(StatusReport.line(name, ProjectionStatus.read(data.resolve("projections").resolve(name)), now));
            try (Sink sink = Sinks.create(name, settings))
            {
                sink.open();
                final StringBuilder rows = new StringBuilder("  rows:");
                for (final Map.Entry<String, Long> table : sink.rowCounts().entrySet())
                {
                    rows.append(String.format(" %s %,d", table.getKey(), table.getValue()));
                }
                out.println(rows);
            }
            catch (final SinkException | RuntimeException ex)
            {
                out.println("  rows: not readable (" + ex.getMessage() + ")");
            }
        }
        out.println("look at them:");
        out.println("  scripts/db psql --data " + data + " -c 'select * from fills order by time_ns limit 10'");
        out.println("  scripts/db redis --data " + data + " -c 'keys tc:*'");
        out.println("  scripts/db clickhouse --data " + data + " -c 'select count() from tradingcore.ticks'");
        out.println("  scripts/projection status --data " + data);
    }
}
