package io.tradingcore.projections.dragonfly;

import io.tradingcore.projections.TcpProxy;
import io.lettuce.core.RedisURI;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.EventScript;
import io.tradingcore.projections.SinkException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static io.tradingcore.projections.dragonfly.DragonflyFixture.ACME;
import static io.tradingcore.projections.dragonfly.DragonflyFixture.ACME_ACCOUNT;
import static io.tradingcore.projections.dragonfly.DragonflyFixture.EURUSD;
import static io.tradingcore.projections.dragonfly.DragonflyFixture.LOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server going away, hanging or losing a reply, played by a relay in front of the real server: each failure is
 * {@code UNAVAILABLE} within seconds, and the same sink works again once the server is back.
 */
class DragonflyOutageTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long QUICKLY_NS = Duration.ofSeconds(10).toNanos();
    private static RedisTestServer server;

    private final EventBatch batch = new EventBatch();
    private final EventScript script = new EventScript(batch);
    private String prefix;
    private TcpProxy proxy;
    private DragonflySink sink;

    @BeforeAll
    static void connect()
    {
        server = RedisTestServer.connect();
    }

    @AfterAll
    static void disconnect()
    {
        server.close();
    }

    @BeforeEach
    void openSinkThroughRelay() throws Exception
    {
        prefix = RedisTestServer.randomPrefix();
        final RedisURI target = RedisURI.create(RedisTestServer.URL);
        proxy = new TcpProxy(target.getHost(), target.getPort());
        proxy.start();
        sink = new DragonflySink("redis://127.0.0.1:" + proxy.port() + "/" + target.getDatabase(), prefix, null,
            TIMEOUT);
        sink.open();
        DragonflyFixture.referenceData(script);
        sink.apply(batch);
    }

    @AfterEach
    void closeSink()
    {
        sink.close();
        proxy.close();
        server.deleteKeys(prefix + ":*");
    }

    @Test
    void nothingListeningIsUnavailableAtOnce() throws IOException
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        try (DragonflySink nowhere = new DragonflySink("redis://127.0.0.1:" + port, prefix, null, TIMEOUT))
        {
            assertUnavailableQuickly(nowhere::open);
            assertUnavailableQuickly(nowhere::checkpoint);
        }
    }

    @Test
    void aServerThatGoesDownIsUnavailableAndTheSinkWorksWhenItIsBack() throws Exception
    {
        final Checkpoint before = nextBatch();
        proxy.stop();
        assertUnavailableQuickly(() -> sink.apply(batch));
        assertUnavailableQuickly(sink::checkpoint);
        assertUnavailableQuickly(sink::rowCounts);

        proxy.start();
        sink.apply(batch);
        assertEquals(batch.checkpoint(), sink.checkpoint());
        assertTrue(batch.checkpoint().lastInput() > before.lastInput());
        assertEquals("1.08120", server.redis().hget(prefix + ":quote:1", "bid"));
    }

    @Test
    void aConnectionCutWhileIdleIsReplacedByALaterCall() throws Exception
    {
        nextBatch();
        proxy.stop();
        proxy.start();
        try
        {
            sink.apply(batch);
        }
        catch (final SinkException ex)
        {
            // The call raced the client's noticing the cut: it found the connection dead, and the retry reconnects.
            assertEquals(SinkException.Kind.UNAVAILABLE, ex.kind(), ex.getMessage());
            sink.apply(batch);
        }
        assertEquals(batch.checkpoint(), checkpointOnServer());
    }

    @Test
    void aServerThatHangsTimesOutAndTheSinkWorksWhenItAnswersAgain() throws Exception
    {
        final Checkpoint before = nextBatch();
        proxy.mode(TcpProxy.Mode.BLACK_HOLE);
        assertUnavailableQuickly(() -> sink.apply(batch));
        assertEquals(before, checkpointOnServer(), "nothing reached the server");

        proxy.mode(TcpProxy.Mode.FORWARD);
        sink.apply(batch);
        assertEquals(batch.checkpoint(), checkpointOnServer());
    }

    @Test
    void aBatchWhoseReplyWasLostIsNotAppliedTwice() throws Exception
    {
        nextBatch();
        proxy.mode(TcpProxy.Mode.DROP_REPLIES);
        assertUnavailableQuickly(() -> sink.apply(batch));
        assertEquals(batch.checkpoint(), checkpointOnServer(), "the EXEC ran; only its reply was lost");
        assertEquals(1, server.redis().llen(prefix + ":deadletters"));

        proxy.mode(TcpProxy.Mode.FORWARD);
        sink.apply(batch);
        assertEquals(1, server.redis().llen(prefix + ":deadletters"), "the retry found the batch stored");
        assertEquals(1, sink.parked().size());
        assertEquals(batch.checkpoint(), sink.checkpoint());
    }

    /** A batch of a tick and a parked event after the reference data; returns the checkpoint before it. */
    private Checkpoint nextBatch()
    {
        final Checkpoint before = batch.checkpoint();
        batch.clear();
        script.venueTick(1_000, EURUSD, 108_120, 108_130)
            .positionUpdate(ACME, ACME_ACCOUNT, EURUSD, LOT, 108_000, 0, 0);
        batch.park(script.lastIndex(), "test");
        script.endBatch();
        return before;
    }

    private Checkpoint checkpointOnServer()
    {
        return CheckpointHash.parse(server.redis().hgetall(prefix + ":checkpoint"));
    }

    private static void assertUnavailableQuickly(final Executable call)
    {
        final long start = System.nanoTime();
        final SinkException failure = assertThrows(SinkException.class, call);
        final long elapsed = System.nanoTime() - start;
        assertEquals(SinkException.Kind.UNAVAILABLE, failure.kind(), failure.getMessage());
        assertTrue(elapsed < QUICKLY_NS, "took " + elapsed / 1_000_000 + " ms: " + failure.getMessage());
    }
}
