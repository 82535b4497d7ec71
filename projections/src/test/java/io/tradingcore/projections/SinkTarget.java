package io.tradingcore.projections;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tradingcore.projections.clickhouse.ClickHouseSink;
import io.tradingcore.projections.dragonfly.DragonflySink;
import io.tradingcore.projections.postgres.PostgresSink;
import io.tradingcore.projections.postgres.TestDatabase;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A fresh place in one of the test servers for one projection: its own PostgreSQL database, Redis key prefix or
 * ClickHouse database. It gives the projection's settings (as environment variables, for a child process), a sink on
 * it, a canonical dump of what the sink stored (to compare two runs), and the checks of its rows against the audit.
 */
abstract class SinkTarget implements AutoCloseable
{
    static SinkTarget create(final String name)
    {
        return switch (name)
        {
            case "postgres" -> new Postgres();
            case "dragonfly" -> new Dragonfly();
            case "clickhouse" -> new ClickHouse();
            default -> throw new IllegalArgumentException(name);
        };
    }

    abstract String name();

    abstract Map<String, String> environment();

    abstract Sink sink();

    /** Everything stored but bookkeeping that differs between runs (times of parking, insert versions). */
    abstract Map<String, String> dump() throws Exception;

    abstract void assertAgreesWith(AuditSums audit) throws Exception;

    @Override
    public abstract void close() throws SQLException, IOException;

    static String suffix()
    {
        return Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    }

    /** A PostgreSQL database of its own. */
    static final class Postgres extends SinkTarget
    {
        private final TestDatabase database = TestDatabase.create("target");

        @Override
        String name()
        {
            return "postgres";
        }

        @Override
        Map<String, String> environment()
        {
            return Map.of("TC_POSTGRES_URL", database.url());
        }

        @Override
        Sink sink()
        {
            return new PostgresSink(database.url(), null, null);
        }

