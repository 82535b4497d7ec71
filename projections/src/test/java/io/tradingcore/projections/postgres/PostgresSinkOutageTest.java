package io.tradingcore.projections.postgres;

import io.tradingcore.projections.TcpProxy;
import io.tradingcore.projections.SinkException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.Connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A server that cannot be reached is UNAVAILABLE, whether it never answered, went away under an open sink or
 * terminated its session; nothing of the batch is stored, and the same sink carries on once the server is back.
 */
class PostgresSinkOutageTest
{
    private static TestDatabase database;
    private static Connection admin;
    private static Queries sql;

    @BeforeAll
    static void createDatabase() throws Exception
    {
        database = TestDatabase.create("tc_pg_outage");
        admin = database.connect();
        sql = new Queries(admin);
    }

    @AfterAll
    static void dropDatabase() throws Exception
    {
        if (admin != null)
        {
            admin.close();
        }
        if (database != null)
        {
            database.close();
        }
    }

    @Test
    void aServerNothingListensForIsUnavailable() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = socket.getLocalPort();
        }
        try (PostgresSink sink = new PostgresSink("jdbc:postgresql://127.0.0.1:" + port + "/none", "postgres", null))
        {
            final SinkException failure = assertThrows(SinkException.class, sink::open);
            assertEquals(SinkException.Kind.UNAVAILABLE, failure.kind(), failure.getMessage());
            final SinkException again = assertThrows(SinkException.class, sink::checkpoint);
            assertEquals(SinkException.Kind.UNAVAILABLE, again.kind(), again.getMessage());
        }
    }

    @Test
    void aServerThatRefusesTheConnectionIsUnavailableNotRejected()
    {
        final String missing = TestDatabase.withDatabase(database.url(), database.name + "_missing");
        try (PostgresSink sink = new PostgresSink(missing, null, null))
        {
            final SinkException failure = assertThrows(SinkException.class, sink::open);
            assertEquals(SinkException.Kind.UNAVAILABLE, failure.kind(),
                "no event is at fault: " + failure.getMessage());
        }
    }

    @Test
    void aServerThatGoesAwayIsUnavailableUntilItComesBack() throws Exception
    {
        final URI server = URI.create(database.url().substring("jdbc:".length()));
        try (TcpProxy proxy = TcpProxy.started(server.getHost(), server.getPort());
            PostgresSink sink = new PostgresSink(throughProxy(proxy), null, null))
        {
            sink.open();
            sink.drop();
            final TradingDay day = new TradingDay();
            sink.apply(day.first);

            proxy.stop();
            final SinkException down = assertThrows(SinkException.class, () -> sink.apply(day.second));
            assertEquals(SinkException.Kind.UNAVAILABLE, down.kind(), down.getMessage());
            final SinkException stillDown = assertThrows(SinkException.class, () -> sink.apply(day.second));
            assertEquals(SinkException.Kind.UNAVAILABLE, stillDown.kind(), stillDown.getMessage());
            assertEquals(1, sql.number("SELECT count(*) FROM fills"), "nothing of the failed batch");
            assertEquals(String.valueOf(day.first.checkpoint().lastInput()),
                sql.text("SELECT last_input FROM checkpoint"));

            proxy.start();
            sink.apply(day.second);
            assertEquals(day.second.checkpoint(), sink.checkpoint());
            assertEquals(3, sql.number("SELECT count(*) FROM fills"));
        }
    }

    @Test
    void aTerminatedSessionIsUnavailableAndTheNextCallConnectsAgain() throws Exception
    {
        try (PostgresSink sink = new PostgresSink(database.url(), null, null))
        {
            sink.open();
            sink.drop();
            final TradingDay day = new TradingDay();
            sink.apply(day.first);

            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() " +
                "AND application_name = 'tradingcore-projection-postgres'");
            final SinkException terminated = assertThrows(SinkException.class, () -> sink.apply(day.second));
            assertEquals(SinkException.Kind.UNAVAILABLE, terminated.kind(), terminated.getMessage());

            sink.apply(day.second);
            assertEquals(day.second.checkpoint(), sink.checkpoint());
            assertEquals(3, sql.number("SELECT count(*) FROM fills"));
        }
    }

    private static String throughProxy(final TcpProxy proxy)
    {
        final String url = database.url();
        final int hostStart = "jdbc:postgresql://".length();
        final int pathStart = url.indexOf('/', hostStart);
        return url.substring(0, hostStart) + "127.0.0.1:" + proxy.port() + url.substring(pathStart);
    }
}
