package io.tradingcore.projections.weaviate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.projections.SinkException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Weaviate's REST and GraphQL API through the JDK's client and Jackson, no Weaviate library: the schema
 * ({@code /v1/schema}), batch writes ({@code /v1/batch/objects}, where an object of an id already stored replaces
 * it), one object ({@code /v1/objects/{class}/{id}}) and GraphQL ({@code /v1/graphql}) for {@code nearVector}
 * searches and counts. A connection failure or a 5xx is {@code UNAVAILABLE}; 400 and 422, and per-object errors of a
 * batch (Weaviate answers those with 200), are {@code REJECTED}.
 */
public final class WeaviateClient
{
    /** One hit of a {@code nearVector} search. */
    public record Hit(String id, double distance, JsonNode properties)
    {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client;
    private final String base;
    private final String apiKey;
    private final Duration timeout;

    /**
     * @param url    e.g. {@code http://127.0.0.1:8080}
     * @param apiKey null for anonymous access; else sent as {@code Authorization: Bearer}
     */
    public WeaviateClient(final URI url, final String apiKey, final Duration timeout)
    {
        final String address = url.toString();
        this.base = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public ObjectMapper json()
    {
        return json;
    }

    /** Creates the class unless the schema has one of that name (whose definition is then left as it is). */
    public void ensureClass(final ObjectNode definition) throws SinkException
    {
        final JsonNode schema = send("GET", "/v1/schema", null, false);
        for (final JsonNode existing : schema.path("classes"))
        {
            if (existing.path("class").asText().equals(definition.get("class").asText()))
            {
                return;
            }
        }
        send("POST", "/v1/schema", definition, false);
    }

    /** Deletes the class and all its objects; a class that is not there is no error. */
    public void deleteClass(final String className) throws SinkException
    {
        send("DELETE", "/v1/schema/" + className, null, true);
    }

    /**
     * Writes the objects in one request; each is {@code {class, id, properties[, vector]}}. Refused as a whole when
     * any object has an error.
     */
    public void batch(final List<ObjectNode> objects) throws SinkException
    {
        if (objects.isEmpty())
        {
            return;
        }
        final ObjectNode body = json.createObjectNode();
        body.putArray("objects").addAll(objects);
        final JsonNode results = send("POST", "/v1/batch/objects", body, false);
        final StringBuilder errors = new StringBuilder();
        for (final JsonNode result : results)
        {
            for (final JsonNode error : result.path("result").path("errors").path("error"))
            {
                errors.append(result.path("id").asText()).append(": ").append(error.path("message").asText())
                    .append("; ");
            }
        }
        if (errors.length() > 0)
        {
            throw SinkException.rejected("Weaviate refused objects of the batch: " + errors, null);
        }
    }

    /** The object with its vector, or null when there is none of that id. */
    public JsonNode object(final String className, final UUID id) throws SinkException
    {
        final JsonNode found = send("GET", "/v1/objects/" + className + "/" + id + "?include=vector", null, true);
        return found == null || found.isMissingNode() ? null : found;
    }

    /** Runs a GraphQL query; its errors are {@code REJECTED}. @return its {@code data}. */
    public JsonNode graphql(final String query) throws SinkException
    {
        final ObjectNode body = json.createObjectNode().put("query", query);
        final JsonNode answer = send("POST", "/v1/graphql", body, false);
        if (answer.path("errors").size() > 0)
        {
            throw SinkException.rejected("Weaviate refused the query: " + answer.get("errors"), null);
        }
        return answer.path("data");
    }

    /**
     * The {@code limit} objects of the class nearest to the vector by the class's distance, of one symbol.
     *
     * @param fields the properties to return
     */
    public List<Hit> nearVector(
        final String className, final double[] vector, final int limit, final String symbol, final List<String> fields)
        throws SinkException
    {
        final StringBuilder query = new StringBuilder("{ Get { ").append(className).append("(nearVector: {vector: [");
        for (int i = 0; i < vector.length; i++)
        {
            query.append(i == 0 ? "" : ", ").append(number(vector[i]));
        }
        query.append("]}, limit: ").append(limit).append(", where: {path: [\"symbol\"], operator: Equal, valueText: ")
            .append(json.getNodeFactory().textNode(symbol)).append("}) { ").append(String.join(" ", fields))
            .append(" _additional { id distance } } } }");
        final JsonNode found = graphql(query.toString()).path("Get").path(className);
        final List<Hit> hits = new java.util.ArrayList<>();
        for (final JsonNode hit : found)
        {
            final ObjectNode properties = ((ObjectNode)hit).deepCopy();
            properties.remove("_additional");
            hits.add(new Hit(hit.path("_additional").path("id").asText(),
                hit.path("_additional").path("distance").asDouble(), properties));
        }
        return hits;
    }

    /** The number of objects of the class, through {@code Aggregate}. */
    public long count(final String className) throws SinkException
    {
        final JsonNode found = graphql("{ Aggregate { " + className + " { meta { count } } } }")
            .path("Aggregate").path(className);
        return found.size() == 0 ? 0 : found.get(0).path("meta").path("count").asLong();
    }

    private static String number(final double value)
    {
        return String.format(Locale.ROOT, "%s", value);
    }

    /** @param absentIsNull a 404 answers null rather than refusing */
    private JsonNode send(final String method, final String path, final JsonNode body, final boolean absentIsNull)
        throws SinkException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        if (body == null)
        {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        else
        {
            request.header("Content-Type", "application/json").method(method,
                HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        if (apiKey != null)
        {
            request.header("Authorization", "Bearer " + apiKey);
        }
        final HttpResponse<String> response;
        try
        {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw SinkException.unavailable("Weaviate at " + base + " cannot be reached: " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw SinkException.unavailable("interrupted while waiting for Weaviate at " + base, ex);
        }
        final int status = response.statusCode();
        if (status == 404 && absentIsNull)
        {
            return null;
        }
        if (status == 400 || status == 404 || status == 422)
        {
            throw SinkException.rejected("Weaviate refused " + method + " " + path + " (" + status + "): "
                + response.body(), null);
        }
        if (status < 200 || status >= 300)
        {
            throw SinkException.unavailable("Weaviate answered " + method + " " + path + " with " + status + ": "
                + response.body(), null);
        }
        try
        {
            return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
        }
        catch (final IOException ex)
        {
            throw SinkException.unavailable("Weaviate answered what is not JSON: " + ex.getMessage(), ex);
        }
    }

    /** An empty array node, for building objects. */
    ArrayNode array()
    {
        return json.createArrayNode();
    }
}
