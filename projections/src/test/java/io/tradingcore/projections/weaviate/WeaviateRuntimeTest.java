package io.tradingcore.projections.weaviate;

import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.CoreJournals;
import io.tradingcore.projections.Projection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Weaviate projection through the projections' runtime on a real core's journals (against the stand-in): it
 * catches up and stores its checkpoint; run again, it picks up from that checkpoint and writes nothing twice; the
 * similar-states search answers on what it wrote.
 */
class WeaviateRuntimeTest
{
    @TempDir
    Path data;

    @Test
    void aRealRunCaughtUpTwiceAndSearched() throws Exception
    {
        CoreJournals.busyDay(data, 20_000);
        try (WeaviateContractServer server = new WeaviateContractServer())
        {
            final WeaviateClient client = new WeaviateClient(server.uri(), null, Duration.ofSeconds(10));
            final Checkpoint first;
            try (WeaviateSink sink = new WeaviateSink(client))
            {
                first = project(sink);
                assertEquals(first, sink.checkpoint());
            }
            final long states = client.count(WeaviateSink.STATE_CLASS);
            assertTrue(states > 10, "one state per closed minute: " + states);
            try (WeaviateSink sink = new WeaviateSink(client))
            {
                assertEquals(first, project(sink), "nothing new to read");
            }
            assertEquals(states, client.count(WeaviateSink.STATE_CLASS), "nothing written twice");

            final List<SimilarStates.Similar> similar = new SimilarStates(client)
                .similar("EURUSD", Instant.parse("2014-05-08T07:00:00Z"), 5);
            assertEquals(0.0, similar.get(0).distance(), 1e-9, "a minute is most like itself");
            assertEquals(5, similar.size());
        }
    }

    private Checkpoint project(final WeaviateSink sink)
    {
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Projection projection = new Projection(sink, new Projection.Context().dataDirectory(data)
            .log(new PrintStream(log, true, StandardCharsets.UTF_8)).once(true)))
        {
            projection.run(() -> true);
            return projection.applied();
        }
    }
}
