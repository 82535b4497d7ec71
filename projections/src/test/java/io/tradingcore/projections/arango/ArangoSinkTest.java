package io.tradingcore.projections.arango;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.CoreJournals;
import io.tradingcore.projections.Projection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ArangoDB sink on a real core's output: the busy sample day's journals through the projection runtime into the
 * contract server (or a real server), then the same journals again from checkpoint zero.
 */
final class ArangoSinkTest
{
    @TempDir
    static Path data;

    private static ArangoTarget target;

    @BeforeAll
    static void runCore() throws Exception
    {
        CoreJournals.busyDay(data, 20_000);
        target = new ArangoTarget("tc_sink_" + System.nanoTime());
    }

    @AfterAll
    static void stop()
    {
        target.close();
    }

    static Checkpoint project(final ArangoSink sink, final Path data)
    {
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Projection projection = new Projection(sink, new Projection.Context().dataDirectory(data)
            .log(new PrintStream(log, true, StandardCharsets.UTF_8)).once(true)))
        {
            projection.run(() -> true);
            return projection.applied();
        }
    }

    @Test
    void theOrderGraphOfARealRunAndAReplayFromZeroChangesNoCount() throws Exception
    {
        final Map<String, Long> counts;
        try (ArangoSink sink = target.sink())
        {
            sink.open();
            sink.drop();
            final Checkpoint applied = project(sink, data);
            assertEquals(applied, sink.checkpoint());
            counts = sink.rowCounts();
        }
        final long orders = counts.get(ArangoSink.ORDERS);
        final long fills = counts.get(ArangoSink.FILLS);
        assertTrue(orders > 10 && fills > 10, counts.toString());
        assertEquals(2L, counts.get(ArangoSink.TENANTS), counts.toString());
        assertEquals(2L, counts.get(ArangoSink.ACCOUNTS), counts.toString());
        assertEquals(2L, counts.get(ArangoSink.STRATEGIES), counts.toString());
        assertEquals(2L, counts.get(ArangoSink.INSTRUMENTS), counts.toString());
        // Each strategy order's tick; one tick may cause two orders (a close and an open).
        assertTrue(counts.get(ArangoSink.TICKS) > orders / 2 && counts.get(ArangoSink.TICKS) <= orders,
            counts.toString());
        assertEquals(0L, counts.get(ArangoSink.REQUESTS), counts.toString());
        assertEquals(counts.get(ArangoSink.ACCOUNTS) + orders, counts.get(ArangoSink.OWNS), counts.toString());
        assertEquals(orders + fills, counts.get(ArangoSink.CAUSED), counts.toString());
        assertEquals(orders + fills, counts.get(ArangoSink.ROUTES), counts.toString());
        assertEquals(orders, counts.get(ArangoSink.SENT), counts.toString());
        assertEquals(0L, counts.get(ArangoSink.PARKED), counts.toString());

        // A crash before any checkpoint was stored: the runtime hands every event over again.
        try (ArangoSink sink = target.sink())
        {
            sink.open();
            sink.client().insert(ArangoSink.CHECKPOINT, List.of(JsonNodeFactory.instance.objectNode()
                .put("_key", ArangoSink.NAME).put("lastInput", 0).put("outputInput", 0).put("outputIndex", 0)));
            assertEquals(Checkpoint.ZERO, sink.checkpoint());
            final Checkpoint again = project(sink, data);
            assertEquals(again, sink.checkpoint());
            assertEquals(counts, sink.rowCounts(), "the same documents, replaced by themselves");
        }
    }
}
