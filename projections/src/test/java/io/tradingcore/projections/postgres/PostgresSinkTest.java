package io.tradingcore.projections.postgres;

import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.EventScript;
import io.tradingcore.projections.ParkedEvent;
import io.tradingcore.projections.SinkException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static io.tradingcore.projections.postgres.TradingDay.ACCOUNT_A;
import static io.tradingcore.projections.postgres.TradingDay.ALPHA;
import static io.tradingcore.projections.postgres.TradingDay.EURUSD;
import static io.tradingcore.projections.postgres.TradingDay.LOT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PostgreSQL projection against a real server: the rows and sums a realistic stretch of events makes, the
 * checkpoint stored with them or not at all, parked events and their replay, and a rebuild from empty.
 */
class PostgresSinkTest
{
    private static TestDatabase database;
    private static Connection admin;
    private static Queries sql;
    private static PostgresSink sink;

    @BeforeAll
    static void createDatabase() throws Exception
    {
        database = TestDatabase.create("tc_pg_sink");
        admin = database.connect();
        sql = new Queries(admin);
        sink = new PostgresSink(database.url(), null, null);
        sink.open();
    }

    @AfterAll
    static void dropDatabase() throws Exception
    {
        if (sink != null)
        {
            sink.close();
        }
        if (admin != null)
        {
            admin.close();
        }
        if (database != null)
        {
            database.close();
        }
    }

    @BeforeEach
    void startEmpty() throws Exception
    {
        sink.drop();
        sql.execute("ALTER TABLE fills DROP CONSTRAINT IF EXISTS small_fills");
    }

    @Test
    void aTradingDayMakesTheRowsAndSums() throws Exception
    {
        final TradingDay day = new TradingDay();
        sink.apply(day.first);
        sink.apply(day.second);

        assertEquals(day.second.checkpoint(), sink.checkpoint());
        assertEquals("alpha", sql.text("SELECT name FROM tenants WHERE tenant_id = 1"));
        assertEquals(List.of("0|1|EURUSD|5|0.00001|0.0100|100.0000", "0|2|XAUUSD|2|0.01|0.0100|100.0000"),
            sql.column("SELECT concat_ws('|', tenant_id, instrument_id, symbol, digits, tick_size, volume_min, " +
                "volume_max) FROM instruments ORDER BY instrument_id"));

        assertEquals(List.of("1|1|FILLED|2.0000|2.0000|0.0000|1.10260|1.10262|2",
                "2|2|REJECTED|1.0000|0.0000|0.0000|2300.80||0",
                "1|3|CANCELLED|1.0000|0.0000|0.0000|1.10300||0",
                "1|4|FILLED|0.5000|0.5000|0.0000|1.10300|1.10300|1"),
            sql.column("SELECT concat_ws('|', tenant_id, order_id, status, quantity, filled_quantity, " +
                "leaves_quantity, price, coalesce(avg_fill_price::text, ''), fill_count) FROM orders " +
                "ORDER BY order_id"),
            "order 1's average is 2.20525 / 2 = 1.102625, half-even to 1.10262; order 2's price has XAUUSD's 2 digits");
        assertEquals("VENUE_REJECTED", sql.text("SELECT reject_reason FROM orders WHERE order_id = 2"));
        assertEquals("2.205250000", sql.text("SELECT fill_notional FROM orders WHERE order_id = 1"));
        assertEquals("9|1|15|1", sql.text("SELECT concat_ws('|', created_input_sequence, created_output_index, " +
            "updated_input_sequence, updated_output_index) FROM orders WHERE order_id = 1"),
            "created by its OrderAccepted, last moved by the fill of the second batch");

        assertEquals(17, sql.number("SELECT count(*) FROM order_events"));
        assertEquals(List.of("OrderAccepted|PENDING_NEW", "OrderRouted|NEW", "OrderStatusChanged|WORKING",
                "OrderRouted|CANCEL", "OrderStatusChanged|CANCELLED"),
            sql.column("SELECT concat_ws('|', type, coalesce(status, action)) FROM order_events WHERE order_id = 3 " +
                "ORDER BY input_sequence, output_index"));
        assertEquals("1|MAX_POSITION|position would exceed 5 lots", sql.text("SELECT concat_ws('|', tenant_id, " +
            "reason, text) FROM order_events WHERE type = 'OrderRejected' AND order_id IS NULL"));

        assertEquals("3|2.5000|12.500000|19.000000", sql.text("SELECT concat_ws('|', count(*), sum(quantity), " +
            "sum(commission), sum(realized_pnl)) FROM fills"));
        assertEquals("1.10265", sql.text("SELECT price FROM fills WHERE order_id = 1 AND quantity = 1.5"));
        assertEquals("1|100|1|1.5000|1.10262|19.000000|-4.500000", sql.text("SELECT concat_ws('|', tenant_id, " +
            "account_id, instrument_id, net_quantity, average_price, realized_pnl, unrealized_pnl) FROM positions"),
            "the position is the batch's last PositionUpdate");

        assertEquals(List.of("1|100|USD|100|100006.500000|100010.000000|f", "2|200|EUR|50|50000.000000|50000.000000|f"),
            sql.column("SELECT concat_ws('|', tenant_id, account_id, currency, leverage, balance, equity, halted) " +
                "FROM accounts ORDER BY account_id"));
        assertEquals(6, sql.number("SELECT count(*) FROM account_states"));

        assertEquals(List.of("100|2014-05-08|19.000000|12.500000|3|100000.000000|100004.000000",
                "100|2014-05-09|0.000000|0.000000|0|100010.000000|100010.000000",
                "200|2014-05-08|0.000000|0.000000|0|50000.000000|50000.000000"),
            sql.column("SELECT concat_ws('|', account_id, day, realized_pnl, commission, fill_count, " +
                "opening_equity, closing_equity) FROM daily_pnl ORDER BY account_id, day"));

        assertEquals(List.of("0|2014-05-08|3|0|0|1|0", "0|2014-05-09|1|0|0|0|0", "1|2014-05-08|0|4|3|1|1",
                "2|2014-05-08|0|2|0|1|1"),
            sql.column("SELECT concat_ws('|', tenant_id, day, ticks, orders, fills, rejects, active_accounts) " +
                "FROM usage ORDER BY tenant_id, day"),
            "ticks and the rejected input are the platform's; orders count accepts and rejects");

        assertEquals(List.of("RiskAlert|1|DAILY_LOSS_LIMIT|1000000000|500000000|-|-|daily loss 1000.00",
                "KillSwitchEngaged|2|ACCOUNT|-|-|0|-|operator: stop beta's account",
                "InputRejected|0|UNKNOWN_ORDER|-|-|-|5|ACCEPTED for order 99"),
            sql.column("SELECT concat_ws('|', type, tenant_id, kind, coalesce(value::text, '-'), " +
                "coalesce(threshold::text, '-'), coalesce(cancelled_orders::text, '-'), " +
                "coalesce(rejected_template_id::text, '-'), text) FROM risk_events ORDER BY input_sequence"));

        final Map<String, Long> counts = sink.rowCounts();
        assertEquals(4L, counts.get("orders"));
        assertEquals(3L, counts.get("fills"));
        assertEquals(0L, counts.get("dead_letters"));
        assertEquals(1L, counts.get("checkpoint"));
    }

