package io.tradingcore.projections.postgres;

import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.ExecutionReportDecoder;
import io.tradingcore.codec.KillScope;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.EventScript;

/**
 * A realistic stretch of the core's streams in two batches, with the figures the tests check. Tenant 1 (account 100)
 * buys 2 lots of EURUSD in two fills, one of them in the second batch (its order accepted in the first), sells half a
 * lot at a profit, places and cancels another order and gets a risk alert; one of its orders is refused by risk.
 * Tenant 2 (account 200) has an order the venue rejects and a kill switch. Ticks and a rejected input are the
 * platform's (tenant 0).
 * The last account state falls on the next day.
 */
final class TradingDay
{
    static final int ALPHA = 1;
    static final int BETA = 2;
    static final long ACCOUNT_A = 100;
    static final long ACCOUNT_B = 200;
    static final int EURUSD = 1;
    static final int XAUUSD = 2;
    static final long LOT = 10_000;
    static final long USD = 1_000_000;
    static final long DAY_NS = 86_400_000_000_000L;

    final EventScript script;
    final EventBatch first = new EventBatch();
    final EventBatch second = new EventBatch();
    /** Where in the second batch the fill of order 1's remaining 1.5 lots is: what a CHECK (quantity < 1) refuses. */
    int bigFill;

    TradingDay()
    {
        script = new EventScript(first);
        writeFirst();
        first.checkpoint(script.checkpoint());
        script.into(second);
        writeSecond();
        second.checkpoint(script.checkpoint());
    }

    private void writeFirst()
    {
        script.defineTenant(ALPHA, "alpha").defineTenant(BETA, "beta")
            .defineInstrument(EURUSD, "EURUSD", 5, 100_000, 1).defineInstrument(XAUUSD, "XAUUSD", 2, 100, 1)
            .fundAccount(ALPHA, ACCOUNT_A, "USD", 100_000 * USD, 100)
            .fundAccount(BETA, ACCOUNT_B, "EUR", 50_000 * USD, 50)
            .tick(EURUSD, 110_250, 110_252)
            .tick(XAUUSD, 230_050, 230_080);
        // order 1: 2 lots EURUSD at 1.10260, working, half a lot filled at 1.10255
        script.newOrder(1, ALPHA, ACCOUNT_A, EURUSD, Side.BUY, 2 * LOT, 110_260)
            .orderAccepted(1, 1, ALPHA, ACCOUNT_A, EURUSD, Side.BUY, 2 * LOT, 110_260)
            .orderRouted(1, 1, ALPHA, ACCOUNT_A, EURUSD, RouteAction.NEW, Side.BUY, 2 * LOT, 110_260)
            .venueReport(1)
            .statusChanged(1, 1, ALPHA, ACCOUNT_A, OrderStatus.WORKING, 2 * LOT, 110_260)
            .venueReport(1)
            .fill(1, 1, ALPHA, ACCOUNT_A, EURUSD, Side.BUY, LOT / 2, 110_255, 3 * LOT / 2, 2_500_000, 0)
            .positionUpdate(ALPHA, ACCOUNT_A, EURUSD, LOT / 2, 110_255, 0, -2_500_000)
            .accountState(ALPHA, ACCOUNT_A, 99_997_500_000L, 99_995_000_000L, 0, -2_500_000, 551_275_000, 1);
        // order of client 2 refused by risk before the engine accepted it
        script.newOrder(2, ALPHA, ACCOUNT_A, XAUUSD, Side.SELL, LOT, 230_050)
            .orderRejected(0, 2, ALPHA, ACCOUNT_A, RejectReason.MAX_POSITION, "position would exceed 5 lots");
        // order 2 of tenant beta: accepted, then refused by the venue
        script.newOrder(3, BETA, ACCOUNT_B, XAUUSD, Side.BUY, LOT, 230_080)
            .orderAccepted(2, 3, BETA, ACCOUNT_B, XAUUSD, Side.BUY, LOT, 230_080)
            .orderRouted(2, 3, BETA, ACCOUNT_B, XAUUSD, RouteAction.NEW, Side.BUY, LOT, 230_080)
            .venueReport(2)
            .orderRejected(2, 3, BETA, ACCOUNT_B, RejectReason.VENUE_REJECTED, "venue rejected with code 10019");
    }

