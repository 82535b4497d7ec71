package io.tradingcore.projections.weaviate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict stand-in for the part of Weaviate's REST API the projection uses, refusing what Weaviate refuses: a class
 * created twice (422), an unknown dataType, a batch object of an unknown class, a missing or invalid id, a property
 * not in the class or of the wrong type, a vector whose length differs from the class's first one (per-object errors
 * in a 200 answer, as Weaviate gives them). GraphQL: exactly the {@code Get nearVector} query shape the client sends
 * (cosine distance, where on symbol, limit) and {@code Aggregate meta count}; anything else is a GraphQL error.
 */
public final class WeaviateContractServer implements AutoCloseable
{
    private static final Set<String> DATA_TYPES = Set.of("text", "int", "number", "boolean", "date");
    private static final Pattern UUID_TEXT = Pattern.compile(
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern NEAR_VECTOR = Pattern.compile("\\{ Get \\{ (\\w+)\\(nearVector: \\{vector: \\[([^]]*)"
        + "]}, limit: (\\d+), where: \\{path: \\[\"symbol\"], operator: Equal, valueText: \"([^\"]*)\"}\\) \\{ "
        + "([\\w ]+) _additional \\{ id distance } } } }");
    private static final Pattern AGGREGATE = Pattern.compile("\\{ Aggregate \\{ (\\w+) \\{ meta \\{ count } } } }");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, ObjectNode> classes = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> objects = new LinkedHashMap<>();
    private final Map<String, Integer> vectorLengths = new LinkedHashMap<>();
    private int batchRequests;
    private int batchObjects;

    public WeaviateContractServer() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    public URI uri()
    {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized int batchObjects()
    {
        return batchObjects;
    }

    synchronized int batchRequests()
    {
        return batchRequests;
    }

    @Override
    public void close()
    {
        server.stop(0);
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final byte[] body = exchange.getRequestBody().readAllBytes();
            final Answer answer;
            synchronized (this)
            {
                answer = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    body.length == 0 ? null : json.readTree(body));
            }
            final byte[] bytes = answer.body == null ? new byte[0] : answer.body.toString()
                .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0)
            {
                exchange.getResponseBody().write(bytes);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            exchange.sendResponseHeaders(400, -1);
        }
    }

    private record Answer(int status, JsonNode body)
    {
    }

    private Answer error(final int status, final String message)
    {
        final ObjectNode body = json.createObjectNode();
        body.putArray("error").addObject().put("message", message);
        return new Answer(status, body);
    }

    private Answer route(final String method, final String path, final JsonNode body)
    {
        if (path.equals("/v1/schema") && method.equals("GET"))
        {
            final ObjectNode schema = json.createObjectNode();
            schema.putArray("classes").addAll(new ArrayList<>(classes.values()));
            return new Answer(200, schema);
        }
        if (path.equals("/v1/schema") && method.equals("POST"))
        {
            return createClass(body);
        }
        if (path.startsWith("/v1/schema/") && method.equals("DELETE"))
        {
            final String name = path.substring("/v1/schema/".length());
            classes.remove(name);
            objects.remove(name);
            vectorLengths.remove(name);
            return new Answer(200, null);
        }
        if (path.equals("/v1/batch/objects") && method.equals("POST"))
        {
            return batch(body);
        }
        if (path.equals("/v1/graphql") && method.equals("POST"))
        {
            return graphql(body.path("query").asText());
        }
        if (path.startsWith("/v1/objects/") && method.equals("GET"))
        {
            final String[] parts = path.substring("/v1/objects/".length()).split("/");
            final ObjectNode found = parts.length == 2 ? objects.getOrDefault(parts[0], Map.of()).get(parts[1]) : null;
            return found == null ? new Answer(404, null) : new Answer(200, found);
        }
        return error(404, "no such path: " + method + " " + path);
    }

    private Answer createClass(final JsonNode definition)
    {
        final String name = definition.path("class").asText();
        if (name.isEmpty() || !Character.isUpperCase(name.charAt(0)))
        {
            return error(422, "class name must start with a capital letter: " + name);
        }
        if (classes.containsKey(name))
        {
            return error(422, "class name " + name + " already exists");
        }
        for (final JsonNode property : definition.path("properties"))
        {
            final String dataType = property.path("dataType").path(0).asText();
            if (!DATA_TYPES.contains(dataType))
            {
                return error(422, "property " + property.path("name").asText() + ": unknown data type " + dataType);
            }
        }
        classes.put(name, (ObjectNode)definition);
        objects.put(name, new LinkedHashMap<>());
        return new Answer(200, definition);
    }

