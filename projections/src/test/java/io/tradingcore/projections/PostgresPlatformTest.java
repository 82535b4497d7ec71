package io.tradingcore.projections;

import io.tradingcore.projections.postgres.PostgresSink;
import io.tradingcore.projections.postgres.TestDatabase;
import io.tradingcore.replay.AuditRecord;
import io.tradingcore.replay.AuditTrail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PostgreSQL projection as a user runs it, on a real day of ticks with trading and a real server: its rows agree
 * with the audit of the same journal, a projection SIGKILLed at random points ends with the rows of an uninterrupted
 * run, and an event the schema refuses is parked and applied with {@code --replay-parked} after the fix.
 */
class PostgresPlatformTest
{
    @TempDir
    static Path data;

    private static TestDatabase reference;
    private static Map<String, String> dump;

    @BeforeAll
    static void tradeADayAndProjectItOnce() throws Exception
    {
        try (CoreRun core = new CoreRun(data))
        {
            core.feed(Long.MAX_VALUE);
            core.settle();
        }
        reference = TestDatabase.create("platform_reference");
        try (PostgresSink sink = new PostgresSink(reference.url(), null, null);
            Projection projection = new Projection(sink, quiet(new Projection.Context().dataDirectory(data)
                .once(true))))
        {
            projection.run(() -> true);
        }
        dump = dump(reference);
    }

    @AfterAll
    static void dropReference() throws SQLException
    {
        reference.close();
    }

    @Test
    void rowsAndSumsEqualTheAuditOfTheJournal() throws Exception
    {
        final AuditSums audit = AuditSums.of(data);
        assertTrue(audit.fills > 100, "the strategy traded: " + audit.fills + " fills");
        try (Connection connection = reference.connect(); Statement statement = connection.createStatement())
        {
            assertEquals(audit.fills, single(statement, "SELECT count(*) FROM fills").longValue());
            assertEquals(0, audit.fillQuantity.compareTo(single(statement, "SELECT sum(quantity) FROM fills")));
            assertEquals(0, audit.realizedPnl.compareTo(single(statement, "SELECT sum(realized_pnl) FROM fills")));
            assertEquals(0, audit.commission.compareTo(single(statement, "SELECT sum(commission) FROM fills")));
            assertEquals(audit.accepted, single(statement, "SELECT count(*) FROM orders").longValue());
            assertEquals(audit.ticks, single(statement, "SELECT sum(ticks) FROM usage").longValue());
            assertEquals(audit.accepted + audit.rejected,
                single(statement, "SELECT sum(orders) FROM usage").longValue());
            assertEquals(audit.fills, single(statement, "SELECT sum(fills) FROM usage").longValue());
            assertEquals(audit.accountStates, single(statement, "SELECT count(*) FROM account_states").longValue());
            assertEquals(0, audit.lastNetQuantity.compareTo(
                single(statement, "SELECT net_quantity FROM positions WHERE account_id = 1001")));
            assertEquals(0L, single(statement, "SELECT count(*) FROM dead_letters").longValue());
        }
    }

    @Test
    void killedTenTimesItEndsWithTheRowsOfAnUninterruptedRun() throws Exception
    {
        try (TestDatabase killed = TestDatabase.create("platform_killed"))
        {
            final Map<String, String> environment = Map.of("TC_POSTGRES_URL", killed.url());
            final Path log = data.resolve("killed.log");
            final Random random = new Random(19);
            int killedMidway = 0;
            for (int kill = 0; kill < 10; kill++)
            {
                final Process process = ProjectionProcess.start(log, environment, "postgres", "--data",
                    data.toString(), "--once");
                Thread.sleep(700 + random.nextInt(2_500));
                if (process.isAlive())
                {
                    killedMidway++;
                }
                process.destroyForcibly().waitFor();
            }
            assertTrue(killedMidway >= 5, "most kills landed while it ran: " + killedMidway + "; " +
                Files.readString(log));
            assertEquals(0, ProjectionProcess.run(log, environment, "postgres", "--data", data.toString(), "--once"),
                Files.readString(log));
            assertEquals(dump, dump(killed), "the same rows as the uninterrupted run");
        }
    }

