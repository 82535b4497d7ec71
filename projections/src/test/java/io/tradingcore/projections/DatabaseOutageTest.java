package io.tradingcore.projections;

import io.tradingcore.projections.postgres.PostgresSink;
import io.tradingcore.projections.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PostgreSQL server stopped for 30 s while the core trades and the projection follows it live: the core goes on
 * at its pace (every input processed while the database is down), the projection waits with backoff, and once the
 * server is back every row arrives, none twice (the sums equal the audit's). Stops and starts the test suite's own
 * server through scripts/db, which scripts/test names in TC_TEST_DB_SCRIPT.
 */
class DatabaseOutageTest
{
    private static final long OUTAGE_NS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path data;

    @SuppressWarnings("try") // closes the core early on purpose: the audit reads its journals once it is closed
    @Test
    void everyRowArrivesOnceAfterThirtySecondsWithoutTheDatabaseAndTheCoreNeverWaits() throws Exception
    {
        final String script = System.getenv("TC_TEST_DB_SCRIPT");
        final String folder = System.getenv("TC_TEST_DB_DIR");
        assertTrue(script != null && folder != null, "TC_TEST_DB_SCRIPT and TC_TEST_DB_DIR are unset: run this " +
            "test through scripts/test, which starts the database servers it stops and starts again");
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final AtomicBoolean running = new AtomicBoolean(true);
        try (TestDatabase database = TestDatabase.create("outage");
            CoreRun core = new CoreRun(data);
            PostgresSink sink = new PostgresSink(database.url(), null, null);
            Projection projection = new Projection(sink, new Projection.Context().dataDirectory(data)
                .backoffInitialMs(50).backoffMaxMs(1_000).log(new PrintStream(log, true, StandardCharsets.UTF_8))))
        {
            final Thread follower = new Thread(() -> projection.run(running::get), "projection");
            follower.start();
            core.feed(20_000);
            core.settle();
            awaitTrue(() -> projection.state() == ProjectionState.LIVE, "live: " + log);

            assertEquals(0, server(script, "stop", folder), "stopped the test PostgreSQL");
            final long outageStart = System.nanoTime();
            long fedDuringOutage = 0;
            while (System.nanoTime() - outageStart < OUTAGE_NS)
            {
                fedDuringOutage += core.feed(2_000);
                core.settle();
                assertEquals(core.core().lastSequenced(), core.core().publishedSequence(),
                    "the engine processed and published every input while the database was down");
                Thread.sleep(400);
            }
            assertEquals(ProjectionState.DATABASE_DOWN, projection.state(), log.toString());
            assertTrue(fedDuringOutage > 100_000, "the core traded on: " + fedDuringOutage + " ticks");
            assertEquals(0, server(script, "start", folder), "started the test PostgreSQL again");

            core.feed(Long.MAX_VALUE);
            core.settle();
            final long last = core.core().lastSequenced();
            awaitTrue(() -> projection.applied().lastInput() == last, "caught up after the outage: " + log);
            running.set(false);
            follower.join(10_000);
            core.close();

            final AuditSums audit = AuditSums.of(data);
            try (Connection connection = database.connect(); Statement statement = connection.createStatement())
            {
                assertEquals(audit.ticks, count(statement, "SELECT sum(ticks) FROM usage"));
                assertEquals(audit.fills, count(statement, "SELECT count(*) FROM fills"));
                assertEquals(audit.accepted, count(statement, "SELECT count(*) FROM orders"));
                assertEquals(audit.accountStates, count(statement, "SELECT count(*) FROM account_states"));
                try (ResultSet sum = statement.executeQuery("SELECT sum(realized_pnl) FROM fills"))
                {
                    sum.next();
                    assertEquals(0, audit.realizedPnl.compareTo(sum.getBigDecimal(1)));
                }
            }
            assertTrue(log.toString().contains("database down"), log.toString());
            assertTrue(log.toString().contains("database back"), log.toString());
        }
    }

    private static int server(final String script, final String command, final String folder) throws Exception
    {
        return new ProcessBuilder(script, command, "--data", folder, "postgres").inheritIO().start().waitFor();
    }

    private static long count(final Statement statement, final String query) throws Exception
    {
        try (ResultSet result = statement.executeQuery(query))
        {
            result.next();
            return result.getLong(1);
        }
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
