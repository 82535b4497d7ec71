package io.tradingcore.projections.arango;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict stand-in for ArangoDB's HTTP API, for every call the sink and the queries make: Basic authentication
 * (401, errorNum 11), {@code POST /_api/database} and {@code POST /_db/{db}/_api/collection} (409 and errorNum 1207
 * for a duplicate, 400 and 1218 for an unknown type), bulk document inserts with {@code overwriteMode=replace} (404
 * and 1203 for an unknown collection; per document errors 1221 for an illegal key and 1233 for an edge without a valid
 * {@code _from}/{@code _to}; 400 for a body that is not an array), removal, truncation, counts, and
 * {@code _api/cursor}, which executes exactly the documented AQL texts ({@link OrderGraphQueries} and the sink's own
 * reads) over the stored documents, checks their bind variables (1551 missing, 1552 unused) and refuses any other
 * text with a parse error (400, 1501). Documents are kept in memory.
 */
final class ArangoContractServer implements AutoCloseable
{
    static final String USER = "root";
    static final String PASSWORD = "s3cret";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_\\-:.@()+,=;$!*'%]{1,254}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Pattern BIND = Pattern.compile("@(\\w+)");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Map<String, Collection>> databases = new HashMap<>();
    private final Map<String, List<JsonNode>> cursors = new HashMap<>();
    private final Map<String, Query> queries = new HashMap<>();
    private int cursorIds;
    /** Requests answered, for the tests. */
    volatile int requests;

    private static final class Collection
    {
        final int type;
        final Map<String, ObjectNode> documents = new TreeMap<>();

        Collection(final int type)
        {
            this.type = type;
        }
    }

    private interface Query
    {
        List<JsonNode> run(Map<String, Collection> db, JsonNode bind);
    }

    private static final class Refusal extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        final int status;
        final int errorNum;

