package io.tradingcore.projections;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's answers to mistakes, and the status it prints from a projection's counters file. */
class ProjectionCommandTest
{
    @TempDir
    Path data;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return ProjectionCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    @Test
    void anUnknownProjectionIsACommandLineMistake()
    {
        assertEquals(2, run("mysql", "--data", data.toString()));
        assertTrue(err.toString().contains("no projection named mysql; there are " +
            "[postgres, dragonfly, clickhouse, weaviate, arangodb]"),
            err.toString());
    }

    @Test
    void aMissingDataFolderIsNamed()
    {
        assertEquals(2, run("postgres", "--data", data.resolve("absent").toString()));
        assertTrue(err.toString().contains("no data folder"), err.toString());
    }

    @Test
    void statusReadsTheCountersAProjectionPublishes()
    {
        assertEquals(0, run("status", "--data", data.toString()));
        assertTrue(out.toString().contains("no projection has run"), out.toString());

        final Path folder = data.resolve("projections").resolve("postgres");
        try (ProjectionStatus status = ProjectionStatus.create(folder, "postgres"))
        {
            status.state(ProjectionState.LIVE);
            status.set(ProjectionStatus.Counter.LAST_INPUT, 1234);
            status.set(ProjectionStatus.Counter.LAG_INPUTS, 56);
            status.set(ProjectionStatus.Counter.PARKED, 2);
            status.set(ProjectionStatus.Counter.HEARTBEAT_MS, System.currentTimeMillis());
            final Map<ProjectionStatus.Counter, Long> read = ProjectionStatus.read(folder);
            assertEquals(1234L, read.get(ProjectionStatus.Counter.LAST_INPUT));
            out.reset();
            assertEquals(0, run("status", "--data", data.toString()));
            final String line = out.toString();
            assertTrue(line.startsWith("postgres    live, parked"), line);
            assertTrue(line.contains("input 1,234") && line.contains("lag 56 inputs"), line);
            assertTrue(line.contains("parked 2"), line);
            assertTrue(line.contains("--replay-parked") && line.contains("pid " + ProcessHandle.current().pid()), line);
        }
        out.reset();
        assertEquals(0, run("status", "--data", data.toString()));
        assertTrue(out.toString().contains("not running"), "closed: its heartbeat stops: " + out);
    }
}
