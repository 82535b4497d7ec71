package io.tradingcore.engine;

import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderStatusChangedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.PositionUpdateDecoder;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.tradingcore.engine.EngineFixture.ACCOUNT;
import static io.tradingcore.engine.EngineFixture.EURUSD;
import static io.tradingcore.engine.EngineFixture.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Every legal transition of an order, and illegal ones answered with a reject, never an exception. */
class OrderStateMachineTest
{
    private static final long LOT = 10_000;
    private EngineFixture fixture;

    @BeforeEach
    void setUp()
    {
        fixture = new EngineFixture();
        fixture.tick(EURUSD, 139_147, 139_149);
    }

    private long placeLimit(final long clientOrderId)
    {
        fixture.order(clientOrderId, Side.BUY, OrderType.LIMIT, 2 * LOT, 139_100);
        assertEquals(List.of(50, 52), fixture.lastTemplates(), "accepted then routed");
        return fixture.lastRoutedOrderId();
    }

    private OrderStatus lastStatus()
    {
        final OrderStatusChangedDecoder status = fixture.lastOf(OrderStatusChangedDecoder.TEMPLATE_ID,
            (b, h) -> new OrderStatusChangedDecoder().wrapAndApplyHeader(b, 0, h));
        return status == null ? null : status.status();
    }

    private RejectReason lastInputRejectReason()
    {
        final InputRejectedDecoder reject = fixture.lastInputReject();
        return reject == null ? RejectReason.NONE : reject.reason();
    }

    private String orderStatusInReport(final long orderId)
    {
        return fixture.engine.report().openOrders().stream().filter(o -> o.orderId() == orderId)
            .map(line -> line.status().name()).findFirst().orElse("GONE");
    }

    @Test
    void pendingNewToWorkingToPartiallyFilledToFilled()
    {
        final long orderId = placeLimit(1);
        assertEquals("PENDING_NEW", orderStatusInReport(orderId));
        fixture.report(orderId, ExecType.ACCEPTED, 0, 0);
        assertEquals(OrderStatus.WORKING, lastStatus());
        fixture.report(orderId, ExecType.PARTIAL_FILL, LOT / 2, 139_100);
        assertEquals("PARTIALLY_FILLED", orderStatusInReport(orderId));
        fixture.report(orderId, ExecType.FILL, LOT + LOT / 2, 139_100);
        final FillDecoder fill = fixture.lastOf(FillDecoder.TEMPLATE_ID, (b, h) -> new FillDecoder().wrapAndApplyHeader(
            b, 0, h));
        assertEquals(0, fill.leavesQuantity());
        assertEquals("GONE", orderStatusInReport(orderId));
        final PositionUpdateDecoder position = fixture.lastOf(PositionUpdateDecoder.TEMPLATE_ID,
            (b, h) -> new PositionUpdateDecoder().wrapAndApplyHeader(b, 0, h));
        assertEquals(2 * LOT, position.netQuantity());
        assertEquals(139_100, position.averagePrice());
    }

    @Test
    void fillWithoutAcknowledgement()
    {
        final long orderId = placeLimit(1);
        fixture.report(orderId, ExecType.FILL, 2 * LOT, 139_100);
        assertEquals(RejectReason.NONE, lastInputRejectReason());
        assertEquals("GONE", orderStatusInReport(orderId));
    }

    @Test
    void cancelRequestedThenConfirmed()
    {
        final long orderId = placeLimit(1);
        fixture.report(orderId, ExecType.ACCEPTED, 0, 0);
        fixture.send(fixture.inputs.cancelOrder(fixture.buffer, 0, 1, TENANT, ACCOUNT));
        final OrderRoutedDecoder routed = fixture.lastOf(OrderRoutedDecoder.TEMPLATE_ID,
            (b, h) -> new OrderRoutedDecoder().wrapAndApplyHeader(b, 0, h));
        assertEquals(RouteAction.CANCEL, routed.action());
        assertEquals("PENDING_CANCEL", orderStatusInReport(orderId));
        fixture.report(orderId, ExecType.CANCELLED, 0, 0);
        assertEquals(OrderStatus.CANCELLED, lastStatus());
        assertEquals(0, fixture.engine.report().accounts().get(0).openOrders());
    }

    @Test
    void cancelRefusedByVenueReturnsToWorking()
    {
        final long orderId = placeLimit(1);
        fixture.report(orderId, ExecType.ACCEPTED, 0, 0);
        fixture.send(fixture.inputs.cancelOrder(fixture.buffer, 0, 1, TENANT, ACCOUNT));
        fixture.send(fixture.inputs.executionReport(fixture.buffer, 0, orderId, ExecType.REJECTED, 0, 0, 0, 0, 0,
            10_013, "invalid request"));
        final OrderRejectedDecoder reject = fixture.lastOrderReject();
        assertEquals(RejectReason.VENUE_REJECTED, reject.reason());
        assertEquals(10_013, reject.venueCode());
        assertEquals("venue rejected with code 10013: invalid request", reject.text());
        assertEquals("WORKING", orderStatusInReport(orderId));
    }

