package io.tradingcore.projections.dragonfly;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The development Redis server the tests run against ({@code TC_TEST_REDIS_URL}, by default the one on port 26379)
 * and a plain connection to it for the assertions. Each test class works under its own random key prefix and
 * deletes its keys at the end, so that it shares the server with the other helpers' tests.
 */
final class RedisTestServer implements AutoCloseable
{
    static final String URL = System.getenv().getOrDefault("TC_TEST_REDIS_URL", "redis://127.0.0.1:26379");

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisTestServer(final RedisClient client, final StatefulRedisConnection<String, String> connection)
    {
        this.client = client;
        this.connection = connection;
    }

    /** Connects, or fails the test with how to get a server. */
    static RedisTestServer connect()
    {
        final RedisURI uri = RedisURI.create(URL);
        uri.setTimeout(Duration.ofSeconds(5));
        final RedisClient client = RedisClient.create(uri);
        try
        {
            return new RedisTestServer(client, client.connect());
        }
        catch (final RuntimeException ex)
        {
            client.shutdown();
            return fail("no Redis server at " + URL + " (TC_TEST_REDIS_URL): run the tests through scripts/test, "
                + "which starts one: " + ex.getMessage(), ex);
        }
    }

    /** A prefix no other test uses. */
    static String randomPrefix()
    {
        return "tctest" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    RedisCommands<String, String> redis()
    {
        return connection.sync();
    }

    RedisClient client()
    {
        return client;
    }

    /** Every key of the pattern, by SCAN. */
    List<String> keys(final String pattern)
    {
        final List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do
        {
            final KeyScanCursor<String> page = redis().scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        }
        while (!cursor.isFinished());
        return keys;
    }

    void deleteKeys(final String pattern)
    {
        final List<String> keys = keys(pattern);
        if (!keys.isEmpty())
        {
            redis().unlink(keys.toArray(new String[0]));
        }
    }

    @Override
    public void close()
    {
        connection.close();
        client.shutdown();
    }
}
