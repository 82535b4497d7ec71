package io.tradingcore.projections.arango;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.NewOrderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.ParkedEvent;
import io.tradingcore.projections.Sink;
import io.tradingcore.projections.SinkException;
import io.tradingcore.projections.SinkSettings;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The ArangoDB projection: the order graph (projections/README.md, "ArangoDB (the order graph)"). Vertices: tenants,
 * accounts, strategies, orders, fills, instruments, the ticks that caused a strategy's orders and the requests
 * (NewOrder inputs) that caused the others. Edges: {@code owns} (tenant to account, account to order), {@code caused}
 * (tick or request to order, order to fill), {@code routes} (order and fill to instrument), {@code sent} (strategy to
 * order).
 * <p>
 * Every key comes from the engine's ids or the event's place in the stream, and every insert replaces the document of
 * its key, so a batch written again after a crash writes the same documents. The checkpoint document is written last:
 * a crash before it leaves documents that the batch handed over again replaces with themselves.
 */
public final class ArangoSink implements Sink
{
    public static final String NAME = "arangodb";
    public static final String DEFAULT_DATABASE = "tradingcore";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public static final String TENANTS = "tenants";
    public static final String ACCOUNTS = "accounts";
    public static final String STRATEGIES = "strategies";
    public static final String ORDERS = "orders";
    public static final String FILLS = "fills";
    public static final String INSTRUMENTS = "instruments";
    public static final String TICKS = "ticks";
    public static final String REQUESTS = "requests";
    public static final String OWNS = "owns";
    public static final String CAUSED = "caused";
    public static final String ROUTES = "routes";
    public static final String SENT = "sent";
    public static final String PARKED = "parked";
    public static final String CHECKPOINT = "checkpoint";

    /** The vertex collections, then the edge collections, in the order a batch writes them. */
    public static final List<String> VERTICES = List.of(TENANTS, ACCOUNTS, STRATEGIES, INSTRUMENTS, TICKS, REQUESTS,
        ORDERS, FILLS);
    public static final List<String> EDGES = List.of(OWNS, CAUSED, ROUTES, SENT);

    /** The sink's own reads, executed by the contract server as they are. */
    public static final String CHECKPOINT_QUERY = "FOR c IN checkpoint FILTER c._key == @name RETURN c";
    public static final String PARKED_QUERY = "FOR p IN parked SORT p.inputSequence, p.outputIndex RETURN p";

    /** Inputs held for their outputs at most: a batch's worth of quiet ticks. */
    private static final int MAX_CAUSES = 250_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ArangoClient client;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MarketTickDecoder tick = new MarketTickDecoder();
    private final NewOrderDecoder newOrder = new NewOrderDecoder();
    private final DefineInstrumentDecoder define = new DefineInstrumentDecoder();
    private final OrderAcceptedDecoder accepted = new OrderAcceptedDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final Map<String, Map<String, ObjectNode>> documents = new LinkedHashMap<>();
    /**
     * The ticks and requests handed over whose outputs may still come, by input sequence, with their collection's
     * name: a batch holds its inputs before their outputs, and an input's outputs may come in the next batch.
     */
    private final NavigableMap<Long, Map.Entry<String, ObjectNode>> causes = new TreeMap<>();

    /**
     * @param url      the server, e.g. {@code http://127.0.0.1:8529}
     * @param database created by {@link #open()} when absent
     * @param user     null for {@code root}
     * @param password null for none
     */
    public ArangoSink(final URI url, final String database, final String user, final String password,
        final Duration timeout)
    {
        this.client = new ArangoClient(url, database, user, password, timeout);
    }

    /**
     * The sink the settings describe: {@code arango.url} (required), {@code arango.database} (default
     * {@value #DEFAULT_DATABASE}), {@code arango.user} (default root), {@code arango.password} or
     * {@code arango.passwordFile}.
     */
    public static ArangoSink create(final SinkSettings settings)
    {
        return new ArangoSink(URI.create(settings.require("arango.url")),
            settings.get("arango.database", DEFAULT_DATABASE), settings.get("arango.user", "root"),
            settings.password("arango"), DEFAULT_TIMEOUT);
    }