    private Answer batch(final JsonNode body)
    {
        if (!body.path("objects").isArray())
        {
            return error(422, "objects must be an array");
        }
        batchRequests++;
        final ArrayNode results = json.createArrayNode();
        for (final JsonNode object : body.path("objects"))
        {
            final ObjectNode result = ((ObjectNode)object).deepCopy();
            final String problem = problem(object);
            if (problem != null)
            {
                result.putObject("result").putObject("errors").putArray("error").addObject().put("message", problem);
            }
            else
            {
                final String className = object.get("class").asText();
                objects.get(className).put(object.get("id").asText(), ((ObjectNode)object).deepCopy());
                if (object.has("vector"))
                {
                    vectorLengths.putIfAbsent(className, object.get("vector").size());
                }
                batchObjects++;
                result.putObject("result");
            }
            results.add(result);
        }
        return new Answer(200, results);
    }

    private String problem(final JsonNode object)
    {
        final ObjectNode definition = classes.get(object.path("class").asText());
        if (definition == null)
        {
            return "class '" + object.path("class").asText() + "' not present in schema";
        }
        final String id = object.path("id").asText();
        if (!UUID_TEXT.matcher(id).matches())
        {
            return "id '" + id + "' is not a valid uuid";
        }
        final Map<String, String> types = new LinkedHashMap<>();
        for (final JsonNode property : definition.path("properties"))
        {
            types.put(property.path("name").asText(), property.path("dataType").path(0).asText());
        }
        for (final Map.Entry<String, JsonNode> property : object.path("properties").properties())
        {
            final String type = types.get(property.getKey());
            if (type == null)
            {
                return "no such prop with name '" + property.getKey() + "' found in class";
            }
            if (!fits(type, property.getValue()))
            {
                return "invalid " + type + " property '" + property.getKey() + "'";
            }
        }
        final Integer length = vectorLengths.get(object.path("class").asText());
        if (object.has("vector") && length != null && object.get("vector").size() != length)
        {
            return "new node has a vector with length " + object.get("vector").size()
                + ". Existing nodes have vectors with length " + length;
        }
        return null;
    }

    private static boolean fits(final String type, final JsonNode value)
    {
        return switch (type)
        {
            case "text" -> value.isTextual();
            case "int" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "date" -> value.isTextual() && parsesAsDate(value.asText());
            default -> false;
        };
    }

    private static boolean parsesAsDate(final String text)
    {
        try
        {
            java.time.OffsetDateTime.parse(text);
            return true;
        }
        catch (final java.time.DateTimeException ex)
        {
            return false;
        }
    }

    private Answer graphql(final String query)
    {
        final ObjectNode answer = json.createObjectNode();
        final Matcher near = NEAR_VECTOR.matcher(query);
        final Matcher aggregate = AGGREGATE.matcher(query);
        if (near.matches() && classes.containsKey(near.group(1)))
        {
            final String[] parts = near.group(2).split(", ");
            final double[] vector = new double[parts.length];
            for (int i = 0; i < parts.length; i++)
            {
                vector[i] = Double.parseDouble(parts[i]);
            }
            final String symbol = near.group(4);
            final List<Map.Entry<Double, ObjectNode>> ranked = new ArrayList<>();
            for (final ObjectNode object : objects.get(near.group(1)).values())
            {
                if (object.has("vector") && symbol.equals(object.path("properties").path("symbol").asText()))
                {
                    ranked.add(Map.entry(cosineDistance(vector, object.get("vector")), object));
                }
            }
            ranked.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
            final ArrayNode hits = answer.putObject("data").putObject("Get").putArray(near.group(1));
            for (final Map.Entry<Double, ObjectNode> entry : ranked.subList(0, Math.min(ranked.size(),
                Integer.parseInt(near.group(3)))))
            {
                final ObjectNode hit = hits.addObject();
                for (final String field : near.group(5).trim().split(" "))
                {
                    hit.set(field, entry.getValue().path("properties").path(field).isMissingNode() ?
                        json.nullNode() : entry.getValue().path("properties").get(field));
                }
                hit.putObject("_additional").put("id", entry.getValue().get("id").asText())
                    .put("distance", entry.getKey());
            }
            return new Answer(200, answer);
        }
        if (aggregate.matches() && classes.containsKey(aggregate.group(1)))
        {
            answer.putObject("data").putObject("Aggregate").putArray(aggregate.group(1)).addObject()
                .putObject("meta").put("count", objects.get(aggregate.group(1)).size());
            return new Answer(200, answer);
        }
        answer.putArray("errors").addObject().put("message", "unsupported or invalid query: " + query);
        return new Answer(200, answer);
    }

    private static double cosineDistance(final double[] a, final JsonNode b)
    {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++)
        {
            final double y = b.get(i).asDouble();
            dot += a[i] * y;
            normA += a[i] * a[i];
            normB += y * y;
        }
        return 1 - dot / Math.sqrt(normA * normB);
    }

    static boolean isUuid(final String text)
    {
        return UUID_TEXT.matcher(text).matches() && UUID.fromString(text) != null;
    }
}
