package io.tradingcore.projections.postgres;

import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.domain.FixedPoint;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One order's row of the orders table while a batch is applied: made by its OrderAccepted, or read from the table
 * when a batch's events name an order an earlier batch accepted, then moved by the batch's events in order. The
 * status follows the engine's own rules (OrderLifecycle), as the events let it be seen: a Fill that leaves nothing
 * open fills the order and comes without an OrderStatusChanged, so does a venue's reject of a new order.
 */
final class OrderState
{
    /** Read from the table, not made by this batch: its row is updated, not inserted. */
    boolean stored;
    int tenantId;
    long orderId;
    long clientOrderId;
    long accountId;
    int instrumentId;
    int strategyId;
    int digits;
    String side;
    String orderType;
    String timeInForce;
    long quantity;
    long price;
    long stopPrice;
    OrderStatus status;
    long leavesQuantity;
    long filledQuantity;
    /** Quantity x price summed over the fills, at scale 4 + digits: exact, however many fills. */
    BigDecimal fillNotional = BigDecimal.ZERO;
    int fillCount;
    String rejectReason;
    long createdInputSequence;
    int createdOutputIndex;
    long createdTimeNs;
    long updatedInputSequence;
    int updatedOutputIndex;
    long updatedTimeNs;

    void updatedBy(final long inputSequence, final int outputIndex, final long timeNs)
    {
        updatedInputSequence = inputSequence;
        updatedOutputIndex = outputIndex;
        updatedTimeNs = timeNs;
    }

    /** A cancel or a modify sent to the venue leaves the order pending until the venue answers. */
    void onRouted(final RouteAction action)
    {
        if (isFinished())
        {
            return;
        }
        if (action == RouteAction.CANCEL)
        {
            status = OrderStatus.PENDING_CANCEL;
        }
        else if (action == RouteAction.MODIFY)
        {
            status = OrderStatus.PENDING_MODIFY;
        }
    }

    void onStatusChanged(final OrderStatus newStatus, final long leaves, final long newPrice)
    {
        if (status == OrderStatus.PENDING_MODIFY &&
            (newStatus == OrderStatus.WORKING || newStatus == OrderStatus.PARTIALLY_FILLED))
        {
            quantity = filledQuantity + leaves; // the venue took the modify: the new quantity is what is open plus done
        }
        status = newStatus;
        leavesQuantity = leaves;
        price = newPrice;
    }

    void onFill(final long fillQuantity, final long fillPrice, final long leaves)
    {
        filledQuantity += fillQuantity;
        fillNotional = fillNotional.add(BigDecimal.valueOf(fillQuantity, FixedPoint.QUANTITY_DIGITS)
            .multiply(BigDecimal.valueOf(fillPrice, digits)));
        fillCount++;
        leavesQuantity = leaves;
        if (isFinished())
        {
            return; // a late fill of an order that ended: booked, and the order stays as it ended
        }
        if (leaves == 0)
        {
            status = OrderStatus.FILLED;
        }
        else if (status == OrderStatus.PENDING_NEW || status == OrderStatus.WORKING)
        {
            status = OrderStatus.PARTIALLY_FILLED;
        }
    }

    /**
     * A reject naming the order: the venue refusing a new order ends it; the venue refusing a cancel or modify puts
     * it back to working; any other reject refused a request and leaves the order as it was.
     */
    void onRejected(final RejectReason reason)
    {
        rejectReason = reason.name();
        if (reason != RejectReason.VENUE_REJECTED)
        {
            return;
        }
        if (status == OrderStatus.PENDING_NEW)
        {
            status = OrderStatus.REJECTED;
            leavesQuantity = 0;
        }
        else if (status == OrderStatus.PENDING_CANCEL || status == OrderStatus.PENDING_MODIFY)
        {
            status = filledQuantity > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING;
        }
    }

    /** The average fill price at the instrument's digits, rounded half-even as the engine rounds; null unfilled. */
    BigDecimal averageFillPrice()
    {
        return filledQuantity == 0 ? null :
            fillNotional.divide(BigDecimal.valueOf(filledQuantity, FixedPoint.QUANTITY_DIGITS), digits,
                RoundingMode.HALF_EVEN);
    }

    private boolean isFinished()
    {
        return status == OrderStatus.FILLED || status == OrderStatus.CANCELLED || status == OrderStatus.EXPIRED ||
            status == OrderStatus.REJECTED;
    }
}
