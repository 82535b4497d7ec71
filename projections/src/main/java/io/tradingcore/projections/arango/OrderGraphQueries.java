package io.tradingcore.projections.arango;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.projections.SinkException;

import java.util.List;
import java.util.Map;

/**
 * The order graph's documented questions, as AQL with bind variables (projections/README.md, "ArangoDB (the order
 * graph)"). The texts are constants: the contract server executes exactly these.
 */
public final class OrderGraphQueries
{
    /**
     * Every order a strategy sent on an instrument, oldest first, each with its fills in stream order.
     * Binds {@code @strategy} (the strategy vertex's key) and {@code @instrument} (the instrument id, a number).
     */
    public static final String STRATEGY_ORDERS_WITH_FILLS = String.join("\n",
        "FOR o IN 1..1 OUTBOUND CONCAT('strategies/', @strategy) sent",
        "  FILTER o.instrumentId == @instrument",
        "  SORT o.orderId",
        "  LET fills = (FOR f IN 1..1 OUTBOUND o caused SORT f.inputSequence, f.outputIndex RETURN f)",
        "  RETURN { order: o, fills: fills }");

    /**
     * The causal path of one order: the input that caused it (a tick for a strategy's order, the NewOrder request for
     * an external one), the order, its fills. One row per path from the cause: depth 1 is the order, depth 2 a fill.
     * Binds {@code @order} (the order vertex's key).
     */
    public static final String CAUSAL_PATH = String.join("\n",
        "FOR cause IN 1..1 INBOUND CONCAT('orders/', @order) caused",
        "  FOR v, e, p IN 1..2 OUTBOUND cause caused",
        "    FILTER p.vertices[1]._key == @order",
        "    SORT LENGTH(p.edges), v._key",
        "    RETURN { cause: cause, vertex: v, depth: LENGTH(p.edges), path: p.vertices[*]._id }");

    /**
     * The accounts whose orders were on an instrument within a time range, with how many orders each. Binds
     * {@code @instrument} (a number), {@code @from} and {@code @to} (epoch milliseconds, from inclusive, to exclusive).
     */
    public static final String ACCOUNTS_ON_INSTRUMENT = String.join("\n",
        "FOR o IN orders",
        "  FILTER o.instrumentId == @instrument AND o.timeMs >= @from AND o.timeMs < @to",
        "  FOR a IN 1..1 INBOUND o owns",
        "    COLLECT account = a.accountId, tenant = a.tenantId WITH COUNT INTO orderCount",
        "    SORT account",
        "    RETURN { account: account, tenant: tenant, orders: orderCount }");

    private final ArangoClient client;

    public OrderGraphQueries(final ArangoClient client)
    {
        this.client = client;
    }

    /** Rows of {@code {order, fills}}. */
    public List<JsonNode> strategyOrdersWithFills(final int strategyId, final int instrumentId) throws SinkException
    {
        return client.query(STRATEGY_ORDERS_WITH_FILLS,
            Map.of("strategy", Integer.toString(strategyId), "instrument", instrumentId));
    }

    /** Rows of {@code {cause, vertex, depth, path}}; empty for an order the graph does not have. */
    public List<JsonNode> causalPath(final long orderId) throws SinkException
    {
        return client.query(CAUSAL_PATH, Map.of("order", Long.toString(orderId)));
    }

    /** Rows of {@code {account, tenant, orders}}, by account. */
    public List<JsonNode> accountsOnInstrument(final int instrumentId, final long fromMs, final long toMs)
        throws SinkException
    {
        return client.query(ACCOUNTS_ON_INSTRUMENT, Map.of("instrument", instrumentId, "from", fromMs, "to", toMs));
    }
}
