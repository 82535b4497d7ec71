package io.tradingcore.engine;

import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.InstrumentSpec;
import org.junit.jupiter.api.Test;

import static io.tradingcore.engine.EngineFixture.ACCOUNT;
import static io.tradingcore.engine.EngineFixture.EURUSD;
import static io.tradingcore.engine.EngineFixture.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Positions and P&L in fixed point, for instruments of 2, 3 and 5 digits. */
class PositionPnlTest
{
    private static final long LOT = 10_000;

    private final EngineFixture fixture = new EngineFixture();
    private long clientId = 1;

    private void trade(final int instrumentId, final Side side, final long quantity, final long price)
    {
        fixture.send(fixture.inputs.newOrder(fixture.buffer, 0, clientId++, TENANT, ACCOUNT, instrumentId, side,
            OrderType.MARKET, TimeInForce.IOC, quantity, 0, 0, 0));
        assertEquals(RejectReason.NONE, fixture.lastOrderRejectReason());
        fixture.report(fixture.lastRoutedOrderId(), ExecType.FILL, quantity, price);
    }

    private EngineStateReport.PositionLine position(final int instrumentId)
    {
        return fixture.engine.report().positions().stream().filter(p -> p.instrumentId() == instrumentId)
            .findFirst().orElseThrow();
    }

    @Test
    void fiveDigitRoundTrip()
    {
        fixture.tick(EURUSD, 139_147, 139_149);
        trade(EURUSD, Side.BUY, LOT, 139_149);
        trade(EURUSD, Side.SELL, LOT, 139_249);
        assertEquals(100_000_000L, position(EURUSD).realizedPnl(), "100 points on 1 lot = 100.00 USD");
        assertEquals(100_100_000_000L, fixture.engine.report().accounts().get(0).balance());
    }

    @Test
    void partialClosesReleaseCostWithoutDrift()
    {
        fixture.tick(EURUSD, 139_147, 139_149);
        trade(EURUSD, Side.BUY, LOT, 139_149);
        trade(EURUSD, Side.BUY, 2 * LOT, 139_150);
        assertEquals(139_150, position(EURUSD).averagePrice(), "1.3914967 rounds half-even to 1.39150");
        trade(EURUSD, Side.SELL, LOT, 139_160);
        assertEquals(10_333_300L, position(EURUSD).realizedPnl(), "10.3333 USD on the first lot closed");
        trade(EURUSD, Side.SELL, 2 * LOT, 139_160);
        assertEquals(31_000_000L, position(EURUSD).realizedPnl(), "11 + 2 x 10 points, exactly, after rounding");
        assertEquals(0, position(EURUSD).netQuantity());
    }

    @Test
    void flipFromLongToShort()
    {
        fixture.tick(EURUSD, 139_147, 139_149);
        trade(EURUSD, Side.BUY, LOT, 139_100);
        trade(EURUSD, Side.SELL, 3 * LOT, 139_200);
        final EngineStateReport.PositionLine line = position(EURUSD);
        assertEquals(-2 * LOT, line.netQuantity());
        assertEquals(139_200, line.averagePrice());
        assertEquals(100_000_000L, line.realizedPnl());
        fixture.tick(EURUSD, 139_100, 139_150);
        assertEquals(100_000_000L, position(EURUSD).unrealizedPnl(), "short 2 lots marked at the ask 1.39150");
    }

    @Test
    void threeDigitGold()
    {
        fixture.define(new InstrumentSpec(EngineFixture.XAUUSD, "XAUUSD", 3, 100, 1, 100, 1_000_000, 100, "USD"));
        fixture.tick(EngineFixture.XAUUSD, 1_290_330, 1_290_660);
        trade(EngineFixture.XAUUSD, Side.BUY, LOT / 2, 1_290_660);
        trade(EngineFixture.XAUUSD, Side.SELL, LOT / 2, 1_291_000);
        assertEquals(17_000_000L, position(EngineFixture.XAUUSD).realizedPnl(), "0.340 x 50 oz = 17.00 USD");
    }

    @Test
    void twoDigitIndexWithLossAndRounding()
    {
        fixture.define(new InstrumentSpec(3, "US30", 2, 1, 1, 100, 1_000_000, 100, "USD"));
        fixture.tick(3, 3_300_000, 3_300_025);
        trade(3, Side.BUY, 300, 3_300_025);
        trade(3, Side.SELL, 300, 3_299_990);
        assertEquals(-10_500L, position(3).realizedPnl(), "0.03 contracts x -0.35 = -0.0105 USD");
    }

    @Test
    void commissionReducesBalance()
    {
        fixture.tick(EURUSD, 139_147, 139_149);
        fixture.order(1, Side.BUY, OrderType.MARKET, LOT, 0);
        fixture.send(fixture.inputs.executionReport(fixture.buffer, 0, fixture.lastRoutedOrderId(), ExecType.FILL, 1,
            2, LOT, 139_149, 3_500_000, 0, ""));
        final EngineStateReport.AccountLine account = fixture.engine.report().accounts().get(0);
        assertEquals(100_000_000_000L - 3_500_000, account.balance());
        assertEquals(3_500_000, account.commission());
    }
}