        Refusal(final int status, final int errorNum, final String message)
        {
            super(message);
            this.status = status;
            this.errorNum = errorNum;
        }
    }

    ArangoContractServer() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        queries.put(ArangoSink.CHECKPOINT_QUERY, (db, bind) -> collection(db, ArangoSink.CHECKPOINT).documents
            .values().stream().filter(d -> d.path("_key").asText().equals(bind.path("name").asText()))
            .map(JsonNode.class::cast).toList());
        queries.put(ArangoSink.PARKED_QUERY, (db, bind) -> collection(db, ArangoSink.PARKED).documents.values()
            .stream().sorted(Comparator.comparingLong((JsonNode d) -> d.path("inputSequence").asLong())
                .thenComparingInt(d -> d.path("outputIndex").asInt())).map(JsonNode.class::cast).toList());
        queries.put(OrderGraphQueries.STRATEGY_ORDERS_WITH_FILLS, this::strategyOrders);
        queries.put(OrderGraphQueries.CAUSAL_PATH, this::causalPath);
        queries.put(OrderGraphQueries.ACCOUNTS_ON_INSTRUMENT, this::accountsOnInstrument);
    }

    URI uri()
    {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every document of a collection, by key. */
    synchronized List<ObjectNode> documents(final String database, final String collection)
    {
        return new ArrayList<>(databases.get(database).get(collection).documents.values());
    }

    @Override
    public void close()
    {
        server.stop(0);
    }

    private synchronized void handle(final HttpExchange exchange) throws IOException
    {
        requests++;
        final byte[] body = exchange.getRequestBody().readAllBytes();
        try
        {
            final String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization")))
            {
                throw new Refusal(401, 11, "not authorized to execute this request");
            }
            final JsonNode answer = route(exchange.getRequestMethod(), exchange.getRequestURI(), body);
            // A bulk call answers with the array of per document results itself.
            send(exchange, answer.path("code").asInt(200), answer.has("array") ? answer.get("array") : answer);
        }
        catch (final Refusal refusal)
        {
            send(exchange, refusal.status, NODES.objectNode().put("code", refusal.status).put("error", true)
                .put("errorMessage", refusal.getMessage()).put("errorNum", refusal.errorNum));
        }
    }

    private JsonNode route(final String method, final URI uri, final byte[] body)
    {
        final String path = uri.getPath();
        final String query = uri.getQuery() == null ? "" : uri.getQuery();
        if ("/_api/database".equals(path) && "POST".equals(method))
        {
            final String name = object(body).path("name").asText("");
            if (!NAME.matcher(name).matches())
            {
                throw new Refusal(400, 1229, "database name invalid");
            }
            if (databases.containsKey(name))
            {
                throw new Refusal(409, 1207, "duplicate database name");
            }
            databases.put(name, new LinkedHashMap<>());
            return NODES.objectNode().put("code", 201).put("error", false).put("result", true);
        }
        final Matcher m = Pattern.compile("/_db/([^/]+)/_api/(collection|document|cursor)(?:/([^/]+))?(?:/(\\w+))?")
            .matcher(path);
        if (!m.matches())
        {
            throw new Refusal(404, 404, "unknown path " + path);
        }
        final Map<String, Collection> db = databases.get(m.group(1));
        if (db == null)
        {
            throw new Refusal(404, 1228, "database not found");
        }
        final String api = m.group(2);
        final String name = m.group(3);
        final String action = m.group(4);
        if ("collection".equals(api) && name == null && "POST".equals(method))
        {
            return createCollection(db, object(body));
        }
        if ("collection".equals(api) && "truncate".equals(action) && "PUT".equals(method))
        {
            collection(db, name).documents.clear();
            return NODES.objectNode().put("code", 200).put("error", false).put("name", name);
        }
        if ("collection".equals(api) && "count".equals(action) && "GET".equals(method))
        {
            return NODES.objectNode().put("code", 200).put("error", false).put("name", name)
                .put("count", collection(db, name).documents.size());
        }
        if ("document".equals(api) && name != null && action == null && "POST".equals(method))
        {
            if (!query.contains("overwriteMode=replace"))
            {
                throw new Refusal(400, 10, "this stand-in takes only overwriteMode=replace inserts");
            }
            return insert(collection(db, name), name, body);
        }
        if ("document".equals(api) && name != null && action == null && "DELETE".equals(method))
        {
            return remove(collection(db, name), body);
        }
        if ("cursor".equals(api) && name == null && "POST".equals(method))
        {
            return cursor(db, object(body));
        }
        if ("cursor".equals(api) && name != null && action == null && "PUT".equals(method))
        {
            final List<JsonNode> rest = cursors.remove(name);
            if (rest == null)
            {
                throw new Refusal(404, 1600, "cursor not found");
            }
            return batch(rest, 1000);
        }
        throw new Refusal(405, 405, "method not supported");
    }

    private JsonNode createCollection(final Map<String, Collection> db, final JsonNode body)
    {
        final String name = body.path("name").asText("");
        if (!NAME.matcher(name).matches())
        {
            throw new Refusal(400, 1208, "illegal name");
        }
        final int type = body.path("type").asInt(2);
        if (!body.path("type").isMissingNode() && (!body.path("type").isInt() || type != 2 && type != 3))
        {
            throw new Refusal(400, 1218, "invalid collection type");
        }
        if (db.containsKey(name))
        {
            throw new Refusal(409, 1207, "duplicate name");
        }
        db.put(name, new Collection(type));
        return NODES.objectNode().put("code", 200).put("error", false).put("name", name).put("type", type);
    }

    private JsonNode insert(final Collection collection, final String name, final byte[] body)
    {
        final JsonNode documents = parse(body);
        if (!documents.isArray())
        {
            throw new Refusal(400, 1227, "this stand-in takes an array of documents");
        }
        final ArrayNode results = NODES.arrayNode();
        boolean failed = false;
        for (final JsonNode document : documents)
        {
            final String problem = problem(collection, document);
            if (problem != null)
            {
                failed = true;
                results.addObject().put("error", true).put("errorNum", Integer.parseInt(problem.substring(0, 4)))
                    .put("errorMessage", problem.substring(5));
                continue;
            }
            final ObjectNode stored = ((ObjectNode)document).deepCopy();
            final String key = stored.path("_key").asText();
            stored.put("_id", name + "/" + key);
            collection.documents.put(key, stored);
            results.addObject().put("_key", key).put("_id", name + "/" + key).put("_rev", "r" + requests);
        }
        return NODES.objectNode().put("code", failed ? 202 : 201).set("array", results);
    }

    private static String problem(final Collection collection, final JsonNode document)
    {
        if (!document.isObject())
        {
            return "1227 invalid document type";
        }
        if (!document.path("_key").isTextual() || !KEY.matcher(document.path("_key").asText()).matches())
        {
            return "1221 illegal document key";
        }
        if (collection.type == ArangoClient.EDGE && (!handle(document.path("_from")) || !handle(document.path("_to"))))
        {
            return "1233 edge attribute missing or invalid";
        }
        return null;
    }

    private static boolean handle(final JsonNode value)
    {
        if (!value.isTextual())
        {
            return false;
        }
        final String[] parts = value.asText().split("/", -1);
        return parts.length == 2 && NAME.matcher(parts[0]).matches() && KEY.matcher(parts[1]).matches();
    }

    private JsonNode remove(final Collection collection, final byte[] body)
    {
        final JsonNode keys = parse(body);
        if (!keys.isArray())
        {
            throw new Refusal(400, 1227, "this stand-in takes an array of keys");
        }
        final ArrayNode results = NODES.arrayNode();
        for (final JsonNode key : keys)
        {
            if (collection.documents.remove(key.asText()) == null)
            {
                results.addObject().put("error", true).put("errorNum", 1202).put("errorMessage", "not found");
            }
            else
            {
                results.addObject().put("_key", key.asText());
            }
        }
        return NODES.objectNode().put("code", 200).set("array", results);
    }

    private JsonNode cursor(final Map<String, Collection> db, final JsonNode body)
    {
        final String text = body.path("query").asText("");
        final Query query = queries.get(text);
        if (query == null)
        {
            throw new Refusal(400, 1501, "AQL: syntax error, unexpected query text (this stand-in executes only "
                + "the documented queries) [" + text + "]");
        }
        final JsonNode bind = body.path("bindVars").isMissingNode() ? NODES.objectNode() : body.path("bindVars");
        final Set<String> declared = new java.util.TreeSet<>();
        final Matcher names = BIND.matcher(text);
        while (names.find())
        {
            declared.add(names.group(1));
        }
        for (final String name : declared)
        {
            if (!bind.has(name))
            {
                throw new Refusal(400, 1551, "no value specified for declared bind parameter '" + name + "'");
            }
        }
        for (final Iterator<String> it = bind.fieldNames(); it.hasNext();)
        {
            final String name = it.next();
            if (!declared.contains(name))
            {
                throw new Refusal(400, 1552, "bind parameter '" + name + "' was not declared in the query");
            }
        }
        final int batchSize = body.path("batchSize").asInt(1000);
        return batch(query.run(db, bind), batchSize);
    }

    private ObjectNode batch(final List<JsonNode> rows, final int batchSize)
    {
        final ObjectNode answer = NODES.objectNode().put("code", 201).put("error", false);
        final ArrayNode result = answer.putArray("result");
        rows.stream().limit(batchSize).forEach(result::add);
        final boolean more = rows.size() > batchSize;
        answer.put("hasMore", more);
        if (more)
        {
            final String id = Integer.toString(++cursorIds);
            cursors.put(id, new ArrayList<>(rows.subList(batchSize, rows.size())));
            answer.put("id", id);
        }
        return answer;
    }

    private static Collection collection(final Map<String, Collection> db, final String name)
    {
        final Collection collection = db.get(name);
        if (collection == null)
        {
            throw new Refusal(404, 1203, "collection or view not found: " + name);
        }
        return collection;
    }

    private static List<ObjectNode> outbound(
        final Map<String, Collection> db, final String edges, final String from)
    {
        final List<ObjectNode> found = new ArrayList<>();
        for (final ObjectNode edge : collection(db, edges).documents.values())
        {
            if (edge.path("_from").asText().equals(from))
            {
                final ObjectNode vertex = vertex(db, edge.path("_to").asText());
                if (vertex != null)
                {
                    found.add(vertex);
                }
            }
        }
        return found;
    }

    private static List<ObjectNode> inbound(final Map<String, Collection> db, final String edges, final String to)
    {
        final List<ObjectNode> found = new ArrayList<>();
        for (final ObjectNode edge : collection(db, edges).documents.values())
        {
            if (edge.path("_to").asText().equals(to))
            {
                final ObjectNode vertex = vertex(db, edge.path("_from").asText());
                if (vertex != null)
                {
                    found.add(vertex);
                }
            }
        }
        return found;
    }

    private static ObjectNode vertex(final Map<String, Collection> db, final String id)
    {
        final String[] parts = id.split("/");
        final Collection collection = db.get(parts[0]);
        return collection == null ? null : collection.documents.get(parts[1]);
    }

    private List<JsonNode> strategyOrders(final Map<String, Collection> db, final JsonNode bind)
    {
        final List<JsonNode> rows = new ArrayList<>();
        outbound(db, ArangoSink.SENT, "strategies/" + bind.path("strategy").asText()).stream()
            .filter(o -> equal(o.path("instrumentId"), bind.path("instrument")))
            .sorted(Comparator.comparingLong(o -> o.path("orderId").asLong()))
            .forEach(o ->
            {
                final ArrayNode fills = NODES.arrayNode();
                outbound(db, ArangoSink.CAUSED, o.path("_id").asText()).stream()
                    .sorted(Comparator.comparingLong((JsonNode f) -> f.path("inputSequence").asLong())
                        .thenComparingInt(f -> f.path("outputIndex").asInt()))
                    .forEach(fills::add);
                final ObjectNode row = NODES.objectNode();
                row.set("order", o);
                row.set("fills", fills);
                rows.add(row);
            });
        return rows;
    }

    private List<JsonNode> causalPath(final Map<String, Collection> db, final JsonNode bind)
    {
        final String order = bind.path("order").asText();
        final List<JsonNode> rows = new ArrayList<>();
        for (final ObjectNode cause : inbound(db, ArangoSink.CAUSED, "orders/" + order))
        {
            final List<ObjectNode[]> paths = new ArrayList<>();
            for (final ObjectNode first : outbound(db, ArangoSink.CAUSED, cause.path("_id").asText()))
            {
                paths.add(new ObjectNode[] {cause, first});
                for (final ObjectNode second : outbound(db, ArangoSink.CAUSED, first.path("_id").asText()))
                {
                    paths.add(new ObjectNode[] {cause, first, second});
                }
            }
            paths.stream().filter(p -> p[1].path("_key").asText().equals(order))
                .sorted(Comparator.comparingInt((ObjectNode[] p) -> p.length)
                    .thenComparing(p -> p[p.length - 1].path("_key").asText()))
                .forEach(p ->
                {
                    final ObjectNode row = NODES.objectNode();
                    row.set("cause", cause);
                    row.set("vertex", p[p.length - 1]);
                    row.put("depth", p.length - 1);
                    final ArrayNode ids = row.putArray("path");
                    for (final ObjectNode v : p)
                    {
                        ids.add(v.path("_id").asText());
                    }
                    rows.add(row);
                });
        }
        return rows;
    }

    private List<JsonNode> accountsOnInstrument(final Map<String, Collection> db, final JsonNode bind)
    {
        final Map<Long, long[]> groups = new TreeMap<>();
        for (final ObjectNode o : collection(db, ArangoSink.ORDERS).documents.values())
        {
            if (equal(o.path("instrumentId"), bind.path("instrument")) &&
                o.path("timeMs").asLong() >= bind.path("from").asLong() &&
                o.path("timeMs").asLong() < bind.path("to").asLong())
            {
                for (final ObjectNode a : inbound(db, ArangoSink.OWNS, o.path("_id").asText()))
                {
                    groups.computeIfAbsent(a.path("accountId").asLong(), k -> new long[] {a.path("tenantId")
                        .asLong(), 0})[1]++;
                }
            }
        }
        final List<JsonNode> rows = new ArrayList<>();
        groups.forEach((account, g) -> rows.add(NODES.objectNode().put("account", account).put("tenant", g[0])
            .put("orders", g[1])));
        return rows;
    }

    /** AQL's {@code ==}: no conversion between a number and a string. */
    private static boolean equal(final JsonNode a, final JsonNode b)
    {
        return a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) == 0 : a.equals(b);
    }

    private JsonNode object(final byte[] body)
    {
        final JsonNode node = parse(body);
        if (!node.isObject())
        {
            throw new Refusal(400, 600, "expecting a JSON object body");
        }
        return node;
    }

    private JsonNode parse(final byte[] body)
    {
        try
        {
            final JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode())
            {
                throw new Refusal(400, 600, "empty body");
            }
            return node;
        }
        catch (final IOException ex)
        {
            throw new Refusal(400, 600, "VPackError: " + ex.getMessage());
        }
    }

    private void send(final HttpExchange exchange, final int status, final JsonNode body) throws IOException
    {
        final byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }
}
