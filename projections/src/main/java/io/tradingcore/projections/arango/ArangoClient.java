package io.tradingcore.projections.arango;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.projections.SinkException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ArangoDB's HTTP API through the JDK's client and Jackson, with no ArangoDB driver: the database and its collections
 * created when absent, documents inserted in bulk with {@code overwriteMode=replace}, AQL through {@code _api/cursor}
 * with bind variables, counts and truncation. Basic authentication on every request.
 * <p>
 * Errors: the server unreachable, a 401 or a 5xx is {@link SinkException.Kind#UNAVAILABLE}; a 400 or 404, or a bulk
 * insert whose answer names a document it refused (ArangoDB answers such a request with 201/202 and an error per
 * document), is {@link SinkException.Kind#REJECTED}.
 */
public final class ArangoClient
{
    /** A collection of documents. */
    public static final int DOCUMENT = 2;
    /** A collection of edges: documents with {@code _from} and {@code _to}. */
    public static final int EDGE = 3;

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final int DUPLICATE_NAME = 1207;
    private static final int BATCH_SIZE = 1000;

    private final HttpClient client;
    private final String base;
    private final String database;
    private final String authorization;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param url      the server, e.g. {@code http://127.0.0.1:8529}
     * @param database a plain name, created by {@link #createDatabase()} when absent
     * @param user     the user; {@code root} when null
     * @param password null or empty for none
     */
    public ArangoClient(
        final URI url, final String database, final String user, final String password, final Duration timeout)
    {
        if (!NAME.matcher(database).matches())
        {
            throw new IllegalArgumentException("database name must be a plain name: " + database);
        }
        final String address = url.toString();
        this.base = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        this.database = database;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
            ((user == null ? "root" : user) + ":" + (password == null ? "" : password))
                .getBytes(StandardCharsets.UTF_8));
    }

    public String database()
    {
        return database;
    }

    /** {@code POST /_api/database}; a database that exists already (409, 1207) is fine. */
    public void createDatabase() throws SinkException
    {
        final ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", database);
        final HttpResponse<String> answer = send("POST", base + "/_api/database", body.toString());
        if (answer.statusCode() != 409 || errorNum(answer) != DUPLICATE_NAME)
        {
            check(answer, "create database " + database);
        }
    }

    /** {@code POST /_db/{db}/_api/collection}; one that exists already is fine. */
    public void createCollection(final String name, final int type) throws SinkException
    {
        final ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("type", type);
        final HttpResponse<String> answer = send("POST", db() + "/_api/collection", body.toString());
        if (answer.statusCode() != 409 || errorNum(answer) != DUPLICATE_NAME)
        {
            check(answer, "create collection " + name);
        }
    }

    /**
     * {@code POST /_db/{db}/_api/document/{collection}?overwriteMode=replace} with the documents as an array: each
     * replaces the one of its {@code _key}, so inserting the same documents again changes nothing.
     */
    public void insert(final String collection, final List<ObjectNode> documents) throws SinkException
    {
        if (documents.isEmpty())
        {
            return;
        }
        final ArrayNode body = JsonNodeFactory.instance.arrayNode();
        body.addAll(documents);
        final HttpResponse<String> answer = send("POST", db() + "/_api/document/" + collection +
            "?overwriteMode=replace&silent=false", body.toString());
        final JsonNode results = check(answer, "insert into " + collection);
        for (int i = 0; i < results.size(); i++)
        {
            final JsonNode result = results.get(i);
            if (result.path("error").asBoolean(false))
            {
                throw SinkException.rejected("ArangoDB refused document " + documents.get(i).path("_key").asText() +
                    " of " + collection + ": " + result.path("errorNum").asInt() + " " +
                    result.path("errorMessage").asText(), null);
            }
        }
    }

    /** {@code DELETE /_db/{db}/_api/document/{collection}} with the keys as an array; absent ones are fine. */
    public void remove(final String collection, final List<String> keys) throws SinkException
    {
        if (keys.isEmpty())
        {
            return;
        }
        final ArrayNode body = JsonNodeFactory.instance.arrayNode();
        keys.forEach(body::add);
        check(send("DELETE", db() + "/_api/document/" + collection + "?ignoreRevs=true", body.toString()),
            "remove from " + collection);
    }

    /** {@code PUT /_db/{db}/_api/collection/{name}/truncate}. */
    public void truncate(final String collection) throws SinkException
    {
        check(send("PUT", db() + "/_api/collection/" + collection + "/truncate", ""), "truncate " + collection);
    }

    /** {@code GET /_db/{db}/_api/collection/{name}/count}. */
    public long count(final String collection) throws SinkException
    {
        return check(send("GET", db() + "/_api/collection/" + collection + "/count", null), "count " + collection)
            .path("count").asLong();
    }

    /**
     * Runs an AQL query ({@code POST /_db/{db}/_api/cursor}) with its bind variables and reads every batch of its
     * answer ({@code PUT /_db/{db}/_api/cursor/{id}} while {@code hasMore}).
     */
    public List<JsonNode> query(final String aql, final Map<String, Object> bindVars) throws SinkException
    {
        final ObjectNode body = JsonNodeFactory.instance.objectNode().put("query", aql).put("batchSize", BATCH_SIZE);
        body.set("bindVars", json.valueToTree(bindVars));
        JsonNode answer = check(send("POST", db() + "/_api/cursor", body.toString()), "query");
        final List<JsonNode> rows = new ArrayList<>();
        while (true)
        {
            answer.path("result").forEach(rows::add);
            if (!answer.path("hasMore").asBoolean(false))
            {
                return rows;
            }
            final String id = answer.path("id").asText();
            answer = check(send("PUT", db() + "/_api/cursor/" + URLEncoder.encode(id, StandardCharsets.UTF_8), ""),
                "read cursor " + id);
        }
    }

    private String db()
    {
        return base + "/_db/" + database;
    }

    private HttpResponse<String> send(final String method, final String url, final String body)
        throws SinkException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
            .header("Authorization", authorization)
            .header("Content-Type", "application/json; charset=utf-8")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() :
                HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try
        {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw SinkException.unavailable("ArangoDB at " + base + " cannot be reached: " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw SinkException.unavailable("interrupted while waiting for ArangoDB at " + base, ex);
        }
    }

    private JsonNode check(final HttpResponse<String> answer, final String what) throws SinkException
    {
        final int status = answer.statusCode();
        final JsonNode body = parse(answer.body());
        if (status >= 200 && status < 300)
        {
            return body;
        }
        final String message = "ArangoDB refused to " + what + ": HTTP " + status + " " +
            body.path("errorNum").asInt() + " " + body.path("errorMessage").asText();
        if (status == 400 || status == 404 || status == 409)
        {
            throw SinkException.rejected(message, null);
        }
        throw SinkException.unavailable(message, null);
    }

    private int errorNum(final HttpResponse<String> answer)
    {
        return parse(answer.body()).path("errorNum").asInt();
    }

    private JsonNode parse(final String body)
    {
        if (body == null || body.isBlank())
        {
            return JsonNodeFactory.instance.objectNode();
        }
        try
        {
            return json.readTree(body);
        }
        catch (final IOException ex)
        {
            return JsonNodeFactory.instance.objectNode().put("errorMessage", body);
        }
    }
}
