package io.tradingcore.gateway.ops;

import io.tradingcore.projections.ProjectionState;
import io.tradingcore.projections.ProjectionStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads every projection's counters file ({@code DATA/projections/NAME/counters.dat}, {@link ProjectionStatus}) as
 * {@code scripts/projection status} does: a projection runs in a process of its own and reports there whether or not
 * the core is up.
 */
public final class ProjectionStatuses
{
    /** A projection whose heartbeat is older than this is not running ({@code scripts/projection status} too). */
    public static final long STALE_MS = 3_000;

    /** One projection's status as its counters file says it; {@code known} false when it has none yet. */
    public record Entry(
        String name, boolean known, ProjectionState state, long lagInputs, long heartbeatMs, long parked,
        long lastInput)
    {
        /** Running: not stopped and its heartbeat fresh at {@code nowMs}. */
        public boolean running(final long nowMs)
        {
            return known && state != ProjectionState.STOPPED && nowMs - heartbeatMs < STALE_MS;
        }
    }

    private final Path projectionsDirectory;

    /** @param projectionsDirectory {@code DATA/projections}. */
    public ProjectionStatuses(final Path projectionsDirectory)
    {
        this.projectionsDirectory = projectionsDirectory;
    }

    /** Each projection that has a folder, by name; empty when none has run on this data folder. */
    public List<Entry> read()
    {
        final List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(projectionsDirectory))
        {
            return entries;
        }
        try (Stream<Path> folders = Files.list(projectionsDirectory).filter(Files::isDirectory).sorted())
        {
            folders.forEach(folder -> entries.add(entry(folder.getFileName().toString(), folder)));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot list " + projectionsDirectory + ": " + ex.getMessage(), ex);
        }
        return entries;
    }

    private static Entry entry(final String name, final Path folder)
    {
        Map<ProjectionStatus.Counter, Long> counters;
        try
        {
            counters = ProjectionStatus.read(folder);
        }
        catch (final RuntimeException ex)
        {
            // A projection recreating its file at this moment: as good as no status for one read.
            counters = Map.of();
        }
        if (counters.isEmpty())
        {
            return new Entry(name, false, ProjectionState.STOPPED, 0, 0, 0, 0);
        }
        return new Entry(name, true,
            ProjectionState.of(counters.getOrDefault(ProjectionStatus.Counter.STATE, -1L)),
            counters.getOrDefault(ProjectionStatus.Counter.LAG_INPUTS, 0L),
            counters.getOrDefault(ProjectionStatus.Counter.HEARTBEAT_MS, 0L),
            counters.getOrDefault(ProjectionStatus.Counter.PARKED, 0L),
            counters.getOrDefault(ProjectionStatus.Counter.LAST_INPUT, 0L));
    }
}