    @Test
    void modifyAcknowledgedAppliesNewValues()
    {
        final long orderId = placeLimit(1);
        fixture.report(orderId, ExecType.ACCEPTED, 0, 0);
        fixture.send(fixture.inputs.modifyOrder(fixture.buffer, 0, 1, TENANT, ACCOUNT, 3 * LOT, 139_050, 0));
        assertEquals("PENDING_MODIFY", orderStatusInReport(orderId));
        fixture.report(orderId, ExecType.ACCEPTED, 0, 0);
        final EngineStateReport.OrderLine line = fixture.engine.report().openOrders().get(0);
        assertEquals(io.tradingcore.codec.OrderStatus.WORKING, line.status());
        assertEquals(3 * LOT, line.quantity());
        assertEquals(139_050, line.price());
    }

    @Test
    void venueRejectsNewOrderAndExpiresAnother()
    {
        final long first = placeLimit(1);
        fixture.send(fixture.inputs.executionReport(fixture.buffer, 0, first, ExecType.REJECTED, 0, 0, 0, 0, 0,
            10_019, "no money"));
        assertEquals(RejectReason.VENUE_REJECTED, fixture.lastOrderRejectReason());
        assertEquals("GONE", orderStatusInReport(first));

        final long second = placeLimit(2);
        fixture.report(second, ExecType.ACCEPTED, 0, 0);
        fixture.report(second, ExecType.EXPIRED, 0, 0);
        assertEquals(OrderStatus.EXPIRED, lastStatus());
    }

    @Test
    void anotherFillOfAFilledOrderIsRejected()
    {
        final long orderId = placeLimit(1);
        fixture.report(orderId, ExecType.FILL, 2 * LOT, 139_100);
        fixture.report(orderId, ExecType.FILL, LOT, 139_100);
        assertEquals(RejectReason.ILLEGAL_TRANSITION, lastInputRejectReason());
        assertNull(fixture.lastOf(FillDecoder.TEMPLATE_ID, (b, h) -> h));
    }

    @Test
    void overfillIsRejected()
    {
        final long orderId = placeLimit(1);
        fixture.report(orderId, ExecType.FILL, 3 * LOT, 139_100);
        assertEquals(RejectReason.OVERFILL, lastInputRejectReason());
        assertEquals("PENDING_NEW", orderStatusInReport(orderId));
    }

    @Test
    void unknownOrderIsRejected()
    {
        fixture.report(999, ExecType.FILL, LOT, 139_100);
        assertEquals(RejectReason.UNKNOWN_ORDER, lastInputRejectReason());
        fixture.send(fixture.inputs.cancelOrder(fixture.buffer, 0, 424242, TENANT, ACCOUNT));
        assertEquals(RejectReason.UNKNOWN_ORDER, fixture.lastOrderRejectReason());
    }

    @Test
    void duplicateAcknowledgementAndDoubleCancelAreRejected()
    {
        final long orderId = placeLimit(1);
        fixture.report(orderId, ExecType.ACCEPTED, 0, 0);
        fixture.report(orderId, ExecType.ACCEPTED, 0, 0);
        assertEquals(RejectReason.ILLEGAL_TRANSITION, lastInputRejectReason());
        fixture.send(fixture.inputs.cancelOrder(fixture.buffer, 0, 1, TENANT, ACCOUNT));
        fixture.send(fixture.inputs.cancelOrder(fixture.buffer, 0, 1, TENANT, ACCOUNT));
        assertEquals(RejectReason.ILLEGAL_TRANSITION, fixture.lastOrderRejectReason());
    }

    @Test
    void modifyWhilePendingNewIsRejected()
    {
        placeLimit(1);
        fixture.send(fixture.inputs.modifyOrder(fixture.buffer, 0, 1, TENANT, ACCOUNT, LOT, 139_000, 0));
        assertEquals(RejectReason.ILLEGAL_TRANSITION, fixture.lastOrderRejectReason());
    }

    @Test
    void reusedClientOrderIdIsRejectedEvenAfterTheOrderEnded()
    {
        final long orderId = placeLimit(7);
        fixture.report(orderId, ExecType.FILL, 2 * LOT, 139_100);
        fixture.order(7, Side.BUY, OrderType.MARKET, LOT, 0);
        assertEquals(RejectReason.DUPLICATE_ORDER_ID, fixture.lastOrderRejectReason());
        assertNotNull(fixture.lastOrderReject());
    }
}
