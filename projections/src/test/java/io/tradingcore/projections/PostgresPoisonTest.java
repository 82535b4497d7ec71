package io.tradingcore.projections;

import io.tradingcore.projections.postgres.PostgresSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An event the schema refuses, through the command line as a user meets it: the PostgreSQL projection parks the
 * refused fill with the server's reason and the later events of its account behind it, the events of no account go
 * on, and {@code --replay-parked} after the fix leaves the tables as if nothing had been refused.
 */
class PostgresPoisonTest
{
    @TempDir
    Path data;

    @Test
    void aFillTheSchemaRefusesIsParkedAndAppliedByReplayParkedAfterTheFix() throws Exception
    {
        try (CoreRun core = new CoreRun(data, CoreRun.SECOND_TENANT))
        {
            core.feed(80_000);
            core.settle();
        }
        final AuditSums audit = AuditSums.of(data);
        assertTrue(audit.fillsOf(1001) > 10 && audit.fillsOf(2001) > 10, "both accounts traded");
        try (SinkTarget.Postgres clean = new SinkTarget.Postgres();
            SinkTarget.Postgres poisoned = new SinkTarget.Postgres())
        {
            try (Sink sink = clean.sink(); Projection projection = new Projection(sink, new Projection.Context()
                .dataDirectory(data).once(true).log(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8))))
            {
                projection.run(() -> true);
            }
            try (PostgresSink sink = (PostgresSink)poisoned.sink())
            {
                sink.open();
            }
            final Path log = data.resolve("poison.log");
            try (Connection connection = poisoned.database().connect();
                Statement statement = connection.createStatement())
            {
                // Account 1001's strategy reverses with fills of 0.2 lot; this schema now refuses that for 1001 only.
                statement.execute("ALTER TABLE fills ADD CONSTRAINT at_most_a_tenth " +
                    "CHECK (account_id <> 1001 OR quantity <= 0.1)");
            }
            assertEquals(0, ProjectionProcess.run(log, poisoned.environment(), "postgres", "--data", data.toString(),
                "--once"), Files.readString(log));
            try (Connection connection = poisoned.database().connect();
                Statement statement = connection.createStatement())
            {
                assertTrue(count(statement, "SELECT count(*) FROM dead_letters") > 1,
                    "the refused fill and what followed for its account are parked");
                try (ResultSet first = statement.executeQuery(
                    "SELECT reason, template_id FROM dead_letters ORDER BY input_sequence, output_index LIMIT 1"))
                {
                    first.next();
                    assertTrue(first.getString(1).contains("at_most_a_tenth"), first.getString(1));
                }
                assertEquals(audit.ticks, count(statement, "SELECT sum(ticks) FROM usage"),
                    "the events of no account (ticks) went on");
                assertEquals(0, count(statement, "SELECT count(*) FROM dead_letters WHERE account_id <> 1001"),
                    "only account 1001's events are parked");
                assertEquals(audit.fillsOf(2001),
                    count(statement, "SELECT count(*) FROM fills WHERE account_id = 2001"),
                    "the other account went on: all its fills are there");
                assertTrue(count(statement, "SELECT count(*) FROM fills") < audit.fills);
                statement.execute("ALTER TABLE fills DROP CONSTRAINT at_most_a_tenth");
            }
            assertTrue(Files.readString(log).contains("ALERT postgres: parked"), Files.readString(log));
            assertTrue(ProjectionProcess.run(log, poisoned.environment(), "status", "--data", data.toString()) == 0);

            assertEquals(0, ProjectionProcess.run(log, poisoned.environment(), "postgres", "--data", data.toString(),
                "--replay-parked"), Files.readString(log));
            try (Connection connection = poisoned.database().connect();
                Statement statement = connection.createStatement())
            {
                assertEquals(0, count(statement, "SELECT count(*) FROM dead_letters"));
            }
            final Map<String, String> expected = clean.dump();
            final Map<String, String> replayed = poisoned.dump();
            for (final String table : List.of("fills", "orders", "positions", "order_events", "account_states"))
            {
                assertEquals(expected.get(table), replayed.get(table), "after the replay, " + table +
                    " is as if nothing had been refused");
            }
        }
    }

    private static long count(final Statement statement, final String query) throws Exception
    {
        try (ResultSet result = statement.executeQuery(query))
        {
            result.next();
            return result.getLong(1);
        }
    }
}
