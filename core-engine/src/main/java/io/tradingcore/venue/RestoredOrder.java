package io.tradingcore.venue;

import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;

import java.util.Objects;

/**
 * An order the engine still believes is live after a restart, as {@link SimulatedVenue#restoreOrder}
 * re-creates it. For a {@code PENDING_MODIFY} order the quantity and prices are the requested ones.
 *
 * @param leavesQuantity the quantity still open (not the original order quantity)
 * @param venueOrderId   the venue's id if the order had one, else 0 (a new one is given)
 */
public record RestoredOrder(
    long orderId,
    int instrumentId,
    Side side,
    OrderType orderType,
    TimeInForce timeInForce,
    OrderStatus status,
    long leavesQuantity,
    long price,
    long stopPrice,
    long expiryTimeNs,
    long venueOrderId)
{
    public RestoredOrder
    {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(orderType, "orderType");
        Objects.requireNonNull(timeInForce, "timeInForce");
        Objects.requireNonNull(status, "status");
    }
}