    private void writeSecond()
    {
        // order 1's remaining 1.5 lots at 1.10265: the order was accepted by the first batch
        script.venueReport(1)
            .fill(1, 1, ALPHA, ACCOUNT_A, EURUSD, Side.BUY, 3 * LOT / 2, 110_265, 0, 7_500_000, 0);
        bigFill = script.lastIndex();
        script.positionUpdate(ALPHA, ACCOUNT_A, EURUSD, 2 * LOT, 110_262, 0, -5_000_000)
            .accountState(ALPHA, ACCOUNT_A, 99_990_000_000L, 99_985_250_000L, 0, -4_750_000, 2_205_250_000L, 0);
        // order 3: a sell that works and is cancelled
        script.newOrder(4, ALPHA, ACCOUNT_A, EURUSD, Side.SELL, LOT, 110_300)
            .orderAccepted(3, 4, ALPHA, ACCOUNT_A, EURUSD, Side.SELL, LOT, 110_300)
            .orderRouted(3, 4, ALPHA, ACCOUNT_A, EURUSD, RouteAction.NEW, Side.SELL, LOT, 110_300)
            .venueReport(3)
            .statusChanged(3, 4, ALPHA, ACCOUNT_A, OrderStatus.WORKING, LOT, 110_300)
            .cancelOrder(4, ALPHA, ACCOUNT_A)
            .orderRouted(3, 4, ALPHA, ACCOUNT_A, EURUSD, RouteAction.CANCEL, Side.SELL, LOT, 110_300)
            .venueReport(3)
            .statusChanged(3, 4, ALPHA, ACCOUNT_A, OrderStatus.CANCELLED, 0, 110_300);
        // order 4: sells half a lot at 1.10300, realizing 19 USD
        script.newOrder(5, ALPHA, ACCOUNT_A, EURUSD, Side.SELL, LOT / 2, 110_300)
            .orderAccepted(4, 5, ALPHA, ACCOUNT_A, EURUSD, Side.SELL, LOT / 2, 110_300)
            .orderRouted(4, 5, ALPHA, ACCOUNT_A, EURUSD, RouteAction.NEW, Side.SELL, LOT / 2, 110_300)
            .venueReport(4)
            .fill(4, 5, ALPHA, ACCOUNT_A, EURUSD, Side.SELL, LOT / 2, 110_300, 0, 2_500_000, 19_000_000)
            .positionUpdate(ALPHA, ACCOUNT_A, EURUSD, 3 * LOT / 2, 110_262, 19_000_000, -4_500_000)
            .accountState(ALPHA, ACCOUNT_A, 100_006_500_000L, 100_004_000_000L, 19_000_000, -2_500_000,
                1_653_930_000, 0);
        script.tick(EURUSD, 110_200, 110_202)
            .riskAlert(ALPHA, ACCOUNT_A, AlertKind.DAILY_LOSS_LIMIT, 1_000 * USD, 500 * USD, "daily loss 1000.00");
        script.killSwitch(KillScope.ACCOUNT, BETA, ACCOUNT_B, true, "operator: stop beta's account")
            .killSwitchEngaged(KillScope.ACCOUNT, BETA, ACCOUNT_B, 0, "operator: stop beta's account");
        script.venueReport(99)
            .inputRejected(ExecutionReportDecoder.TEMPLATE_ID, RejectReason.UNKNOWN_ORDER, "ACCEPTED for order 99");
        script.advanceNs(DAY_NS).tick(EURUSD, 110_300, 110_302)
            .accountState(ALPHA, ACCOUNT_A, 100_006_500_000L, 100_010_000_000L, 19_000_000, 3_500_000,
                1_653_930_000, 0);
    }
}
