package io.tradingcore.projections.clickhouse;

import io.tradingcore.codec.Side;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.EventScript;
import io.tradingcore.projections.SinkException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the sink classifies failures: a server it cannot reach or that does not answer is UNAVAILABLE; a value the
 * schema refuses is REJECTED, and the rows the refused batch had inserted are taken back.
 */
final class ClickHouseFailureTest
{
    private static ClickHouseTestServer server;

    private final TradingDay day = new TradingDay();

    @BeforeAll
    static void connect()
    {
        server = ClickHouseTestServer.reachable();
    }

    @AfterAll
    static void dropDatabase() throws SinkException
    {
        server.dropDatabase();
    }

    @BeforeEach
    void storeTheFirstBatches() throws SinkException
    {
        try (ClickHouseSink sink = server.openSink())
        {
            sink.drop();
            sink.apply(day.batchA());
            sink.apply(day.batchB());
        }
    }

    @Test
    void aServerThatRefusesConnectionsIsUnavailable() throws IOException
    {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            closedPort = socket.getLocalPort();
        }
        final ClickHouseSink sink = new ClickHouseSink(URI.create("http://127.0.0.1:" + closedPort), "default", null,
            server.database, Duration.ofSeconds(2));
        final SinkException refused = assertThrows(SinkException.class, sink::open);
        assertEquals(SinkException.Kind.UNAVAILABLE, refused.kind());
        assertTrue(refused.getMessage().contains("cannot be reached"), refused.getMessage());
    }

    @Test
    void aServerThatDoesNotAnswerIsUnavailableAfterTheTimeout() throws IOException
    {
        // Accepts the connection and never answers, like a server stuck or a network that drops the replies.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            ClickHouseSink sink = new ClickHouseSink(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                "default", null, server.database, Duration.ofMillis(500)))
        {
            final Thread acceptor = new Thread(() -> holdOpen(silent));
            acceptor.setDaemon(true);
            acceptor.start();
            final long start = System.nanoTime();
            final SinkException timedOut = assertThrows(SinkException.class, sink::checkpoint);
            assertEquals(SinkException.Kind.UNAVAILABLE, timedOut.kind());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "gave up after the timeout");
        }
    }

    @Test
    void aPriceTooLargeForItsDecimalColumnIsRejectedAndTheBatchTakenBack() throws Exception
    {
        try (ClickHouseSink sink = server.openSink())
        {
            final Map<String, Long> before = sink.rowCounts();
            final EventBatch batch = day.batchC();
            // 10^17 at EURUSD's 5 digits is 10^12, past Decimal64(8)'s 10^10: ClickHouse's "Code: 69 ... Decimal
            // value is too big". The batch's tick (ticks are inserted before fills) is stored first.
            new EventScript(batch).at(TradingDay.TEN + TradingDay.ms(40_000)).skipTo(16)
                .fill(TradingDay.ORDER_1002, 10_000, 100_000_000_000_000_000L, 0, 0, 0);
            batch.checkpoint(new Checkpoint(16, 16, 1));
            final SinkException refused = assertThrows(SinkException.class, () -> sink.apply(batch));
            assertEquals(SinkException.Kind.REJECTED, refused.kind(), refused.getMessage());
            assertEquals(69, ServerErrors.code(refused.getMessage()), refused.getMessage());
            assertEquals(TradingDay.AFTER_B, sink.checkpoint());

            // The tick of the refused batch is taken back (a mutation: the server applies it in the background).
            assertEquals(before, awaitCounts(sink, before));

            // Once the runtime parks the event at fault, the rest of the batch goes in.
            batch.park(batch.size() - 1, "refused: " + refused.getMessage());
            sink.apply(batch);
            assertEquals(before.get("fills") + 2, sink.rowCounts().get("fills"));
            assertEquals(1L, sink.rowCounts().get("dead_letters"));
        }
    }

    @Test
    void aSideOutsideTheEnumIsRejected() throws SinkException
    {
        try (ClickHouseSink sink = server.openSink())
        {
            final EventBatch batch = new EventBatch();
            // Side byte 255: SBE's null value, which is no element of the fills table's Enum8('BUY', 'SELL').
            new EventScript(batch).at(TradingDay.TEN).skipTo(10)
                .fill(TradingDay.ORDER_1002.onSide(Side.NULL_VAL), 10_000, 108_630, 0, 0, 0);
            batch.checkpoint(TradingDay.AFTER_C);
            final SinkException refused = assertThrows(SinkException.class, () -> sink.apply(batch));
            assertEquals(SinkException.Kind.REJECTED, refused.kind(), refused.getMessage());
            assertTrue(refused.getMessage().contains("NULL_VAL"), refused.getMessage());
            assertEquals(TradingDay.AFTER_B, sink.checkpoint());
        }
    }

    @Test
    void aTickOfAnInstrumentNeverDefinedIsRejectedBeforeAnythingIsSent() throws SinkException
    {
        try (ClickHouseSink sink = server.openSink())
        {
            final Map<String, Long> before = sink.rowCounts();
            final EventBatch batch = new EventBatch();
            new EventScript(batch).at(TradingDay.TEN).skipTo(9).tick(TradingDay.EURUSD, 108_600, 108_610)
                .tick(99, 100, 101);
            batch.checkpoint(new Checkpoint(11, 9, 2));
            final SinkException refused = assertThrows(SinkException.class, () -> sink.apply(batch));
            assertEquals(SinkException.Kind.REJECTED, refused.kind());
            assertTrue(refused.getMessage().contains("instrument 99"), refused.getMessage());
            assertEquals(before, sink.rowCounts());
        }
    }

    private static Map<String, Long> awaitCounts(final ClickHouseSink sink, final Map<String, Long> expected)
        throws SinkException, InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<String, Long> counts = sink.rowCounts();
        while (!counts.equals(expected) && System.nanoTime() < deadline)
        {
            Thread.sleep(100);
            counts = sink.rowCounts();
        }
        return counts;
    }

    private static void holdOpen(final ServerSocket silent)
    {
        try (Socket accepted = silent.accept())
        {
            accepted.setSoTimeout(0);
            Thread.sleep(Duration.ofSeconds(10).toMillis());
        }
        catch (final IOException | InterruptedException ex)
        {
            // The test is over: the socket was closed under the accept, or the JVM is ending.
        }
    }
}
