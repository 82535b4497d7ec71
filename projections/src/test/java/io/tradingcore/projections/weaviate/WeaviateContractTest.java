package io.tradingcore.projections.weaviate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.projections.SinkException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Each call the projection makes, and what Weaviate refuses. Against the strict local server, or a real Weaviate
 * when {@code -Dtradingcore.external.weaviate=URL} names one (scripts/test-external weaviate URL); the classes are
 * dropped before and after.
 */
class WeaviateContractTest
{
    private WeaviateContractServer local;
    private WeaviateClient client;
    private URI uri;

    static URI external()
    {
        final String url = System.getProperty("tradingcore.external.weaviate");
        return url == null || url.isBlank() ? null : URI.create(url);
    }

    @BeforeEach
    void start() throws Exception
    {
        uri = external();
        if (uri == null)
        {
            local = new WeaviateContractServer();
            uri = local.uri();
        }
        client = new WeaviateClient(uri, System.getenv("TC_WEAVIATE_APIKEY"), Duration.ofSeconds(10));
        client.deleteClass(WeaviateSink.STATE_CLASS);
        client.deleteClass(WeaviateSink.CHECKPOINT_CLASS);
        client.ensureClass(WeaviateSink.stateClass());
        client.ensureClass(WeaviateSink.checkpointClass());
    }

    @AfterEach
    void stop() throws Exception
    {
        client.deleteClass(WeaviateSink.STATE_CLASS);
        client.deleteClass(WeaviateSink.CHECKPOINT_CLASS);
        if (local != null)
        {
            local.close();
        }
    }

    private ObjectNode state(final UUID id, final String symbol, final double... vector)
    {
        final ObjectNode object = client.json().createObjectNode();
        object.put("class", WeaviateSink.STATE_CLASS).put("id", id.toString());
        object.putObject("properties").put("instrument", "1").put("symbol", symbol)
            .put("minute", "2014-05-08T10:00:00Z").put("timeMs", 1_399_543_200_000L).put("forwardKnown", false);
        final var array = object.putArray("vector");
        for (final double value : vector)
        {
            array.add(value);
        }
        return object;
    }

    @Test
    void ensureClassTwiceKeepsTheClassAndCreatingItAgainIsRefused() throws Exception
    {
        assertDoesNotThrow(() -> client.ensureClass(WeaviateSink.stateClass()));
        final var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
        final var again = http.send(java.net.http.HttpRequest.newBuilder(URI.create(uri + "/v1/schema"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(WeaviateSink.stateClass().toString())).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(422, again.statusCode(), again.body());
    }

    private static void assertDoesNotThrow(final org.junit.jupiter.api.function.Executable executable)
    {
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(executable);
    }

    @Test
    void anUnknownDataTypeIsRefused()
    {
        final ObjectNode bad = WeaviateSink.stateClass().put("class", "BadClass");
        ((ObjectNode)bad.get("properties").get(0)).putArray("dataType").add("texty");
        final SinkException refused = assertThrows(SinkException.class, () -> client.ensureClass(bad));
        assertEquals(SinkException.Kind.REJECTED, refused.kind());
    }

    @Test
    void aBatchUpsertsByIdAndTheObjectComesBackWithItsVector() throws Exception
    {
        final UUID id = MarketStates.idOf(1, 1_399_543_200_000L);
        client.batch(List.of(state(id, "EURUSD", 1, 0, 0)));
        client.batch(List.of(state(id, "EURUSD", 0, 1, 0)));
        assertEquals(1, client.count(WeaviateSink.STATE_CLASS));
        final var found = client.object(WeaviateSink.STATE_CLASS, id);
        assertNotNull(found);
        assertEquals(1.0, found.get("vector").get(1).asDouble(), 1e-6);
        assertNull(client.object(WeaviateSink.STATE_CLASS, UUID.randomUUID()));
    }

    @Test
    void aBatchRefusesAnUnknownClassABadIdAnUnknownOrMistypedPropertyAndAnotherVectorLength() throws Exception
    {
        client.batch(List.of(state(UUID.randomUUID(), "EURUSD", 1, 0, 0)));
        final ObjectNode unknownClass = state(UUID.randomUUID(), "EURUSD", 1, 0, 0).put("class", "NoSuchClass");
        final ObjectNode badId = state(UUID.randomUUID(), "EURUSD", 1, 0, 0).put("id", "not-a-uuid");
        final ObjectNode unknownProperty = state(UUID.randomUUID(), "EURUSD", 1, 0, 0);
        ((ObjectNode)unknownProperty.get("properties")).put("colour", "red");
        final ObjectNode mistyped = state(UUID.randomUUID(), "EURUSD", 1, 0, 0);
        ((ObjectNode)mistyped.get("properties")).put("timeMs", "ten");
        final ObjectNode shortVector = state(UUID.randomUUID(), "EURUSD", 1, 0);
        for (final ObjectNode bad : List.of(unknownClass, badId, unknownProperty, mistyped, shortVector))
        {
            final SinkException refused = assertThrows(SinkException.class, () -> client.batch(List.of(bad)),
                bad.toString());
            assertEquals(SinkException.Kind.REJECTED, refused.kind());
        }
    }

    @Test
    void nearVectorFindsTheNearestOfTheSymbolByCosineDistance() throws Exception
    {
        final UUID same = UUID.randomUUID();
        final UUID near = UUID.randomUUID();
        client.batch(List.of(state(same, "EURUSD", 1, 0, 0), state(near, "EURUSD", 1, 1, 0),
            state(UUID.randomUUID(), "EURUSD", 0, 0, 1), state(UUID.randomUUID(), "GBPUSD", 1, 0, 0)));
        final List<WeaviateClient.Hit> hits = client.nearVector(WeaviateSink.STATE_CLASS, new double[] {1, 0, 0}, 2,
            "EURUSD", List.of("symbol", "timeMs", "forward5mBps", "forward15mBps"));
        assertEquals(2, hits.size());
        assertEquals(same.toString(), hits.get(0).id());
        assertEquals(0, hits.get(0).distance(), 1e-6);
        assertEquals(near.toString(), hits.get(1).id());
        assertEquals(1 - Math.sqrt(0.5), hits.get(1).distance(), 1e-5);
        assertEquals("EURUSD", hits.get(1).properties().get("symbol").asText());
    }

    @Test
    void anUnreachableServerIsUnavailable() throws IOException
    {
        final WeaviateContractServer gone = new WeaviateContractServer();
        final URI uri = gone.uri();
        gone.close();
        final WeaviateClient dead = new WeaviateClient(uri, null, Duration.ofSeconds(2));
        final SinkException down = assertThrows(SinkException.class, () -> dead.count(WeaviateSink.STATE_CLASS));
        assertEquals(SinkException.Kind.UNAVAILABLE, down.kind());
    }
}
