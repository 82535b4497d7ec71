package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.protocol.OrderFrame;

/** An ORDER the terminal has taken (its seq is no longer expected) but not yet executed. */
record PendingOrder(
    long seq,
    long orderId,
    long clientOrderId,
    int symbolIndex,
    int action,
    int side,
    int orderType,
    int timeInForce,
    long quantity,
    long price,
    long stopPrice,
    long expiryTimeMsc,
    long venueOrderId,
    long causeTickTimeMsc)
{
    static PendingOrder copyOf(final long seq, final OrderFrame order)
    {
        return new PendingOrder(seq, order.orderId(), order.clientOrderId(), order.symbolIndex(), order.action(),
            order.side(), order.orderType(), order.timeInForce(), order.quantity(), order.price(), order.stopPrice(),
            order.expiryTimeMsc(), order.venueOrderId(), order.causeTickTimeMsc());
    }
}
