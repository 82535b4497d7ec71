package io.tradingcore.projections;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every projection on a real day of ticks with trading and its real server: an uninterrupted run's rows agree with
 * the audit of the journal, and a projection process SIGKILLed at ten random points, restarted each time, ends with
 * exactly the rows of the uninterrupted run.
 */
class ProjectionKillTest
{
    @TempDir
    static Path data;

    private static AuditSums audit;

    @BeforeAll
    static void tradeADay() throws Exception
    {
        try (CoreRun core = new CoreRun(data))
        {
            core.feed(Long.MAX_VALUE);
            core.settle();
        }
        audit = AuditSums.of(data);
        assertTrue(audit.fills > 100, "the strategy traded: " + audit.fills + " fills");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "dragonfly", "clickhouse"})
    void killedTenTimesItEndsWithTheRowsOfAnUninterruptedRunThatAgreesWithTheAudit(final String name) throws Exception
    {
        try (SinkTarget uninterrupted = SinkTarget.create(name); SinkTarget killed = SinkTarget.create(name))
        {
            final long started = System.nanoTime();
            try (Sink sink = uninterrupted.sink();
                Projection projection = new Projection(sink, new Projection.Context().dataDirectory(data).once(true)
                    .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))))
            {
                projection.run(() -> true);
            }
            uninterrupted.assertAgreesWith(audit);
            // Kill points fall after the process has started catching up, within a tenth of a whole warm run: every
            // restart resumes from the checkpoint, so ten kills spread over the first half of the work or so.
            final int tenthMs = (int)TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) / 10 + 1;
            final Path status = data.resolve("projections").resolve(name);

            final Path log = data.resolve(name + "-killed.log");
            final Random random = new Random(name.hashCode());
            int killedWhileRunning = 0;
            for (int kill = 0; kill < 10; kill++)
            {
                final Process process = ProjectionProcess.start(log, killed.environment(), name, "--data",
                    data.toString(), "--once");
                awaitCatchingUp(process, status);
                Thread.sleep(random.nextInt(tenthMs));
                if (process.isAlive())
                {
                    killedWhileRunning++;
                }
                process.destroyForcibly().waitFor();
            }
            assertTrue(killedWhileRunning >= 5, "most kills landed while it ran: " + killedWhileRunning + "; " +
                Files.readString(log));
            assertEquals(0, ProjectionProcess.run(log, killed.environment(), name, "--data", data.toString(),
                "--once"), Files.readString(log));
            final Map<String, String> expected = uninterrupted.dump();
            final Map<String, String> actual = killed.dump();
            assertEquals(expected.keySet(), actual.keySet());
            for (final String table : expected.keySet())
            {
                assertEquals(expected.get(table), actual.get(table), name + ": " + table);
            }
        }
    }

    /** Waits until the process has opened its sink and read its checkpoint (its counters say so), or has ended. */
    private static void awaitCatchingUp(final Process process, final Path status) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (process.isAlive() && System.nanoTime() < deadline)
        {
            final Map<ProjectionStatus.Counter, Long> counters = countersOf(status);
            final long state = counters.getOrDefault(ProjectionStatus.Counter.STATE, -1L);
            if (counters.getOrDefault(ProjectionStatus.Counter.PID, 0L) == process.pid() &&
                state == ProjectionState.CATCHING_UP.ordinal())
            {
                return;
            }
            Thread.sleep(1);
        }
    }

    /** The counters, or none while the starting process is still making its file. */
    private static Map<ProjectionStatus.Counter, Long> countersOf(final Path status)
    {
        try
        {
            return ProjectionStatus.read(status);
        }
        catch (final RuntimeException ex)
        {
            return Map.of();
        }
    }
}
