package io.tradingcore.engine;

import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.KillScope;
import io.tradingcore.codec.KillSwitchEngagedDecoder;
import io.tradingcore.codec.LimitScope;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.codec.Side;
import io.tradingcore.messages.RiskLimitValues;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.tradingcore.engine.EngineFixture.ACCOUNT;
import static io.tradingcore.engine.EngineFixture.EURUSD;
import static io.tradingcore.engine.EngineFixture.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each pre-trade rule: an order that passes and one that fails with the rule's reason. */
class PreTradeRiskTest
{
    private static final long LOT = 10_000;
    private static final long BID = 139_147;
    private static final long ASK = 139_149;

    private EngineFixture fixture;
    private long nextClientId = 1;

    @BeforeEach
    void setUp()
    {
        fixture = new EngineFixture();
        fixture.tick(EURUSD, BID, ASK);
    }

    private RejectReason buy(final long quantity)
    {
        fixture.order(nextClientId++, Side.BUY, OrderType.MARKET, quantity, 0);
        return fixture.lastOrderRejectReason();
    }

    private RejectReason buyLimit(final long quantity, final long price)
    {
        fixture.order(nextClientId++, Side.BUY, OrderType.LIMIT, quantity, price);
        return fixture.lastOrderRejectReason();
    }

    private static RiskLimitValues limits(
        final long maxOrderQuantity, final long maxPosition, final long maxGrossExposure, final int maxOpenOrders,
        final int maxOrdersPerSecond, final int priceBandBps, final int staleMarketMs, final long dailyLossLimit)
    {
        return new RiskLimitValues(maxOrderQuantity, maxPosition, maxGrossExposure, maxOpenOrders, maxOrdersPerSecond,
            priceBandBps, staleMarketMs, dailyLossLimit);
    }

