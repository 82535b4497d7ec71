package io.tradingcore.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The baselines of the projections: the most rows a second the same client writes to the same server, with rows about
 * as wide as a projection's (a fill or an order event: sequence, index, tenant, account, engine time, timestamp, a
 * type, a quantity and a price at fixed scale, an order id), in the projection's batch size, nothing else done.
 * PostgreSQL: COPY in transactions of one batch each (the sink's own fastest path) over plain JDBC; Redis: one
 * MULTI/EXEC of HSETs per batch, pipelined through Lettuce's async API; ClickHouse: all rows in one HTTP INSERT as
 * TabSeparated into a MergeTree table.
 */
final class RawWriteRate
{
    private static final long BASE_TIME_NS = 1_399_507_200_000_000_000L;
    private static final String[] TYPES = {"accepted", "routed", "filled", "cancelled"};

    private RawWriteRate()
    {
    }

    static TrialResult postgres(final String url, final String user, final long rows, final int batch)
        throws SQLException
    {
        try (Connection connection = DriverManager.getConnection(url, user, null))
        {
            try (Statement statement = connection.createStatement())
            {
                statement.execute("CREATE TABLE raw_events (input_sequence bigint NOT NULL, output_index integer NOT " +
                    "NULL, tenant_id integer NOT NULL, account_id bigint NOT NULL, time_ns bigint NOT NULL, time " +
                    "timestamptz NOT NULL, type text NOT NULL, quantity numeric(24, 4) NOT NULL, price numeric NOT " +
                    "NULL, order_id bigint, PRIMARY KEY (input_sequence, output_index))");
            }
            connection.setAutoCommit(false);
            final StringBuilder text = new StringBuilder(batch * 120);
            final long start = System.nanoTime();
            for (long from = 0; from < rows; from += batch)
            {
                text.setLength(0);
                final long to = Math.min(rows, from + batch);
                for (long i = from; i < to; i++)
                {
                    final long timeNs = BASE_TIME_NS + i * 1_000_000L;
                    text.append(i).append('\t').append(1).append('\t').append(1).append('\t').append(1001)
                        .append('\t').append(timeNs).append('\t').append(Instant.ofEpochSecond(0, timeNs))
                        .append('\t').append(TYPES[(int)(i & 3)]).append('\t').append("1.0000").append('\t')
                        .append("1.37").append(i % 1000).append('\t').append(i / 4).append('\n');
                }
                final byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                final CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY raw_events FROM STDIN");
                copy.writeToCopy(bytes, 0, bytes.length);
                copy.endCopy();
                connection.commit();
            }
            final long nanos = System.nanoTime() - start;
            return new TrialResult(rows, nanos, String.format("%,d rows by COPY, %,d a transaction", rows, batch));
        }
    }

    static TrialResult redis(final String url, final String prefix, final long rows, final int batch)
        throws Exception
    {
        final RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect())
        {
            connection.setAutoFlushCommands(false);
            final RedisAsyncCommands<String, String> commands = connection.async();
            final Map<String, String> fields = new LinkedHashMap<>();
            final long start = System.nanoTime();
            for (long from = 0; from < rows; from += batch)
            {
                final long to = Math.min(rows, from + batch);
                commands.multi();
                for (long i = from; i < to; i++)
                {
                    fields.put("inputSequence", Long.toString(i));
                    fields.put("accountId", "1001");
                    fields.put("type", TYPES[(int)(i & 3)]);
                    fields.put("quantity", "1.0000");
                    fields.put("price", "1.37" + i % 1000);
                    fields.put("orderId", Long.toString(i / 4));
                    fields.put("timeNs", Long.toString(BASE_TIME_NS + i * 1_000_000L));
                    commands.hset(prefix + ":order:" + (i % 10_000), fields);
                }
                final RedisFuture<TransactionResult> exec = commands.exec();
                connection.flushCommands();
                if (exec.get(60, TimeUnit.SECONDS).wasDiscarded())
                {
                    throw new IllegalStateException("Redis discarded the raw MULTI/EXEC");
                }
            }
            final long nanos = System.nanoTime() - start;
            return new TrialResult(rows, nanos, String.format("%,d HSETs of 7 fields, %,d a MULTI/EXEC", rows, batch));
        }
        finally
        {
            client.shutdown();
        }
    }

    static TrialResult clickHouse(final String url, final String database, final long rows)
        throws IOException, InterruptedException
    {
        final HttpClient http = HttpClient.newHttpClient();
        query(http, url, "CREATE DATABASE IF NOT EXISTS " + database, "");
        query(http, url, "CREATE TABLE " + database + ".raw_events (input_sequence UInt64, output_index UInt32, " +
            "tenant_id UInt32, account_id UInt64, time_ns Int64, time DateTime, type String, quantity Decimal(18, " +
            "4), price Decimal(18, 8), order_id UInt64) ENGINE = MergeTree ORDER BY (input_sequence, output_index)",
            "");
        final StringBuilder text = new StringBuilder((int)Math.min(Integer.MAX_VALUE / 2, rows * 100));
        for (long i = 0; i < rows; i++)
        {
            final long timeNs = BASE_TIME_NS + i * 1_000_000L;
            text.append(i).append('\t').append(1).append('\t').append(1).append('\t').append(1001).append('\t')
                .append(timeNs).append('\t').append(timeNs / 1_000_000_000L).append('\t').append(TYPES[(int)(i & 3)])
                .append('\t').append("1.0000").append('\t').append("1.37").append(i % 1000).append('\t')
                .append(i / 4).append('\n');
        }
        final long start = System.nanoTime();
        query(http, url, "INSERT INTO " + database + ".raw_events FORMAT TabSeparated", text.toString());
        final long nanos = System.nanoTime() - start;
        return new TrialResult(rows, nanos, String.format("%,d rows in one INSERT (%.1f MB TabSeparated)", rows,
            text.length() / 1e6));
    }

    private static void query(final HttpClient http, final String url, final String sql, final String body)
        throws IOException, InterruptedException
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/?query=" +
                URLEncoder.encode(sql, StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200)
        {
            throw new IOException("ClickHouse answered " + response.statusCode() + " to " + sql + ": " +
                response.body());
        }
    }
}
