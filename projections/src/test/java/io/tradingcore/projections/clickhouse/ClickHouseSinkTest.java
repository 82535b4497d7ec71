package io.tradingcore.projections.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.ParkedEvent;
import io.tradingcore.projections.SinkException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ClickHouse sink against a real server: rows, checkpoints, restarts, batches applied twice, dead letters. */
final class ClickHouseSinkTest
{
    private static ClickHouseTestServer server;

    private final TradingDay day = new TradingDay();

    @BeforeAll
    static void connect()
    {
        server = ClickHouseTestServer.reachable();
    }

    @AfterAll
    static void dropDatabase() throws SinkException
    {
        server.dropDatabase();
    }

    @BeforeEach
    void emptyDatabase() throws SinkException
    {
        try (ClickHouseSink sink = server.openSink())
        {
            sink.drop();
            assertEquals(Checkpoint.ZERO, sink.checkpoint());
        }
    }

    @Test
    void storesTheDayAcrossRestartsAndResumesFromItsCheckpoint() throws SinkException
    {
        // A new sink per batch, as after a restart: the digits, the touches and the orders' instruments it needs
        // for batches B and C are read back from the tables.
        final List<EventBatch> batches = List.of(day.batchA(), day.batchB(), day.batchC());
        for (final EventBatch batch : batches)
        {
            try (ClickHouseSink sink = server.openSink())
            {
                sink.apply(batch);
            }
            try (ClickHouseSink reopened = server.openSink())
            {
                assertEquals(batch.checkpoint(), reopened.checkpoint());
            }
        }
        try (ClickHouseSink sink = server.openSink())
        {
            assertEquals(Map.of("ticks", 4L, "fills", 4L, "order_events", 14L, "instruments", 2L,
                "dead_letters", 0L), sink.rowCounts());
        }

        final JsonNode fills = server.row("SELECT sum(quantity) AS lots, sum(commission) AS commission, "
            + "sum(realized_pnl) AS realized, sum(price) AS prices FROM {db}.fills FINAL");
        assertEquals(new BigDecimal("4.0000"), fills.get("lots").decimalValue());
        assertEquals(new BigDecimal("11.500000"), fills.get("commission").decimalValue());
        assertEquals(new BigDecimal("79.500000"), fills.get("realized").decimalValue());
        assertEquals(new BigDecimal("5104.50650000"), fills.get("prices").decimalValue());

        final JsonNode ticks = server.row("SELECT sum(bid) AS bids, sum(volume) AS volume, "
            + "groupArray(tick_time_ms) AS times FROM (SELECT * FROM {db}.ticks FINAL ORDER BY input_sequence)");
        assertEquals(new BigDecimal("10203.17100000"), ticks.get("bids").decimalValue());
        assertEquals(40, ticks.get("volume").asLong());
        assertEquals(TradingDay.NINE / 1_000_000 + 1_000, ticks.get("times").get(0).asLong());

        // The touch when order 1001 was accepted, kept although the tick came in batch A, before a restart.
        final JsonNode accepted = server.row("SELECT touch_bid, touch_ask, order_type, side FROM {db}.order_events "
            + "FINAL WHERE order_id = 1001 AND event = 'OrderAccepted'");
        assertEquals(new BigDecimal("1.08500000"), accepted.get("touch_bid").decimalValue());
        assertEquals(new BigDecimal("1.08510000"), accepted.get("touch_ask").decimalValue());
        assertEquals("MARKET", accepted.get("order_type").asText());

        // Order 1002's status change names no instrument: its price's digits come from the order's stored rows.
        final JsonNode working = server.row("SELECT instrument_id, price, status FROM {db}.order_events FINAL "
            + "WHERE input_sequence = 10 AND output_index = 1");
        assertEquals(TradingDay.EURUSD, working.get("instrument_id").asInt());
        assertEquals(new BigDecimal("1.08620000"), working.get("price").decimalValue());
        assertEquals("WORKING", working.get("status").asText());

        final JsonNode refused = server.row("SELECT status, text, tenant_id, account_id FROM {db}.order_events "
            + "FINAL WHERE event = 'OrderRejected'");
        assertEquals("MAX_POSITION", refused.get("status").asText());
        assertEquals("too big\tfor\nus", refused.get("text").asText());
        assertEquals(2, refused.get("tenant_id").asInt());
        assertEquals(7002, refused.get("account_id").asLong());

        final JsonNode instrument = server.row("SELECT symbol, digits, valid FROM {db}.instruments FINAL "
            + "WHERE instrument_id = 2");
        assertEquals("US500", instrument.get("symbol").asText());
        assertEquals(2, instrument.get("digits").asInt());
        assertEquals(1, instrument.get("valid").asInt());
    }

