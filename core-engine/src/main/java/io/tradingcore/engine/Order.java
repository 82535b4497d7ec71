package io.tradingcore.engine;

import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.strategy.OrderView;

/** A live order. Pooled: the engine reuses instances once an order reaches a final status. */
final class Order implements OrderView
{
    long orderId;
    long clientOrderId;
    int tenantId;
    long accountId;
    int instrumentId;
    int strategyId;
    Side side;
    OrderType orderType;
    TimeInForce timeInForce;
    OrderStatus status;
    long quantity;
    long filledQuantity;
    long price;
    long stopPrice;
    long expiryTimeNs;
    long venueOrderId;
    long pendingQuantity;
    long pendingPrice;
    long pendingStopPrice;
    RejectReason rejectReason = RejectReason.NONE;
    /** The position it trades: found once, not looked up in two maps on every report. Not state of its own. */
    Position position;

    void reset()
    {
        orderId = 0;
        clientOrderId = 0;
        tenantId = 0;
        accountId = 0;
        instrumentId = 0;
        strategyId = 0;
        side = null;
        orderType = null;
        timeInForce = null;
        status = null;
        quantity = 0;
        filledQuantity = 0;
        price = 0;
        stopPrice = 0;
        expiryTimeNs = 0;
        venueOrderId = 0;
        pendingQuantity = 0;
        pendingPrice = 0;
        pendingStopPrice = 0;
        rejectReason = RejectReason.NONE;
        position = null;
    }

    boolean isLive()
    {
        return status != OrderStatus.FILLED && status != OrderStatus.CANCELLED &&
            status != OrderStatus.EXPIRED && status != OrderStatus.REJECTED;
    }

    /** The status the order returns to when a pending cancel or modify is refused or done. */
    OrderStatus workingStatus()
    {
        return filledQuantity > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING;
    }

    long signedLeaves()
    {
        return side == Side.BUY ? leavesQuantity() : -leavesQuantity();
    }

    @Override
    public long orderId()
    {
        return orderId;
    }

    @Override
    public long clientOrderId()
    {
        return clientOrderId;
    }

    @Override
    public int instrumentId()
    {
        return instrumentId;
    }

    @Override
    public Side side()
    {
        return side;
    }

    @Override
    public OrderType orderType()
    {
        return orderType;
    }

    @Override
    public OrderStatus status()
    {
        return status;
    }

    @Override
    public long quantity()
    {
        return quantity;
    }

    @Override
    public long filledQuantity()
    {
        return filledQuantity;
    }

    @Override
    public long leavesQuantity()
    {
        return quantity - filledQuantity;
    }

    @Override
    public long price()
    {
        return price;
    }

    @Override
    public long stopPrice()
    {
        return stopPrice;
    }

    @Override
    public RejectReason rejectReason()
    {
        return rejectReason;
    }
}
