package io.tradingcore.projections.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.projections.SinkException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The ClickHouse server the tests run against ({@code TC_TEST_CLICKHOUSE_URL}, default the development server on
 * 28123), each test class in a database of its own with a random suffix, dropped at the end.
 */
final class ClickHouseTestServer
{
    static final URI ADDRESS = URI.create(System.getenv().getOrDefault("TC_TEST_CLICKHOUSE_URL",
        "http://127.0.0.1:28123"));

    final String database = "tc_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    final ClickHouseHttp http = new ClickHouseHttp(ADDRESS, "default", null, Duration.ofSeconds(10));

    /** Fails, rather than skips, when the server is not there. */
    static ClickHouseTestServer reachable()
    {
        final ClickHouseTestServer server = new ClickHouseTestServer();
        try
        {
            server.http.select("SELECT 1");
        }
        catch (final SinkException ex)
        {
            fail("ClickHouse is not reachable at " + ADDRESS + " (" + ex.getMessage() + "): run the tests through "
                + "scripts/test, which starts it, or set TC_TEST_CLICKHOUSE_URL");
        }
        return server;
    }

    ClickHouseSink openSink() throws SinkException
    {
        final ClickHouseSink sink = new ClickHouseSink(ADDRESS, "default", null, database);
        sink.open();
        return sink;
    }

    void dropDatabase() throws SinkException
    {
        http.execute("DROP DATABASE IF EXISTS " + database);
    }

    List<JsonNode> select(final String sql) throws SinkException
    {
        return http.select(sql.replace("{db}", database));
    }

    /** The first row of a query. */
    JsonNode row(final String sql) throws SinkException
    {
        final List<JsonNode> rows = select(sql);
        if (rows.isEmpty())
        {
            fail("no row from " + sql);
        }
        return rows.get(0);
    }
}