    @Test
    void aBatchAppliedAgainAfterACrashLeavesTheFinalCountsUnchanged() throws SinkException
    {
        final Map<String, Long> counts;
        final List<JsonNode> pnl;
        try (ClickHouseSink sink = server.openSink())
        {
            sink.apply(day.batchA());
            sink.apply(day.batchB());
            sink.apply(day.batchC());
            counts = sink.rowCounts();
            pnl = server.select(AnalyticsQueries.PNL_BY_HOUR);
        }
        // The crash: batch C's rows were all inserted, but not its checkpoint row. A checkpoint row of a higher
        // version that says B stands for that state.
        server.http.insert(server.database + ".checkpoints", ClickHouseSchema.CHECKPOINT_COLUMNS,
            "clickhouse\t" + Long.MAX_VALUE / 2 + "\t9\t9\t2\t2024-03-04 12:00:00\n");

        try (ClickHouseSink restarted = server.openSink())
        {
            assertEquals(TradingDay.AFTER_B, restarted.checkpoint());
            // The runtime hands over what follows the checkpoint again: batch C, the same events.
            restarted.apply(day.batchC());
            assertEquals(TradingDay.AFTER_C, restarted.checkpoint());
            assertEquals(counts, restarted.rowCounts());
            assertEquals(pnl, server.select(AnalyticsQueries.PNL_BY_HOUR));
        }

        // Without FINAL the rows inserted twice are there until a merge; the merge keeps one of each key.
        final long stored = server.row("SELECT count() AS n FROM {db}.fills").get("n").asLong();
        assertTrue(stored >= 4, "rows before the merge: " + stored);
        server.http.execute("OPTIMIZE TABLE " + server.database + ".fills FINAL");
        assertEquals(4, server.row("SELECT count() AS n FROM {db}.fills").get("n").asLong());
    }

    @Test
    void parkedEventsGoToTheDeadLettersAndComeBackWhenReplayed() throws SinkException
    {
        try (ClickHouseSink sink = server.openSink())
        {
            sink.apply(day.batchA());
            sink.apply(day.batchB());
            final EventBatch batch = day.batchC();
            // The fill of order 1003 (index 5) is parked, with a reason the runtime gave.
            batch.park(5, "account 7002 parked: test");
            final ParkedEvent expected = batch.toParked(5);
            sink.apply(batch);

            assertEquals(TradingDay.AFTER_C, sink.checkpoint());
            assertEquals(3L, sink.rowCounts().get("fills"));
            assertEquals(1L, sink.rowCounts().get("dead_letters"));
            final List<ParkedEvent> parked = sink.parked();
            assertEquals(1, parked.size());
            final ParkedEvent found = parked.get(0);
            assertEquals(expected.inputSequence(), found.inputSequence());
            assertEquals(expected.outputIndex(), found.outputIndex());
            assertEquals(expected.input(), found.input());
            assertEquals(expected.timeNs(), found.timeNs());
            assertEquals(2, found.tenantId());
            assertEquals(7002, found.accountId());
            assertEquals("account 7002 parked: test", found.reason());
            assertArrayEquals(expected.message(), found.message());

            final EventBatch replay = new EventBatch();
            replay.add(found);
            sink.applyParked(replay);
            assertEquals(TradingDay.AFTER_C, sink.checkpoint());
            assertEquals(4L, sink.rowCounts().get("fills"));
            assertEquals(0L, sink.rowCounts().get("dead_letters"));
            assertTrue(sink.parked().isEmpty());
        }
        try (ClickHouseSink restarted = server.openSink())
        {
            assertTrue(restarted.parked().isEmpty());
            restarted.drop();
            assertEquals(Checkpoint.ZERO, restarted.checkpoint());
            assertEquals(0L, restarted.rowCounts().values().stream().mapToLong(Long::longValue).sum());
        }
    }
}
