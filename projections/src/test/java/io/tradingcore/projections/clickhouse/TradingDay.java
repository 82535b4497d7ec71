package io.tradingcore.projections.clickhouse;

import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.EventScript;
import io.tradingcore.projections.EventScript.Order;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A morning of trading as the runtime would hand it over in three batches, with numbers small enough to work out by
 * hand (the answers the tests expect are in ClickHouseAnalyticsTest). Two instruments: EURUSD (5 digits, quotes
 * without volume) and US500 (2 digits, trades with volume). Inputs the sink does not want (NewOrder,
 * ExecutionReport) are not in the batches, only the outputs they caused.
 * <pre>
 * A  1 DefineInstrument EURUSD   2 DefineInstrument US500
 *    3 tick EURUSD 1.08500/1.08510   4 tick US500 5100.00/5100.50 last 5100.25 x 10         checkpoint 4, 0/0
 * B  5 order 1001 (account 7001, strategy 11) BUY 1.00 EURUSD MARKET: accepted, routed
 *    6 fill 0.60 at 1.08515 (+250 ms), position, account     7 fill 0.40 at 1.08505 (+500 ms), filled
 *    8 tick EURUSD 1.08600/1.08610 (10:00)
 *    9 order 1002 (account 7001, strategy 12) SELL 1.00 EURUSD LIMIT 1.08620: accepted, routed  checkpoint 9, 9/2
 * C 10 order 1002 working   11 fill 1.00 at 1.08630 (+2 s), realized 100.00
 *   12 tick US500 5101.00/5101.50 last 5101.00 x 30
 *   13 order of account 7002 rejected
 *   14 order 1003 (tenant 2, account 7002, strategy 11) BUY 2.00 US500 LIMIT 5101.50: accepted
 *   15 fill 2.00 at 5101.25 (+1 s), realized -20.50                                          checkpoint 15, 15/1
 * </pre>
 */
final class TradingDay
{
    static final int EURUSD = 1;
    static final int US500 = 2;
    static final long NINE = TimeUnit.SECONDS.toNanos(Instant.parse("2024-03-04T09:00:00Z").getEpochSecond());
    static final long TEN = NINE + TimeUnit.HOURS.toNanos(1);

    static final Order ORDER_1001 = new Order(1001, 501, 1, 7001, EURUSD, Side.BUY, OrderType.MARKET, 10_000, 0, 11);
    static final Order ORDER_1002 = new Order(1002, 502, 1, 7001, EURUSD, Side.SELL, OrderType.LIMIT, 10_000, 108_620,
        12);
    static final Order ORDER_1003 = new Order(1003, 503, 2, 7002, US500, Side.BUY, OrderType.LIMIT, 20_000, 510_150,
        11);
    static final Order REFUSED = new Order(0, 504, 2, 7002, US500, Side.BUY, OrderType.LIMIT, 5_000_000, 510_150, 11);

    static final Checkpoint AFTER_A = new Checkpoint(4, 0, 0);
    static final Checkpoint AFTER_B = new Checkpoint(9, 9, 2);
    static final Checkpoint AFTER_C = new Checkpoint(15, 15, 1);

    static long ms(final long milliseconds)
    {
        return TimeUnit.MILLISECONDS.toNanos(milliseconds);
    }

    EventBatch batchA()
    {
        final EventBatch batch = new EventBatch();
        new EventScript(batch)
            .at(NINE).defineInstrument(EURUSD, "EURUSD", 5, 100_000, 1)
            .at(NINE).defineInstrument(US500, "US500", 2, 100_000, 1)
            .at(NINE + ms(1_000)).tick(EURUSD, 108_500, 108_510)
            .at(NINE + ms(2_000)).tick(US500, 510_000, 510_050, 510_025, 10);
        batch.checkpoint(AFTER_A);
        return batch;
    }

    EventBatch batchB()
    {
        final EventBatch batch = new EventBatch();
        final long accepted = NINE + ms(3_000);
        new EventScript(batch)
            .at(accepted).skipTo(5).orderAccepted(ORDER_1001).orderRouted(ORDER_1001, RouteAction.NEW)
            .at(accepted + ms(250)).skipTo(6).fill(ORDER_1001, 6_000, 108_515, 4_000, 3_000_000, 0)
            .positionUpdate(1, 7001, EURUSD, 6_000, 108_515, 0, 0)
            .accountState(1, 7001, 10_000_000_000L, 10_000_000_000L, 0, 0, 0, 0)
            .at(accepted + ms(500)).skipTo(7).fill(ORDER_1001, 4_000, 108_505, 0, 2_000_000, 0)
            .statusChanged(ORDER_1001, OrderStatus.FILLED, 0, 0)
            .at(TEN + ms(1_000)).tick(EURUSD, 108_600, 108_610)
            .at(TEN + ms(10_000)).skipTo(9).orderAccepted(ORDER_1002).orderRouted(ORDER_1002, RouteAction.NEW);
        batch.checkpoint(AFTER_B);
        return batch;
    }

    EventBatch batchC()
    {
        final EventBatch batch = new EventBatch();
        new EventScript(batch)
            .at(TEN + ms(11_000)).skipTo(10).statusChanged(ORDER_1002, OrderStatus.WORKING, 10_000, 108_620)
            .at(TEN + ms(12_000)).skipTo(11).fill(ORDER_1002, 10_000, 108_630, 0, 5_000_000, 100_000_000)
            .at(TEN + ms(20_000)).tick(US500, 510_100, 510_150, 510_100, 30)
            .at(TEN + ms(25_000)).skipTo(13).orderRejected(REFUSED, RejectReason.MAX_POSITION, "too big\tfor\nus")
            .at(TEN + ms(30_000)).skipTo(14).orderAccepted(ORDER_1003)
            .at(TEN + ms(31_000)).skipTo(15).fill(ORDER_1003, 20_000, 510_125, 0, 1_500_000, -20_500_000);
        batch.checkpoint(AFTER_C);
        return batch;
    }
}