    @Test
    void maxOrderQuantity()
    {
        fixture.limits(limits(LOT, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(RejectReason.NONE, buy(LOT));
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, buy(2 * LOT));
        assertEquals("quantity 2.0000 exceeds max order quantity 1.0000", fixture.lastOrderReject().text());
    }

    @Test
    void maxPositionCountsOpenOrders()
    {
        fixture.limits(limits(0, LOT, 0, 0, 0, 0, 0, 0));
        assertEquals(RejectReason.NONE, buy(LOT));
        assertEquals(RejectReason.MAX_POSITION, buy(LOT / 2));
        assertEquals(RejectReason.NONE, sell(LOT), "a sell keeps the worst case within the limit");
    }

    private RejectReason sell(final long quantity)
    {
        fixture.order(nextClientId++, Side.SELL, OrderType.MARKET, quantity, 0);
        return fixture.lastOrderRejectReason();
    }

    @Test
    void maxGrossExposure()
    {
        fixture.limits(limits(0, 0, 150_000_000_000L, 0, 0, 0, 0, 0));
        assertEquals(RejectReason.NONE, buy(LOT));
        fixture.report(fixture.lastRoutedOrderId(), ExecType.FILL, LOT, ASK);
        assertEquals(RejectReason.MAX_GROSS_EXPOSURE, buy(LOT));
        assertEquals(RejectReason.NONE, sell(LOT), "reducing orders are not held back by exposure");
    }

    @Test
    void maxOpenOrdersPerAccountAndTenant()
    {
        fixture.limits(limits(0, 0, 0, 1, 0, 0, 0, 0));
        assertEquals(RejectReason.NONE, buyLimit(LOT, 139_100));
        assertEquals(RejectReason.MAX_OPEN_ORDERS, buyLimit(LOT, 139_100));

        final EngineFixture tenantFixture = new EngineFixture();
        tenantFixture.tick(EURUSD, BID, ASK);
        tenantFixture.send(tenantFixture.inputs.setRiskLimits(tenantFixture.buffer, 0, LimitScope.TENANT, TENANT, 0,
            limits(0, 0, 0, 1, 0, 0, 0, 0)));
        tenantFixture.order(1, Side.BUY, OrderType.LIMIT, LOT, 139_100);
        assertEquals(RejectReason.NONE, tenantFixture.lastOrderRejectReason());
        tenantFixture.order(2, Side.BUY, OrderType.LIMIT, LOT, 139_100);
        assertEquals(RejectReason.MAX_OPEN_ORDERS, tenantFixture.lastOrderRejectReason());
    }

    @Test
    void orderRatePerSecondOfEngineTime()
    {
        fixture.limits(limits(0, 0, 0, 0, 2, 0, 0, 0));
        assertEquals(RejectReason.NONE, buy(LOT));
        fixture.advanceMs(100);
        assertEquals(RejectReason.NONE, buy(LOT));
        fixture.advanceMs(100);
        assertEquals(RejectReason.ORDER_RATE, buy(LOT));
        fixture.advanceMs(900);
        fixture.tick(EURUSD, BID, ASK);
        assertEquals(RejectReason.NONE, buy(LOT), "the first order left the one-second window");
    }

    @Test
    void priceBandAroundLastTick()
    {
        fixture.limits(limits(0, 0, 0, 0, 0, 100, 0, 0));
        assertEquals(RejectReason.NONE, buyLimit(LOT, 138_500));
        assertEquals(RejectReason.PRICE_BAND, buyLimit(LOT, 137_000));
        assertTrue(fixture.lastOrderReject().text().contains("100 bps"));
    }

    @Test
    void staleMarketGuard()
    {
        fixture.limits(limits(0, 0, 0, 0, 0, 0, 500, 0));
        fixture.advanceMs(100);
        assertEquals(RejectReason.NONE, buy(LOT));
        fixture.advanceMs(600);
        assertEquals(RejectReason.STALE_MARKET, buy(LOT));
    }

    @Test
    void noQuoteYet()
    {
        final EngineFixture fresh = new EngineFixture();
        fresh.order(1, Side.BUY, OrderType.MARKET, LOT, 0);
        assertEquals(RejectReason.NO_MARKET, fresh.lastOrderRejectReason());
    }

    @Test
    void dailyLossLimitEngagesTheKillSwitch()
    {
        fixture.limits(limits(0, 0, 0, 0, 0, 0, 0, 100_000_000L));
        assertEquals(RejectReason.NONE, buy(LOT));
        fixture.report(fixture.lastRoutedOrderId(), ExecType.FILL, LOT, ASK);
        assertEquals(RejectReason.NONE, buyLimit(LOT, 139_000));
        fixture.tick(EURUSD, 139_100, 139_102);
        assertTrue(fixture.lastTemplates().isEmpty(), "a loss of 49 USD stays under the 100 USD limit");

        fixture.tick(EURUSD, 139_040, 139_042);
        final RiskAlertDecoder alert = fixture.lastOf(RiskAlertDecoder.TEMPLATE_ID,
            (b, h) -> new RiskAlertDecoder().wrapAndApplyHeader(b, 0, h));
        assertEquals(109_000_000L, alert.value(), "1 lot x 109 points x 100,000 = 109 USD");
        final KillSwitchEngagedDecoder kill = fixture.lastOf(KillSwitchEngagedDecoder.TEMPLATE_ID,
            (b, h) -> new KillSwitchEngagedDecoder().wrapAndApplyHeader(b, 0, h));
        assertEquals(1, kill.cancelledOrders(), "the resting limit order is cancelled");
        assertEquals(RejectReason.KILL_SWITCH, buy(LOT));
    }

    @Test
    void haltedAccount()
    {
        fixture.send(fixture.inputs.haltAccount(fixture.buffer, 0, TENANT, ACCOUNT, true));
        assertEquals(RejectReason.ACCOUNT_HALTED, buy(LOT));
        fixture.send(fixture.inputs.haltAccount(fixture.buffer, 0, TENANT, ACCOUNT, false));
        assertEquals(RejectReason.NONE, buy(LOT));
    }

    @Test
    void adminKillSwitch()
    {
        fixture.send(fixture.inputs.killSwitch(fixture.buffer, 0, KillScope.ALL, 0, 0, true, "test"));
        assertEquals(RejectReason.KILL_SWITCH, buy(LOT));
        fixture.send(fixture.inputs.killSwitch(fixture.buffer, 0, KillScope.ALL, 0, 0, false, "test over"));
        assertEquals(RejectReason.NONE, buy(LOT));
        fixture.send(fixture.inputs.killSwitch(fixture.buffer, 0, KillScope.TENANT, TENANT, 0, true, "tenant"));
        assertEquals(RejectReason.KILL_SWITCH, buy(LOT));
    }

    @Test
    void insufficientMargin()
    {
        fixture.send(fixture.inputs.accountUpdate(fixture.buffer, 0, TENANT, ACCOUNT, "USD", 2_000_000_000L, 100));
        assertEquals(RejectReason.NONE, buy(LOT), "1 lot needs 1,391.49 USD at 1:100");
        assertEquals(RejectReason.INSUFFICIENT_MARGIN, buy(2 * LOT));
    }

    @Test
    void acceptedOrderCarriesItsFields()
    {
        buyLimit(LOT, 139_100);
        final OrderAcceptedDecoder accepted = fixture.lastOf(OrderAcceptedDecoder.TEMPLATE_ID,
            (b, h) -> new OrderAcceptedDecoder().wrapAndApplyHeader(b, 0, h));
        assertEquals(139_100, accepted.price());
        assertEquals(LOT, accepted.quantity());
        assertEquals(fixture.sequence, accepted.inputSequence());
    }
}
