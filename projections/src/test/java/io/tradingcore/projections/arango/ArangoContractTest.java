package io.tradingcore.projections.arango;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.projections.SinkException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each ArangoDB call the sink and the queries make, and what the server refuses, against the strict contract server
 * (or a real server: {@code scripts/test-external arangodb URL}).
 */
final class ArangoContractTest
{
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private ArangoTarget target;
    private ArangoClient client;

    @BeforeEach
    void start() throws Exception
    {
        target = new ArangoTarget("tc_contract_" + System.nanoTime());
        client = target.client();
        client.createDatabase();
        client.createCollection("vs", ArangoClient.DOCUMENT);
        client.createCollection("es", ArangoClient.EDGE);
    }

    @AfterEach
    void stop() throws Exception
    {
        if (!target.local())
        {
            raw("DELETE", "/_api/database/" + target.database, null, true);
        }
        target.close();
    }

    @Test
    void refusesARequestWithoutOrWithWrongBasicAuth() throws Exception
    {
        final HttpResponse<String> none = raw("POST", "/_db/" + target.database + "/_api/cursor",
            "{\"query\":\"RETURN 1\"}", false);
        assertEquals(401, none.statusCode());
        final HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(target.uri + "/_api/database"))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("root:wrong".getBytes(
                StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x1\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        final SinkException refused = assertThrows(SinkException.class, () -> new ArangoClient(target.uri,
            target.database, target.user, "wrong", java.time.Duration.ofSeconds(5)).count("vs"));
        assertEquals(SinkException.Kind.UNAVAILABLE, refused.kind(), "a login refused is not the data's fault");
    }

    @Test
    void createsTheDatabaseAndCollectionsOnceAndRefusesDuplicatesAndUnknownTypes() throws Exception
    {
        client.createDatabase();
        client.createCollection("vs", ArangoClient.DOCUMENT);
        final HttpResponse<String> database = raw("POST", "/_api/database",
            "{\"name\":\"" + target.database + "\"}", true);
        assertEquals(409, database.statusCode());
        assertEquals(1207, json.readTree(database.body()).path("errorNum").asInt());
        final HttpResponse<String> duplicate = raw("POST", "/_db/" + target.database + "/_api/collection",
            "{\"name\":\"vs\",\"type\":2}", true);
        assertEquals(409, duplicate.statusCode());
        assertEquals(1207, json.readTree(duplicate.body()).path("errorNum").asInt());
        final HttpResponse<String> unknownType = raw("POST", "/_db/" + target.database + "/_api/collection",
            "{\"name\":\"other\",\"type\":7}", true);
        assertEquals(400, unknownType.statusCode());
        final JsonNode error = json.readTree(unknownType.body());
        assertTrue(error.path("error").asBoolean());
    }

    @Test
    void insertsInBulkReplacingByKeyAndCountsAndTruncates() throws Exception
    {
        client.insert("vs", List.of(doc("a", 1), doc("b", 2)));
        client.insert("vs", List.of(doc("a", 3)));
        assertEquals(2, client.count("vs"));
        client.insert("es", List.of(doc("e1", 1).put("_from", "vs/a").put("_to", "vs/b")));
        assertEquals(1, client.count("es"));
        client.remove("vs", List.of("b"));
        assertEquals(1, client.count("vs"));
        client.truncate("vs");
        assertEquals(0, client.count("vs"));
    }

    @Test
    void refusesUnknownCollectionsBadEdgesIllegalKeysAndNonArrays() throws Exception
    {
        final SinkException unknown = assertThrows(SinkException.class,
            () -> client.insert("nothere", List.of(doc("a", 1))));
        assertEquals(SinkException.Kind.REJECTED, unknown.kind());
        assertTrue(unknown.getMessage().contains("1203"), unknown.getMessage());

        final SinkException noFrom = assertThrows(SinkException.class,
            () -> client.insert("es", List.of(doc("e1", 1).put("_to", "vs/b"))));
        assertEquals(SinkException.Kind.REJECTED, noFrom.kind());
        assertTrue(noFrom.getMessage().contains("1233"), noFrom.getMessage());

        final SinkException malformed = assertThrows(SinkException.class,
            () -> client.insert("es", List.of(doc("e2", 1).put("_from", "vs").put("_to", "vs/b"))));
        assertTrue(malformed.getMessage().contains("1233"), malformed.getMessage());

        final SinkException badKey = assertThrows(SinkException.class,
            () -> client.insert("vs", List.of(doc("a b/c", 1))));
        assertEquals(SinkException.Kind.REJECTED, badKey.kind());
        assertTrue(badKey.getMessage().contains("1221"), badKey.getMessage());

        final HttpResponse<String> notArray = raw("POST", "/_db/" + target.database +
            "/_api/document/vs?overwriteMode=replace", "42", true);
        assertEquals(400, notArray.statusCode());
    }

    @Test
    void aDocumentedQueryNeedsItsCollections() throws Exception
    {
        final SinkException noCollection = assertThrows(SinkException.class,
            () -> new OrderGraphQueries(client).causalPath(1));
        assertEquals(SinkException.Kind.REJECTED, noCollection.kind(), "no orders, no caused: 1203");
        client.createCollection(ArangoSink.ORDERS, ArangoClient.DOCUMENT);
        client.createCollection(ArangoSink.CAUSED, ArangoClient.EDGE);
        assertEquals(0, new OrderGraphQueries(client).causalPath(1).size());
    }

    @Test
    void refusesAnUnknownQueryAndMissingOrUnusedBindVariables() throws Exception
    {
        if (target.local())
        {
            final HttpResponse<String> other = raw("POST", "/_db/" + target.database + "/_api/cursor",
                "{\"query\":\"FOR d IN vs RETURN d\"}", true);
            assertEquals(400, other.statusCode());
            final JsonNode error = json.readTree(other.body());
            assertTrue(error.path("error").asBoolean());
            assertEquals(1501, error.path("errorNum").asInt());
        }
        final HttpResponse<String> parse = raw("POST", "/_db/" + target.database + "/_api/cursor",
            "{\"query\":\"FOR d IN vs RETURN RETURN\"}", true);
        assertEquals(400, parse.statusCode());
        assertEquals(1501, json.readTree(parse.body()).path("errorNum").asInt());

        final SinkException missing = assertThrows(SinkException.class,
            () -> client.query(ArangoSink.CHECKPOINT_QUERY, Map.of()));
        assertTrue(missing.getMessage().contains("1551"), missing.getMessage());
        final SinkException unused = assertThrows(SinkException.class,
            () -> client.query(ArangoSink.CHECKPOINT_QUERY, Map.of("name", "x", "other", 1)));
        assertTrue(unused.getMessage().contains("1552"), unused.getMessage());
    }

    @Test
    void aServerThatCannotBeReachedIsUnavailable()
    {
        final SinkException down = assertThrows(SinkException.class, () -> new ArangoClient(
            URI.create("http://127.0.0.1:1"), "tc", "root", "", java.time.Duration.ofSeconds(2)).createDatabase());
        assertEquals(SinkException.Kind.UNAVAILABLE, down.kind());
    }

    private static ObjectNode doc(final String key, final int value)
    {
        return NODES.objectNode().put("_key", key).put("value", value);
    }

    private HttpResponse<String> raw(final String method, final String path, final String body, final boolean auth)
        throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.uri + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() :
                HttpRequest.BodyPublishers.ofString(body));
        if (auth)
        {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (target.user + ":" + target.password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
