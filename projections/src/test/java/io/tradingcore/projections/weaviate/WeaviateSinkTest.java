package io.tradingcore.projections.weaviate;

import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.SinkException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sink catching up on the real sample day, against the strict local server; and SimilarStates on its objects. */
class WeaviateSinkTest
{
    private WeaviateContractServer server;
    private WeaviateClient client;

    @BeforeEach
    void start() throws Exception
    {
        server = new WeaviateContractServer();
        client = new WeaviateClient(server.uri(), null, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    @Test
    void catchUpWritesOneObjectPerMinuteAndAReplayNothingNew() throws Exception
    {
        final List<long[]> ticks = SampleDay.ticks();
        final long minutes = ticks.stream().mapToLong(tick -> tick[0] / 60_000).distinct().count();
        final List<EventBatch> batches = SampleDay.batches(ticks, 5_000);
        try (WeaviateSink sink = new WeaviateSink(client))
        {
            sink.open();
            assertEquals(Checkpoint.ZERO, sink.checkpoint());
            // The first half, then a restart: the in-flight state comes back from the checkpoint object.
            for (final EventBatch batch : batches.subList(0, batches.size() / 2))
            {
                sink.apply(batch);
            }
        }
        try (WeaviateSink sink = new WeaviateSink(client))
        {
            sink.open();
            assertEquals(batches.get(batches.size() / 2 - 1).checkpoint(), sink.checkpoint());
            for (final EventBatch batch : batches.subList(batches.size() / 2, batches.size()))
            {
                sink.apply(batch);
            }
            assertEquals(batches.get(batches.size() - 1).checkpoint(), sink.checkpoint());
            assertEquals(minutes - 1, sink.rowCounts().get(WeaviateSink.STATE_CLASS));
        }
        // Same objects as one run without a restart.
        final MarketStates alone = new MarketStates();
        alone.define(SampleDay.EURUSD, "EURUSD");
        final java.util.Map<java.util.UUID, MarketStates.State> expected = new java.util.HashMap<>();
        for (final long[] tick : ticks)
        {
            alone.tick(SampleDay.EURUSD, tick[0], tick[1], tick[2], state -> expected.put(state.id(), state));
        }
        int known = 0;
        for (final MarketStates.State state : expected.values())
        {
            final var stored = client.object(WeaviateSink.STATE_CLASS, state.id());
            for (int i = 0; i < MarketStates.DIMENSIONS; i++)
            {
                assertEquals(state.vector()[i], stored.get("vector").get(i).asDouble(), 0.0);
            }
            assertEquals(state.forwardKnown(), stored.get("properties").get("forwardKnown").asBoolean());
            if (state.forwardKnown())
            {
                known++;
                assertEquals(state.forward15mBps(), stored.get("properties").get("forward15mBps").asDouble(), 0.0);
            }
        }
        assertTrue(known > minutes - 20, "forward returns filled for all but the last minutes");

        // A replay after a crash before the checkpoint: the same objects again, nothing new.
        final int before = server.batchObjects();
        try (WeaviateSink sink = new WeaviateSink(client))
        {
            sink.drop();
            for (final EventBatch batch : batches)
            {
                sink.apply(batch);
            }
            assertEquals(minutes - 1, sink.rowCounts().get(WeaviateSink.STATE_CLASS));
        }
        assertTrue(server.batchObjects() > before);
    }

    @Test
    void theMostSimilarToAMinuteIsItselfThenOthers() throws Exception
    {
        final List<long[]> ticks = SampleDay.ticks();
        try (WeaviateSink sink = new WeaviateSink(client))
        {
            sink.open();
            for (final EventBatch batch : SampleDay.batches(ticks, 20_000))
            {
                sink.apply(batch);
            }
        }
        final List<SimilarStates.Similar> similar = new SimilarStates(client)
            .similar("EURUSD", Instant.parse("2014-05-08T10:00:30Z"), 10);
        assertEquals(10, similar.size());
        assertEquals(Instant.parse("2014-05-08T10:00:00Z"), similar.get(0).minute());
        assertEquals(0, similar.get(0).distance(), 1e-9);
        for (int i = 1; i < similar.size(); i++)
        {
            assertFalse(similar.get(i).minute().equals(similar.get(0).minute()));
            assertTrue(similar.get(i).distance() >= similar.get(i - 1).distance());
        }
        assertThrows(IllegalArgumentException.class,
            () -> new SimilarStates(client).similar("GBPUSD", Instant.parse("2014-05-08T10:00:00Z"), 3));
    }

    @Test
    void aRefusedBatchLeavesTheStatesAsTheyWere() throws Exception
    {
        final List<EventBatch> batches = SampleDay.batches(SampleDay.ticks(), 5_000);
        try (WeaviateSink sink = new WeaviateSink(client))
        {
            sink.open();
            sink.apply(batches.get(0));
            client.deleteClass(WeaviateSink.STATE_CLASS);
            final SinkException refused = assertThrows(SinkException.class, () -> sink.apply(batches.get(1)));
            assertEquals(SinkException.Kind.REJECTED, refused.kind());
            assertEquals(batches.get(0).checkpoint(), sink.checkpoint());
        }
    }
}
