package io.tradingcore.venue;

import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;

/** A resting order at the simulated venue; pooled by {@link RestingOrders}. */
final class VenueOrder
{
    /** Not a DAY order. */
    static final long NO_DAY_END = Long.MAX_VALUE;
    /** A DAY order restored before the venue knew the time: its day ends at the midnight after the next tick. */
    static final long DAY_END_UNKNOWN = Long.MIN_VALUE;

    long orderId;
    long venueOrderId;
    int instrumentId;
    Side side;
    OrderType orderType;
    TimeInForce timeInForce;
    long leavesQuantity;
    long price;
    long stopPrice;
    /** A stop whose trigger was reached: from then on it is a market (STOP) or limit (STOP_LIMIT) order. */
    boolean triggered;
    /** Engine time at which the order expires, 0 for none. */
    long expiryTimeNs;
    /** Tick time (epoch ms) at which a DAY order expires. */
    long dayEndMsc;

    boolean isStop()
    {
        return orderType == OrderType.STOP || orderType == OrderType.STOP_LIMIT;
    }

    /** Fills at whatever the touch is (once any stop is triggered). */
    boolean isMarketLike()
    {
        return orderType == OrderType.MARKET || orderType == OrderType.STOP;
    }

    boolean stopReached(final long bid, final long ask)
    {
        return side == Side.BUY ? ask >= stopPrice : bid <= stopPrice;
    }

    boolean limitReached(final long bid, final long ask)
    {
        return side == Side.BUY ? ask <= price : bid >= price;
    }

    void clear()
    {
        orderId = 0;
        venueOrderId = 0;
        instrumentId = 0;
        side = null;
        orderType = null;
        timeInForce = null;
        leavesQuantity = 0;
        price = 0;
        stopPrice = 0;
        triggered = false;
        expiryTimeNs = 0;
        dayEndMsc = NO_DAY_END;
    }
}
