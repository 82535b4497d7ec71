package io.tradingcore.strategy;

import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;

/** A read-only look at an order. The object is reused: read it inside the callback. */
public interface OrderView
{
    long orderId();

    long clientOrderId();

    int instrumentId();

    Side side();

    OrderType orderType();

    OrderStatus status();

    long quantity();

    long filledQuantity();

    long leavesQuantity();

    long price();

    long stopPrice();

    /** Why the order or its last request was refused; NONE otherwise. */
    RejectReason rejectReason();
}
