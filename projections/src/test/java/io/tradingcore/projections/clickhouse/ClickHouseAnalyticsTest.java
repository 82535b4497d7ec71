package io.tradingcore.projections.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.projections.SinkException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each of {@link AnalyticsQueries} over {@link TradingDay}, whose answers are worked out by hand here. */
final class ClickHouseAnalyticsTest
{
    private static ClickHouseTestServer server;

    @BeforeAll
    static void storeTheDay() throws SinkException
    {
        server = ClickHouseTestServer.reachable();
        final TradingDay day = new TradingDay();
        try (ClickHouseSink sink = server.openSink())
        {
            sink.apply(day.batchA());
            sink.apply(day.batchB());
            sink.apply(day.batchC());
            // Batch C again, as after a crash before its checkpoint: the answers must not change.
            sink.apply(day.batchC());
        }
    }

    @AfterAll
    static void dropDatabase() throws SinkException
    {
        server.dropDatabase();
    }

    @Test
    void vwapFromFills() throws SinkException
    {
        final List<JsonNode> rows = server.select(AnalyticsQueries.VWAP_FROM_FILLS);
        assertEquals(2, rows.size());
        // EURUSD: (0.60 x 1.08515 + 0.40 x 1.08505 + 1.00 x 1.08630) / 2.00 = 2.17141 / 2 = 1.085705
        assertRow(rows.get(0), TradingDay.EURUSD, "2024-03-04", 3, "2.0000", "1.085705000000");
        // US500: one fill of 2.00 at 5101.25
        assertRow(rows.get(1), TradingDay.US500, "2024-03-04", 1, "2.0000", "5101.250000000000");
    }

    @Test
    void vwapFromTicks() throws SinkException
    {
        final List<JsonNode> rows = server.select(AnalyticsQueries.VWAP_FROM_TICKS);
        assertEquals(2, rows.size());
        // EURUSD quotes carry no volume: mean mid ((1.08500 + 1.08510) / 2 + (1.08600 + 1.08610) / 2) / 2 = 1.08555
        final JsonNode eurusd = rows.get(0);
        assertEquals(TradingDay.EURUSD, eurusd.get("instrument_id").asInt());
        assertEquals(2, eurusd.get("ticks").asLong());
        assertEquals("mid", eurusd.get("source").asText());
        assertDecimal("1.085550000000", eurusd.get("vwap"));
        // US500: (5100.25 x 10 + 5101.00 x 30) / 40 = 204032.5 / 40 = 5100.8125
        final JsonNode us500 = rows.get(1);
        assertEquals(TradingDay.US500, us500.get("instrument_id").asInt());
        assertEquals(40, us500.get("volume").asLong());
        assertEquals("last", us500.get("source").asText());
        assertDecimal("5100.812500000000", us500.get("vwap"));
    }

    @Test
    void slippageByStrategy() throws SinkException
    {
        final List<JsonNode> rows = server.select(AnalyticsQueries.SLIPPAGE_BY_STRATEGY);
        assertEquals(3, rows.size());
        // Strategy 11, EURUSD: market buy against the ask 1.08510 at acceptance: +0.00005 on 0.60, -0.00005 on
        // 0.40, weighted (0.00003 - 0.00002) / 1.00 = 0.00001.
        assertSlippage(rows.get(0), 11, TradingDay.EURUSD, 2, "0.000010000000");
        // Strategy 11, US500: limit buy at 5101.50 filled at 5101.25, a quarter better: -0.25.
        assertSlippage(rows.get(1), 11, TradingDay.US500, 1, "-0.250000000000");
        // Strategy 12, EURUSD: limit sell at 1.08620 filled at 1.08630, better by 0.00010: -0.0001.
        assertSlippage(rows.get(2), 12, TradingDay.EURUSD, 1, "-0.000100000000");
    }

    @Test
    void fillLatencyByStrategy() throws SinkException
    {
        final List<JsonNode> rows = server.select(AnalyticsQueries.FILL_LATENCY_BY_STRATEGY);
        assertEquals(2, rows.size());
        // Strategy 11: 250 ms and 500 ms after order 1001's acceptance, 1 s after order 1003's.
        final JsonNode eleven = rows.get(0);
        assertEquals(11, eleven.get("strategy_id").asInt());
        assertEquals(3, eleven.get("fills").asLong());
        assertEquals(TradingDay.ms(250), eleven.get("min_ns").asLong());
        assertEquals(TradingDay.ms(1_750) / 3, eleven.get("mean_ns").asLong());
        assertEquals(TradingDay.ms(1_000), eleven.get("max_ns").asLong());
        // Strategy 12: 2 s after order 1002's acceptance.
        final JsonNode twelve = rows.get(1);
        assertEquals(12, twelve.get("strategy_id").asInt());
        assertEquals(1, twelve.get("fills").asLong());
        assertEquals(TradingDay.ms(2_000), twelve.get("mean_ns").asLong());
    }

    @Test
    void pnlByHour() throws SinkException
    {
        final List<JsonNode> rows = server.select(AnalyticsQueries.PNL_BY_HOUR);
        assertEquals(3, rows.size());
        // Account 7001 at 09:00: two fills that open a position, commission 3.00 + 2.00.
        assertPnl(rows.get(0), 7001, "2024-03-04 09:00:00", 2, "0.000000", "5.000000", "-5.000000");
        // Account 7001 at 10:00: the sell realizes 100.00, commission 5.00.
        assertPnl(rows.get(1), 7001, "2024-03-04 10:00:00", 1, "100.000000", "5.000000", "95.000000");
        // Account 7002 (tenant 2) at 10:00: realized -20.50, commission 1.50.
        assertPnl(rows.get(2), 7002, "2024-03-04 10:00:00", 1, "-20.500000", "1.500000", "-22.000000");
        assertEquals(2, rows.get(2).get("tenant_id").asInt());
    }

    private static void assertRow(
        final JsonNode row, final int instrumentId, final String date, final long fills, final String quantity,
        final String vwap)
    {
        assertEquals(instrumentId, row.get("instrument_id").asInt());
        assertEquals(date, row.get("trade_date").asText());
        assertEquals(fills, row.get("fills").asLong());
        assertDecimal(quantity, row.get("lots"));
        assertDecimal(vwap, row.get("vwap"));
    }

    private static void assertSlippage(
        final JsonNode row, final int strategyId, final int instrumentId, final long fills, final String slippage)
    {
        assertEquals(strategyId, row.get("strategy_id").asInt());
        assertEquals(instrumentId, row.get("instrument_id").asInt());
        assertEquals(fills, row.get("fills").asLong());
        assertDecimal(slippage, row.get("slippage"));
    }

    private static void assertPnl(
        final JsonNode row, final long accountId, final String hour, final long fills, final String realized,
        final String commission, final String net)
    {
        assertEquals(accountId, row.get("account_id").asLong());
        assertEquals(hour, row.get("hour_start").asText());
        assertEquals(fills, row.get("fills").asLong());
        assertDecimal(realized, row.get("realized"));
        assertDecimal(commission, row.get("commissions"));
        assertDecimal(net, row.get("net"));
    }

    /** Exactly, scale included: the value came through as a decimal, never as a double. */
    private static void assertDecimal(final String expected, final JsonNode actual)
    {
        assertEquals(new BigDecimal(expected), new BigDecimal(actual.asText()), () -> "got " + actual);
    }
}