        @Override
        Map<String, String> dump() throws SQLException
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
                for (final String table : names)
                {
                    tables.put(table, single(statement,
                        "SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM " + table + " t"));
                }
            }
            return tables;
        }

        @Override
        void assertAgreesWith(final AuditSums audit) throws SQLException
        {
            try (Connection connection = database.connect(); Statement statement = connection.createStatement())
            {
                assertEquals(audit.fills, Long.parseLong(single(statement, "SELECT count(*) FROM fills")));
                assertDecimal(audit.fillQuantity, single(statement, "SELECT sum(quantity) FROM fills"));
                assertDecimal(audit.realizedPnl, single(statement, "SELECT sum(realized_pnl) FROM fills"));
                assertDecimal(audit.commission, single(statement, "SELECT sum(commission) FROM fills"));
                assertEquals(audit.accepted, Long.parseLong(single(statement, "SELECT count(*) FROM orders")));
                assertEquals(audit.ticks, Long.parseLong(single(statement, "SELECT sum(ticks) FROM usage")));
                assertEquals(audit.accepted + audit.rejected,
                    Long.parseLong(single(statement, "SELECT sum(orders) FROM usage")));
                assertEquals(audit.fills, Long.parseLong(single(statement, "SELECT sum(fills) FROM usage")));
                assertEquals(audit.accountStates,
                    Long.parseLong(single(statement, "SELECT count(*) FROM account_states")));
                assertDecimal(audit.lastNetQuantity,
                    single(statement, "SELECT net_quantity FROM positions WHERE account_id = 1001"));
                assertDecimal(audit.lastEquity,
                    single(statement, "SELECT equity FROM accounts WHERE account_id = 1001"));
                assertEquals("0", single(statement, "SELECT count(*) FROM dead_letters"));
            }
        }

        TestDatabase database()
        {
            return database;
        }

        private static String single(final Statement statement, final String query) throws SQLException
        {
            try (ResultSet result = statement.executeQuery(query))
            {
                result.next();
                return result.getString(1);
            }
        }

        @Override
        public void close() throws SQLException
        {
            database.close();
        }
    }

    /** A Redis key prefix of its own. */
    static final class Dragonfly extends SinkTarget
    {
        private final String url = System.getenv().getOrDefault("TC_TEST_REDIS_URL", "redis://127.0.0.1:26379");
        private final String prefix = "t" + suffix();
        private final RedisClient client = RedisClient.create(url);
        private final StatefulRedisConnection<String, String> connection = client.connect();

        @Override
        String name()
        {
            return "dragonfly";
        }

        @Override
        Map<String, String> environment()
        {
            return Map.of("TC_REDIS_URL", url, "TC_REDIS_PREFIX", prefix);
        }

        @Override
        Sink sink()
        {
            return new DragonflySink(url, prefix);
        }

        @Override
        Map<String, String> dump()
        {
            final RedisCommands<String, String> redis = connection.sync();
            final Map<String, String> keys = new TreeMap<>();
            for (final String key : keys(redis))
            {
                final String type = redis.type(key);
                keys.put(key.substring(prefix.length()), switch (type)
                {
                    case "hash" -> new TreeMap<>(redis.hgetall(key)).toString();
                    case "list" -> redis.lrange(key, 0, -1).toString();
                    case "string" -> redis.get(key);
                    default -> type;
                });
            }
            return keys;
        }

        private List<String> keys(final RedisCommands<String, String> redis)
        {
            final List<String> keys = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do
            {
                final KeyScanCursor<String> page =
                    redis.scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(500));
                keys.addAll(page.getKeys());
                cursor = page;
            }
            while (!cursor.isFinished());
            return keys;
        }

        @Override
        void assertAgreesWith(final AuditSums audit)
        {
            final RedisCommands<String, String> redis = connection.sync();
            final String position = redis.hget(prefix + ":1:positions:1001", "1");
            assertEquals(true, position.contains("\"netQuantity\":\"" + audit.lastNetQuantity.toPlainString() + "\""),
                position + " holds " + audit.lastNetQuantity);
            assertDecimal(audit.lastEquity, redis.hget(prefix + ":1:account:1001", "equity"));
            assertDecimal(audit.lastBid, redis.hget(prefix + ":quote:1", "bid"));
            assertEquals(0L, redis.llen(prefix + ":dead_letters"));
        }

        @Override
        public void close()
        {
            final RedisCommands<String, String> redis = connection.sync();
            final List<String> keys = keys(redis);
            if (!keys.isEmpty())
            {
                redis.unlink(keys.toArray(new String[0]));
            }
            connection.close();
            client.shutdown();
        }
    }

    /** A ClickHouse database of its own. */
    static final class ClickHouse extends SinkTarget
    {
        private static final List<String> TABLES = List.of("ticks", "fills", "order_events", "instruments");

        private final URI url = URI.create(System.getenv().getOrDefault("TC_TEST_CLICKHOUSE_URL",
            "http://127.0.0.1:28123"));
        private final String database = "target_" + suffix();
        private final HttpClient http = HttpClient.newHttpClient();

        @Override
        String name()
        {
            return "clickhouse";
        }

        @Override
        Map<String, String> environment()
        {
            return Map.of("TC_CLICKHOUSE_URL", url.toString(), "TC_CLICKHOUSE_DATABASE", database);
        }

        @Override
        Sink sink()
        {
            return new ClickHouseSink(url, "default", null, database);
        }

        @Override
        Map<String, String> dump() throws Exception
        {
            final Map<String, String> tables = new TreeMap<>();
            for (final String table : TABLES)
            {
                final String[] rows = query("SELECT * FROM " + database + "." + table + " FINAL FORMAT TabSeparated")
                    .split("\n");
                Arrays.sort(rows);
                tables.put(table, String.join("\n", rows));
            }
            return tables;
        }

        @Override
        void assertAgreesWith(final AuditSums audit) throws Exception
        {
            assertEquals(audit.ticks,
                Long.parseLong(query("SELECT count() FROM " + database + ".ticks FINAL").strip()));
            assertEquals(audit.outputs,
                Long.parseLong(query("SELECT count() FROM " + database + ".order_events FINAL").strip()));
            final String[] fills = query("SELECT count(), sum(quantity), sum(realized_pnl), sum(commission) FROM " +
                database + ".fills FINAL FORMAT TabSeparated").strip().split("\t");
            assertEquals(audit.fills, Long.parseLong(fills[0]));
            assertDecimal(audit.fillQuantity, fills[1]);
            assertDecimal(audit.realizedPnl, fills[2]);
            assertDecimal(audit.commission, fills[3]);
        }

        private String query(final String sql) throws IOException, InterruptedException
        {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200)
            {
                throw new AssertionError("ClickHouse at " + url + " answered " + response.statusCode() + ": " +
                    response.body());
            }
            return response.body();
        }

        @Override
        public void close() throws IOException
        {
            try
            {
                query("DROP DATABASE IF EXISTS " + database);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted dropping " + database, ex);
            }
        }
    }

    static void assertDecimal(final BigDecimal expected, final String actual)
    {
        assertEquals(0, expected.compareTo(new BigDecimal(actual.strip())), expected + " vs " + actual);
    }
}