    @Test
    void aBatchTheServerRefusesStoresNothingNotEvenItsCheckpoint() throws Exception
    {
        final TradingDay day = new TradingDay();
        sink.apply(day.first);
        final Map<String, Long> before = sink.rowCounts();
        sql.execute("ALTER TABLE fills ADD CONSTRAINT small_fills CHECK (quantity < 1)");

        final SinkException refused = assertThrows(SinkException.class, () -> sink.apply(day.second));

        assertEquals(SinkException.Kind.REJECTED, refused.kind());
        assertTrue(refused.getMessage().contains("small_fills"), refused.getMessage());
        assertEquals(before, sink.rowCounts(), "no row of the batch stays");
        assertEquals(day.first.checkpoint(), sink.checkpoint(), "nor its checkpoint");
        assertEquals("PARTIALLY_FILLED|0.5000", sql.text("SELECT concat_ws('|', status, filled_quantity) FROM orders " +
            "WHERE order_id = 1"), "order 1 as the first batch left it");
    }

    @Test
    void aRefusedBatchLeavesNothingBehindInTheSinkEither() throws Exception
    {
        final TradingDay day = new TradingDay();
        sink.apply(day.first);
        final EventBatch batch = new EventBatch();
        day.script.into(batch).newOrder(9, ALPHA, 300, EURUSD, Side.BUY, 2 * LOT, 110_300)
            .orderAccepted(9, 9, ALPHA, 300, EURUSD, Side.BUY, 2 * LOT, 110_300)
            .venueReport(9)
            .fill(9, 9, ALPHA, 300, EURUSD, Side.BUY, 2 * LOT, 110_300, 0, 0, 0);
        batch.checkpoint(day.script.checkpoint());
        sql.execute("ALTER TABLE fills ADD CONSTRAINT small_fills CHECK (quantity < 1)");
        assertThrows(SinkException.class, () -> sink.apply(batch));
        sink.checkpoint(); // a transaction of its own, committed: nothing of the refused batch may ride on it

        sql.execute("ALTER TABLE fills DROP CONSTRAINT small_fills");
        sink.apply(batch);

        assertEquals("2014-05-09|300|1|1", sql.text("SELECT concat_ws('|', u.day, a.account_id, u.active_accounts, " +
            "u.fills) FROM usage u JOIN usage_accounts a USING (tenant_id, day) WHERE tenant_id = 1 AND " +
            "day = '2014-05-09'"), "the account the refused batch made active, counted when the batch lands");
    }

