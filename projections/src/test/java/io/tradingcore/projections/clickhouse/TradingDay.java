package io.tradingcore.projections.clickhouse;

import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.SbeTestEvents;
import io.tradingcore.projections.SbeTestEvents.Order;

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

    static final Order ORDER_1001 = new Order(1001, 501, 1, 7001, EURUSD, Side.BUY, OrderType.MARKET, 10_000, 0, 0,
        11);
    static final Order ORDER_1002 = new Order(1002, 502, 1, 7001, EURUSD, Side.SELL, OrderType.LIMIT, 10_000, 108_620,
        0, 12);
    static final Order ORDER_1003 = new Order(1003, 503, 2, 7002, US500, Side.BUY, OrderType.LIMIT, 20_000, 510_150,
        0, 11);
    static final Order REFUSED = new Order(0, 504, 2, 7002, US500, Side.BUY, OrderType.LIMIT, 5_000_000, 510_150, 0,
        11);

    static final Checkpoint AFTER_A = new Checkpoint(4, 0, 0);
    static final Checkpoint AFTER_B = new Checkpoint(9, 9, 2);
    static final Checkpoint AFTER_C = new Checkpoint(15, 15, 1);

    private final SbeTestEvents events = new SbeTestEvents();

    static long ms(final long milliseconds)
    {
        return TimeUnit.MILLISECONDS.toNanos(milliseconds);
    }

    EventBatch batchA()
    {
        final EventBatch batch = new EventBatch();
        events.defineInstrument(batch, 1, NINE, EURUSD, "EURUSD", 5);
        events.defineInstrument(batch, 2, NINE, US500, "US500", 2);
        events.tick(batch, 3, NINE + ms(1_000), EURUSD, 108_500, 108_510, 0, 0);
        events.tick(batch, 4, NINE + ms(2_000), US500, 510_000, 510_050, 510_025, 10);
        batch.checkpoint(AFTER_A);
        return batch;
    }

    EventBatch batchB()
    {
        final EventBatch batch = new EventBatch();
        final long accepted = NINE + ms(3_000);
        events.orderAccepted(batch, 5, 1, accepted, ORDER_1001);
        events.orderRouted(batch, 5, 2, accepted, ORDER_1001);
        events.fill(batch, 6, 1, accepted + ms(250), ORDER_1001, 6_000, 108_515, 4_000, 3_000_000, 0);
        events.positionUpdate(batch, 6, 2, accepted + ms(250), ORDER_1001, 6_000, 108_515);
        events.accountState(batch, 6, 3, accepted + ms(250), ORDER_1001, 10_000_000_000L);
        events.fill(batch, 7, 1, accepted + ms(500), ORDER_1001, 4_000, 108_505, 0, 2_000_000, 0);
        events.orderStatusChanged(batch, 7, 2, accepted + ms(500), ORDER_1001, OrderStatus.FILLED, 0, 0);
        events.tick(batch, 8, TEN + ms(1_000), EURUSD, 108_600, 108_610, 0, 0);
        events.orderAccepted(batch, 9, 1, TEN + ms(10_000), ORDER_1002);
        events.orderRouted(batch, 9, 2, TEN + ms(10_000), ORDER_1002);
        batch.checkpoint(AFTER_B);
        return batch;
    }

    EventBatch batchC()
    {
        final EventBatch batch = new EventBatch();
        events.orderStatusChanged(batch, 10, 1, TEN + ms(11_000), ORDER_1002, OrderStatus.WORKING, 10_000, 108_620);
        events.fill(batch, 11, 1, TEN + ms(12_000), ORDER_1002, 10_000, 108_630, 0, 5_000_000, 100_000_000);
        events.tick(batch, 12, TEN + ms(20_000), US500, 510_100, 510_150, 510_100, 30);
        events.orderRejected(batch, 13, 1, TEN + ms(25_000), REFUSED, RejectReason.MAX_POSITION, "too big\tfor\nus");
        events.orderAccepted(batch, 14, 1, TEN + ms(30_000), ORDER_1003);
        events.fill(batch, 15, 1, TEN + ms(31_000), ORDER_1003, 20_000, 510_125, 0, 1_500_000, -20_500_000);
        batch.checkpoint(AFTER_C);
        return batch;
    }
}
