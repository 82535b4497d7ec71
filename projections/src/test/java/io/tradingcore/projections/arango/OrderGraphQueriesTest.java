package io.tradingcore.projections.arango;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.projections.CoreJournals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three documented AQL queries over the order graph of a real core run. */
final class OrderGraphQueriesTest
{
    private static final int EURUSD = 1;

    @TempDir
    static Path data;

    private static ArangoTarget target;
    private static ArangoSink sink;
    private static OrderGraphQueries queries;

    @BeforeAll
    static void projectARun() throws Exception
    {
        CoreJournals.busyDay(data, 20_000);
        target = new ArangoTarget("tc_queries_" + System.nanoTime());
        sink = target.sink();
        sink.open();
        sink.drop();
        ArangoSinkTest.project(sink, data);
        queries = new OrderGraphQueries(sink.client());
    }

    @AfterAll
    static void stop()
    {
        sink.close();
        target.close();
    }

    @Test
    void everyOrderAStrategySentOnAnInstrumentWithItsFills() throws Exception
    {
        final List<JsonNode> first = queries.strategyOrdersWithFills(1, EURUSD);
        final List<JsonNode> second = queries.strategyOrdersWithFills(2, EURUSD);
        assertTrue(first.size() > 5 && second.size() > 0, first.size() + " and " + second.size());
        assertEquals(sink.rowCounts().get(ArangoSink.ORDERS), (long)(first.size() + second.size()));
        long previous = 0;
        for (final JsonNode row : first)
        {
            final JsonNode order = row.get("order");
            assertEquals(1, order.get("strategyId").asInt());
            assertEquals(1001, order.get("accountId").asLong());
            assertTrue(order.get("orderId").asLong() > previous, "by order id");
            previous = order.get("orderId").asLong();
            for (final JsonNode fill : row.get("fills"))
            {
                assertEquals(order.get("orderId").asLong(), fill.get("orderId").asLong());
            }
        }
        assertTrue(first.stream().anyMatch(r -> r.get("fills").size() > 0), "the venue filled them");
        assertEquals(0, queries.strategyOrdersWithFills(1, 2).size(), "nothing on XAUUSD");
    }

    @Test
    void theCausalPathOfAnOrderFromItsTickToItsFills() throws Exception
    {
        final JsonNode row = queries.strategyOrdersWithFills(1, EURUSD).stream()
            .filter(r -> r.get("fills").size() > 0).findFirst().orElseThrow();
        final JsonNode order = row.get("order");
        final List<JsonNode> path = queries.causalPath(order.get("orderId").asLong());
        assertEquals(1 + row.get("fills").size(), path.size(), path.toString());
        final JsonNode tick = path.get(0).get("cause");
        assertEquals("ticks/" + order.get("inputSequence").asLong(), tick.get("_id").asText());
        assertEquals(EURUSD, tick.get("instrumentId").asInt());
        assertEquals(1, path.get(0).get("depth").asInt());
        assertEquals(order.get("_id").asText(), path.get(0).get("vertex").get("_id").asText());
        for (final JsonNode step : path.subList(1, path.size()))
        {
            assertEquals(2, step.get("depth").asInt());
            assertEquals(order.get("orderId").asLong(), step.get("vertex").get("orderId").asLong());
            assertEquals(3, step.get("path").size());
            assertEquals(tick.get("_id").asText(), step.get("path").get(0).asText());
        }
        assertEquals(0, queries.causalPath(999_999_999L).size(), "an order the graph does not have");
    }

    @Test
    void theAccountsWhoseOrdersTouchedAnInstrumentInATimeRange() throws Exception
    {
        final List<JsonNode> all = queries.accountsOnInstrument(EURUSD, 0, Long.MAX_VALUE / 2);
        assertEquals(List.of(1001L, 2001L), all.stream().map(r -> r.get("account").asLong()).toList());
        assertEquals(List.of(1L, 2L), all.stream().map(r -> r.get("tenant").asLong()).toList());
        assertEquals(sink.rowCounts().get(ArangoSink.ORDERS), all.stream().mapToLong(r -> r.get("orders").asLong())
            .sum());
        final JsonNode firstOrder = queries.strategyOrdersWithFills(1, EURUSD).get(0).get("order");
        final long at = firstOrder.get("timeMs").asLong();
        final List<JsonNode> one = queries.accountsOnInstrument(EURUSD, at, at + 1);
        assertTrue(one.stream().anyMatch(r -> r.get("account").asLong() == 1001L), one.toString());
        assertEquals(0, queries.accountsOnInstrument(EURUSD, 0, 1).size(), "none in 1970");
        assertEquals(0, queries.accountsOnInstrument(2, 0, Long.MAX_VALUE / 2).size(), "none on XAUUSD");
    }
}