    @Test
    void anEventTheSchemaRefusesIsParkedAndAppliedByReplayParkedAfterTheFix() throws Exception
    {
        try (TestDatabase poisoned = TestDatabase.create("platform_poison"))
        {
            final Map<String, String> environment = Map.of("TC_POSTGRES_URL", poisoned.url());
            final Path log = data.resolve("poison.log");
            try (PostgresSink sink = new PostgresSink(poisoned.url(), null, null))
            {
                sink.open();
            }
            try (Connection connection = poisoned.connect(); Statement statement = connection.createStatement())
            {
                // A fill of more than 0.1 lot is what this schema now refuses: the strategy's reversals fill 0.2.
                statement.execute("ALTER TABLE fills ADD CONSTRAINT at_most_a_tenth CHECK (quantity <= 0.1)");
            }
            assertEquals(0, ProjectionProcess.run(log, environment, "postgres", "--data", data.toString(), "--once"),
                Files.readString(log));
            try (Connection connection = poisoned.connect(); Statement statement = connection.createStatement())
            {
                final long parked = single(statement, "SELECT count(*) FROM dead_letters").longValue();
                assertTrue(parked > 1, "the refused fill and what followed for its account: " + parked);
                try (ResultSet first = statement.executeQuery(
                    "SELECT reason FROM dead_letters ORDER BY input_sequence, output_index LIMIT 1"))
                {
                    first.next();
                    assertTrue(first.getString(1).contains("at_most_a_tenth"), first.getString(1));
                }
                assertEquals(AuditSums.of(data).ticks, single(statement, "SELECT sum(ticks) FROM usage").longValue(),
                    "events of no account (the ticks) went on");
                assertTrue(Files.readString(log).contains("ALERT postgres: parked"), Files.readString(log));
                statement.execute("ALTER TABLE fills DROP CONSTRAINT at_most_a_tenth");
            }
            assertEquals(0, ProjectionProcess.run(log, environment, "postgres", "--data", data.toString(),
                "--replay-parked"), Files.readString(log));
            try (Connection connection = poisoned.connect(); Statement statement = connection.createStatement())
            {
                assertEquals(0L, single(statement, "SELECT count(*) FROM dead_letters").longValue());
            }
            final Map<String, String> replayed = dump(poisoned);
            for (final String table : List.of("fills", "orders", "positions", "order_events", "account_states"))
            {
                assertEquals(dump.get(table), replayed.get(table), "after the replay, " + table + " is as if " +
                    "nothing had been refused");
            }
        }
    }

    private static Projection.Context quiet(final Projection.Context context)
    {
        return context.log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static BigDecimal single(final Statement statement, final String query) throws SQLException
    {
        try (ResultSet result = statement.executeQuery(query))
        {
            result.next();
            final BigDecimal value = result.getBigDecimal(1);
            return value == null ? BigDecimal.ZERO : value;
        }
    }

    /** Every table's rows as text, sorted: what two runs must agree on (a dead letter's parking time excluded). */
    static Map<String, String> dump(final TestDatabase database) throws SQLException
    {
        final Map<String, String> tables = new TreeMap<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement())
        {
            final List<String> names = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = " +
                "current_schema() AND tablename NOT LIKE 'flyway%' AND tablename <> 'dead_letters'"))
            {
                while (result.next())
                {
                    names.add(result.getString(1));
                }
            }
            for (final String name : names)
            {
                try (ResultSet result = statement.executeQuery(
                    "SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM " + name + " t"))
                {
                    result.next();
                    tables.put(name, result.getString(1));
                }
            }
        }
        return tables;
    }

    /** What the audit of a journal reports, summed as the tests compare it. */
    static final class AuditSums
    {
        long ticks;
        long fills;
        long accepted;
        long rejected;
        long accountStates;
        BigDecimal fillQuantity = BigDecimal.ZERO;
        BigDecimal realizedPnl = BigDecimal.ZERO;
        BigDecimal commission = BigDecimal.ZERO;
        BigDecimal lastNetQuantity = BigDecimal.ZERO;

        static AuditSums of(final Path data)
        {
            final AuditSums sums = new AuditSums();
            AuditTrail.read(data, Long.MAX_VALUE, step ->
            {
                if ("MarketTick".equals(step.input().message()))
                {
                    sums.ticks++;
                }
                for (final AuditRecord output : step.outputs())
                {
                    switch (output.message())
                    {
                        case "Fill" ->
                        {
                            sums.fills++;
                            sums.fillQuantity = sums.fillQuantity.add(field(output, "quantity"));
                            sums.realizedPnl = sums.realizedPnl.add(field(output, "realizedPnl"));
                            sums.commission = sums.commission.add(field(output, "commission"));
                        }
                        case "OrderAccepted" -> sums.accepted++;
                        case "OrderRejected" -> sums.rejected++;
                        case "AccountState" -> sums.accountStates++;
                        case "PositionUpdate" -> sums.lastNetQuantity = field(output, "netQuantity");
                        default ->
                        {
                        }
                    }
                }
            }, (reached, last) ->
            {
            });
            return sums;
        }

        private static BigDecimal field(final AuditRecord record, final String name)
        {
            return record.fields().stream().filter(f -> f.name().equals(name)).findFirst()
                .map(f -> new BigDecimal(f.value())).orElseThrow(() -> new AssertionError(name + " in " + record));
        }
    }
}