    /** The HTTP client this sink writes with, for the queries ({@link OrderGraphQueries}). */
    public ArangoClient client()
    {
        return client;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void open() throws SinkException
    {
        client.createDatabase();
        for (final String name : VERTICES)
        {
            client.createCollection(name, ArangoClient.DOCUMENT);
        }
        for (final String name : EDGES)
        {
            client.createCollection(name, ArangoClient.EDGE);
        }
        client.createCollection(PARKED, ArangoClient.DOCUMENT);
        client.createCollection(CHECKPOINT, ArangoClient.DOCUMENT);
    }

    @Override
    public boolean wantsInput(final int templateId)
    {
        return templateId == MarketTickDecoder.TEMPLATE_ID || templateId == NewOrderDecoder.TEMPLATE_ID ||
            templateId == DefineInstrumentDecoder.TEMPLATE_ID;
    }

    @Override
    public Checkpoint checkpoint() throws SinkException
    {
        final List<JsonNode> found = client.query(CHECKPOINT_QUERY, Map.of("name", NAME));
        if (found.isEmpty())
        {
            return Checkpoint.ZERO;
        }
        final JsonNode row = found.get(0);
        return new Checkpoint(row.path("lastInput").asLong(), row.path("outputInput").asLong(),
            row.path("outputIndex").asInt());
    }

    @Override
    public void apply(final EventBatch batch) throws SinkException
    {
        documents.clear();
        for (int i = 0; i < batch.size(); i++)
        {
            if (batch.parkReason(i) != null)
            {
                put(PARKED, parkedDocument(batch.toParked(i)));
            }
            else
            {
                add(batch, i);
            }
        }
        writeDocuments();
        final Checkpoint checkpoint = batch.checkpoint();
        client.insert(CHECKPOINT, List.of(NODES.objectNode().put("_key", NAME)
            .put("lastInput", checkpoint.lastInput()).put("outputInput", checkpoint.outputInput())
            .put("outputIndex", checkpoint.outputIndex())));
    }

    @Override
    public List<ParkedEvent> parked() throws SinkException
    {
        final List<ParkedEvent> events = new ArrayList<>();
        for (final JsonNode row : client.query(PARKED_QUERY, Map.of()))
        {
            events.add(new ParkedEvent(row.path("input").asBoolean(), row.path("inputSequence").asLong(),
                row.path("outputIndex").asInt(), Long.parseLong(row.path("timeNs").asText()),
                row.path("tenantId").asInt(), row.path("accountId").asLong(),
                Base64.getDecoder().decode(row.path("message").asText()), row.path("reason").asText()));
        }
        return events;
    }

    @Override
    public void applyParked(final EventBatch batch) throws SinkException
    {
        documents.clear();
        final List<String> replayed = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++)
        {
            if (batch.parkReason(i) != null)
            {
                put(PARKED, parkedDocument(batch.toParked(i)));
            }
            else
            {
                add(batch, i);
                replayed.add(place(batch.inputSequence(i), batch.outputIndex(i)));
            }
        }
        writeDocuments();
        client.remove(PARKED, replayed);
    }

    @Override
    public void drop() throws SinkException
    {
        open();
        for (final String name : allCollections())
        {
            client.truncate(name);
        }
        causes.clear();
    }

    @Override
    public Map<String, Long> rowCounts() throws SinkException
    {
        final Map<String, Long> counts = new LinkedHashMap<>();
        for (final String name : allCollections())
        {
            if (!CHECKPOINT.equals(name))
            {
                counts.put(name, client.count(name));
            }
        }
        return counts;
    }

    @Override
    public void close()
    {
        // The JDK 17 client has no close(); its idle connections end with the keep-alive timeout.
    }

    private static List<String> allCollections()
    {
        final List<String> names = new ArrayList<>(VERTICES);
        names.addAll(EDGES);
        names.add(PARKED);
        names.add(CHECKPOINT);
        return names;
    }