    @Test
    void aParkedEventIsKeptAndAppliedLaterWithoutMovingTheCheckpoint() throws Exception
    {
        final TradingDay day = new TradingDay();
        sink.apply(day.first);
        sql.execute("ALTER TABLE fills ADD CONSTRAINT small_fills CHECK (quantity < 1)");
        day.second.park(day.bigFill, "small_fills refused it");

        sink.apply(day.second);

        assertEquals(day.second.checkpoint(), sink.checkpoint());
        assertEquals(2, sql.number("SELECT count(*) FROM fills"), "the other fills are applied");
        final List<ParkedEvent> parked = sink.parked();
        assertEquals(1, parked.size());
        final ParkedEvent letter = parked.get(0);
        assertEquals(day.second.inputSequence(day.bigFill), letter.inputSequence());
        assertEquals(1, letter.outputIndex());
        assertEquals(ALPHA, letter.tenantId());
        assertEquals(ACCOUNT_A, letter.accountId());
        assertEquals("small_fills refused it", letter.reason());
        assertEquals(day.second.timeNs(day.bigFill), letter.timeNs());
        assertArrayEquals(day.second.toParked(day.bigFill).message(), letter.message());
        assertEquals(String.valueOf(FillDecoder.TEMPLATE_ID), sql.text("SELECT template_id FROM dead_letters"));

        sql.execute("ALTER TABLE fills DROP CONSTRAINT small_fills");
        final EventBatch replay = new EventBatch();
        for (final ParkedEvent event : parked)
        {
            replay.add(event);
        }
        sink.applyParked(replay);

        assertEquals(0, sink.parked().size());
        assertEquals("3|2.5000", sql.text("SELECT concat_ws('|', count(*), sum(quantity)) FROM fills"));
        assertEquals("FILLED|2.0000|0.0000", sql.text("SELECT concat_ws('|', status, filled_quantity, " +
            "leaves_quantity) FROM orders WHERE order_id = 1"));
        assertEquals(day.second.checkpoint(), sink.checkpoint(), "replaying parked events leaves the checkpoint");
    }

    @Test
    void textKeepsEveryCharacter() throws Exception
    {
        final String awkward = "Zürich \"quoted\" back\\slash, comma {brace} NULL\ttab\nline 😀";
        final EventBatch batch = new EventBatch();
        final EventScript script = new EventScript(batch);
        script.defineTenant(7, awkward)
            .newOrder(1, 7, 700, EURUSD, Side.BUY, LOT, 110_000)
            .orderRejected(0, 1, 7, 700, RejectReason.UNKNOWN_ACCOUNT, awkward);
        batch.checkpoint(script.checkpoint());

        sink.apply(batch);

        assertEquals(awkward, sql.text("SELECT name FROM tenants WHERE tenant_id = 7"), "merged from an array");
        assertEquals(awkward, sql.text("SELECT text FROM order_events WHERE tenant_id = 7"), "copied");
    }

    @Test
    void anEventOfAnInstrumentNeverDefinedIsRefused() throws Exception
    {
        final EventBatch batch = new EventBatch();
        final EventScript script = new EventScript(batch);
        script.newOrder(1, ALPHA, ACCOUNT_A, 7, Side.BUY, LOT, 110_000)
            .orderAccepted(1, 1, ALPHA, ACCOUNT_A, 7, Side.BUY, LOT, 110_000);
        batch.checkpoint(script.checkpoint());

        final SinkException refused = assertThrows(SinkException.class, () -> sink.apply(batch));

        assertEquals(SinkException.Kind.REJECTED, refused.kind());
        assertTrue(refused.getMessage().contains("instrument 7"), refused.getMessage());
        assertEquals(Checkpoint.ZERO, sink.checkpoint());
    }

    @Test
    void dropEmptiesEverythingAndForgetsTheInstruments() throws Exception
    {
        final TradingDay day = new TradingDay();
        sink.apply(day.first);
        sink.apply(day.second);
        final EventBatch parked = new EventBatch();
        new EventScript(parked).tick(EURUSD, 1, 2);
        parked.park(0, "for the test");
        sink.apply(parked);

        sink.drop();

        for (final Map.Entry<String, Long> count : sink.rowCounts().entrySet())
        {
            assertEquals("checkpoint".equals(count.getKey()) ? 1L : 0L, count.getValue(), count.getKey());
        }
        assertEquals(Checkpoint.ZERO, sink.checkpoint());
        final SinkException refused = assertThrows(SinkException.class, () -> sink.apply(new TradingDay().second));
        assertEquals(SinkException.Kind.REJECTED, refused.kind(), "EURUSD's digits went with its row");

        final TradingDay again = new TradingDay();
        sink.apply(again.first);
        sink.apply(again.second);
        assertEquals(again.second.checkpoint(), sink.checkpoint(), "a rebuild from sequence 0 lands again");
        assertEquals(3, sql.number("SELECT count(*) FROM fills"));
        assertNull(sql.text("SELECT reason FROM dead_letters"));
    }
}
