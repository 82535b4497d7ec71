package io.tradingcore.engine;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.codec.Side;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.tradingcore.engine.EngineFixture.EURUSD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker's truth wins: a fill for an order the engine already saw end (cancelled, expired, rejected by the venue)
 * is booked as the broker executed it, with a LATE_FILL alert naming the order.
 */
class LateFillTest
{
    private static final long LOT = 10_000;
    private EngineFixture fixture;

    @BeforeEach
    void setUp()
    {
        fixture = new EngineFixture();
        fixture.tick(EURUSD, 139_147, 139_149);
    }

    private long placeLimit(final long clientOrderId, final Side side)
    {
        fixture.order(clientOrderId, side, OrderType.LIMIT, 2 * LOT, 139_100);
        return fixture.lastRoutedOrderId();
    }

    private long netPosition()
    {
        return fixture.engine.report().positions().stream().mapToLong(EngineStateReport.PositionLine::netQuantity)
            .sum();
    }

    @ParameterizedTest
    @EnumSource(value = ExecType.class, names = {"CANCELLED", "EXPIRED", "REJECTED"})
    void aFillAfterTheOrderEndedIsBookedWithAnAlert(final ExecType end)
    {
        final long orderId = placeLimit(1, Side.BUY);
        if (end == ExecType.CANCELLED || end == ExecType.EXPIRED)
        {
            fixture.report(orderId, ExecType.ACCEPTED, 0, 0);
        }
        fixture.report(orderId, end, 0, 0);
        assertEquals(0, netPosition());

        fixture.report(orderId, ExecType.FILL, LOT, 139_100);

        final FillDecoder fill = fixture.lastOf(FillDecoder.TEMPLATE_ID,
            (b, h) -> new FillDecoder().wrapAndApplyHeader(b, 0, h));
        assertNotNull(fill, "the late fill is an ordinary Fill event");
        assertEquals(orderId, fill.orderId());
        assertEquals(LOT, fill.quantity());
        assertEquals(0, fill.leavesQuantity(), "nothing of an ended order is open at the venue");
        assertEquals(LOT, netPosition(), "the position is the broker's");
        final RiskAlertDecoder alert = fixture.lastOf(RiskAlertDecoder.TEMPLATE_ID,
            (b, h) -> new RiskAlertDecoder().wrapAndApplyHeader(b, 0, h));
        assertEquals(AlertKind.LATE_FILL, alert.kind());
        assertEquals(orderId, alert.value());
        final String text = alert.text();
        assertTrue(text.contains("order " + orderId) && text.contains(end == ExecType.REJECTED ? "REJECTED" :
            end == ExecType.CANCELLED ? "CANCELLED" : "EXPIRED"), text);
        assertNotNull(fixture.lastOf(AccountStateDecoder.TEMPLATE_ID, (b, h) -> h), "margin and equity move with it");
    }

    @Test
    void lateFillsNeverExceedTheOrdersQuantity()
    {
        final long orderId = placeLimit(1, Side.SELL);
        fixture.report(orderId, ExecType.PARTIAL_FILL, LOT / 2, 139_100);
        fixture.report(orderId, ExecType.CANCELLED, 0, 0);
        fixture.report(orderId, ExecType.PARTIAL_FILL, LOT, 139_100);
        assertEquals(-(LOT / 2 + LOT), netPosition());
        fixture.report(orderId, ExecType.FILL, LOT, 139_100);
        final InputRejectedDecoder reject = fixture.lastInputReject();
        assertEquals(RejectReason.OVERFILL, reject.reason(), "only half a lot of the two was left unfilled");
        assertEquals(-(LOT / 2 + LOT), netPosition());
        fixture.report(orderId, ExecType.FILL, LOT / 2, 139_100);
        assertEquals(-2 * LOT, netPosition());
    }

    @Test
    void aRestoredEngineStillBooksALateFill()
    {
        final long orderId = placeLimit(1, Side.BUY);
        fixture.report(orderId, ExecType.CANCELLED, 0, 0);
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(4096);
        final EngineFixture restored =
            EngineFixture.restoredFrom(fixture, snapshot, EngineSnapshot.write(fixture.engine, snapshot));
        assertEquals(fixture.engine.stateHash(), restored.engine.stateHash());

        restored.report(orderId, ExecType.FILL, LOT, 139_100);
        fixture.report(orderId, ExecType.FILL, LOT, 139_100);
        assertEquals(LOT, restored.engine.report().positions().get(0).netQuantity());
        assertEquals(fixture.engine.stateHash(), restored.engine.stateHash());
    }
}