    private void writeDocuments() throws SinkException
    {
        for (final Map.Entry<String, Map<String, ObjectNode>> collection : documents.entrySet())
        {
            client.insert(collection.getKey(), new ArrayList<>(collection.getValue().values()));
        }
    }

    private void add(final EventBatch batch, final int index)
    {
        final int template = batch.templateId(index);
        final long sequence = batch.inputSequence(index);
        if (!batch.isInput(index))
        {
            // Outputs come in input order: the inputs before this one have no more outputs to come.
            causes.headMap(sequence, false).clear();
        }
        if (template == MarketTickDecoder.TEMPLATE_ID)
        {
            tick.wrapAndApplyHeader(batch.buffer(), batch.offset(index), header);
            remember(sequence, TICKS, NODES.objectNode().put("_key", Long.toString(sequence))
                .put("inputSequence", sequence).put("instrumentId", tick.instrumentId())
                .put("timeMsc", tick.timeMsc()).put("bidUnits", tick.bid()).put("askUnits", tick.ask()));
        }
        else if (template == NewOrderDecoder.TEMPLATE_ID)
        {
            newOrder.wrapAndApplyHeader(batch.buffer(), batch.offset(index), header);
            remember(sequence, REQUESTS, NODES.objectNode().put("_key", Long.toString(sequence))
                .put("inputSequence", sequence).put("clientOrderId", newOrder.clientOrderId())
                .put("tenantId", newOrder.tenantId()).put("accountId", newOrder.accountId())
                .put("instrumentId", newOrder.instrumentId()).put("timeMs", batch.timeNs(index) / 1_000_000L));
        }
        else if (template == DefineInstrumentDecoder.TEMPLATE_ID)
        {
            define.wrapAndApplyHeader(batch.buffer(), batch.offset(index), header);
            put(INSTRUMENTS, NODES.objectNode().put("_key", Integer.toString(define.instrumentId()))
                .put("instrumentId", define.instrumentId()).put("symbol", define.symbol().trim())
                .put("digits", define.digits()));
        }
        else if (template == OrderAcceptedDecoder.TEMPLATE_ID)
        {
            accepted.wrapAndApplyHeader(batch.buffer(), batch.offset(index), header);
            addOrder(sequence);
        }
        else if (template == FillDecoder.TEMPLATE_ID)
        {
            fill.wrapAndApplyHeader(batch.buffer(), batch.offset(index), header);
            addFill(batch, index);
        }
    }

    private void remember(final long sequence, final String collection, final ObjectNode document)
    {
        causes.put(sequence, Map.entry(collection, document));
        if (causes.size() > MAX_CAUSES)
        {
            causes.pollFirstEntry();
        }
    }

