package io.tradingcore.projections;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** {@code scripts/projection status}: one line per projection of a data folder, from its counters file. */
final class StatusReport
{
    /** A projection that has not updated its heartbeat for this long is not running. */
    static final long STALE_MS = 3_000;

    private StatusReport()
    {
    }

    static void print(final PrintStream out, final Path data, final long nowMs)
    {
        final Path folder = data.resolve("projections");
        if (!Files.isDirectory(folder))
        {
            out.println("no projection has run on " + data + " (start one: scripts/projection NAME --data " + data +
                ")");
            return;
        }
        try (Stream<Path> projections = Files.list(folder).sorted())
        {
            projections.filter(Files::isDirectory).forEach(projection -> out.println(
                line(projection.getFileName().toString(), ProjectionStatus.read(projection), nowMs)));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot list " + folder + ": " + ex.getMessage(), ex);
        }
    }

    static String line(final String name, final Map<ProjectionStatus.Counter, Long> counters, final long nowMs)
    {
        if (counters.isEmpty())
        {
            return String.format("%-11s no status yet", name);
        }
        final long heartbeat = counters.getOrDefault(ProjectionStatus.Counter.HEARTBEAT_MS, 0L);
        final ProjectionState state = ProjectionState.of(counters.getOrDefault(ProjectionStatus.Counter.STATE, -1L));
        final boolean running = state != ProjectionState.STOPPED && nowMs - heartbeat < STALE_MS;
        final long parked = counters.getOrDefault(ProjectionStatus.Counter.PARKED, 0L);
        return String.format(
            "%-11s %-14s input %,d  outputs of input %,d  lag %,d inputs  events %,d this run  parked %,d%s  %s",
            name, running ? state.label() + (parked > 0 ? ", parked" : "") : "not running",
            counters.getOrDefault(ProjectionStatus.Counter.LAST_INPUT, 0L),
            counters.getOrDefault(ProjectionStatus.Counter.LAST_OUTPUT_INPUT, 0L),
            counters.getOrDefault(ProjectionStatus.Counter.LAG_INPUTS, 0L),
            counters.getOrDefault(ProjectionStatus.Counter.EVENTS_APPLIED, 0L), parked,
            parked > 0 ? " (scripts/projection " + name + " --replay-parked after a fix)" : "",
            running ? "pid " + counters.getOrDefault(ProjectionStatus.Counter.PID, 0L) :
            "last seen " + (heartbeat == 0 ? "never" : (nowMs - heartbeat) / 1000 + " s ago"));
    }
}