    private void addOrder(final long sequence)
    {
        final String order = Long.toString(accepted.orderId());
        final String account = Long.toString(accepted.accountId());
        final String tenant = Integer.toString(accepted.tenantId());
        final String instrument = Integer.toString(accepted.instrumentId());
        final int strategyId = accepted.strategyId();
        put(TENANTS, NODES.objectNode().put("_key", tenant).put("tenantId", accepted.tenantId()));
        put(ACCOUNTS, NODES.objectNode().put("_key", account).put("accountId", accepted.accountId())
            .put("tenantId", accepted.tenantId()));
        put(ORDERS, NODES.objectNode().put("_key", order).put("orderId", accepted.orderId())
            .put("clientOrderId", accepted.clientOrderId()).put("tenantId", accepted.tenantId())
            .put("accountId", accepted.accountId()).put("instrumentId", accepted.instrumentId())
            .put("strategyId", strategyId).put("side", accepted.side().name())
            .put("orderType", accepted.orderType().name()).put("timeInForce", accepted.timeInForce().name())
            .put("quantity", quantity(accepted.quantity())).put("priceUnits", accepted.price())
            .put("inputSequence", sequence).put("timeMs", accepted.timeNs() / 1_000_000L)
            .put("time", Instant.ofEpochSecond(0, accepted.timeNs()).toString()));
        put(OWNS, edge("a" + account, TENANTS, tenant, ACCOUNTS, account));
        put(OWNS, edge("o" + order, ACCOUNTS, account, ORDERS, order));
        put(ROUTES, edge("o" + order, ORDERS, order, INSTRUMENTS, instrument));
        if (strategyId != 0)
        {
            final String strategy = Integer.toString(strategyId);
            put(STRATEGIES, NODES.objectNode().put("_key", strategy).put("strategyId", strategyId));
            put(SENT, edge("o" + order, STRATEGIES, strategy, ORDERS, order));
        }
        // The input that caused the order: a tick for a strategy's order, the NewOrder request for another. Its
        // vertex is written when this sink holds it (it came just before); after a restart between the two, the edge
        // still names it.
        final String causeCollection = strategyId != 0 ? TICKS : REQUESTS;
        // Outputs come in input order: the inputs before this one have no more outputs to come.
        causes.headMap(sequence, false).clear();
        final Map.Entry<String, ObjectNode> cause = causes.get(sequence);
        if (cause != null && cause.getKey().equals(causeCollection))
        {
            put(causeCollection, cause.getValue());
        }
        put(CAUSED, edge("o" + order, causeCollection, Long.toString(sequence), ORDERS, order));
    }

    private void addFill(final EventBatch batch, final int index)
    {
        final String key = place(batch.inputSequence(index), batch.outputIndex(index));
        final String order = Long.toString(fill.orderId());
        put(FILLS, NODES.objectNode().put("_key", key).put("inputSequence", batch.inputSequence(index))
            .put("outputIndex", batch.outputIndex(index)).put("orderId", fill.orderId())
            .put("tenantId", fill.tenantId()).put("accountId", fill.accountId())
            .put("instrumentId", fill.instrumentId()).put("side", fill.side().name())
            .put("quantity", quantity(fill.quantity())).put("priceUnits", fill.price())
            .put("leavesQuantity", quantity(fill.leavesQuantity())).put("dealId", fill.dealId())
            .put("commission", BigDecimal.valueOf(fill.commission(), FixedPoint.MONEY_DIGITS))
            .put("realizedPnl", BigDecimal.valueOf(fill.realizedPnl(), FixedPoint.MONEY_DIGITS))
            .put("strategyId", fill.strategyId()).put("timeMs", fill.timeNs() / 1_000_000L));
        put(CAUSED, edge("f" + key, ORDERS, order, FILLS, key));
        put(ROUTES, edge("f" + key, FILLS, key, INSTRUMENTS, Integer.toString(fill.instrumentId())));
    }

    private static BigDecimal quantity(final long units)
    {
        return BigDecimal.valueOf(units, FixedPoint.QUANTITY_DIGITS);
    }

    private static ObjectNode edge(
        final String key, final String fromCollection, final String from, final String toCollection, final String to)
    {
        return NODES.objectNode().put("_key", key).put("_from", fromCollection + "/" + from)
            .put("_to", toCollection + "/" + to);
    }

    private static String place(final long inputSequence, final int outputIndex)
    {
        return inputSequence + "-" + outputIndex;
    }

    private static ObjectNode parkedDocument(final ParkedEvent event)
    {
        return NODES.objectNode().put("_key", place(event.inputSequence(), event.outputIndex()))
            .put("input", event.input()).put("inputSequence", event.inputSequence())
            .put("outputIndex", event.outputIndex()).put("timeNs", Long.toString(event.timeNs()))
            .put("tenantId", event.tenantId()).put("accountId", event.accountId())
            .put("message", Base64.getEncoder().encodeToString(event.message())).put("reason", event.reason());
    }

    private void put(final String collection, final ObjectNode document)
    {
        documents.computeIfAbsent(collection, c -> new LinkedHashMap<>()).put(document.path("_key").asText(),
            document);
    }
}
