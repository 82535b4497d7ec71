package io.tradingcore.strategy;

import io.tradingcore.codec.Side;

/** One execution. The object is reused: read it inside the callback. */
public interface FillView
{
    long orderId();

    long clientOrderId();

    int instrumentId();

    Side side();

    long quantity();

    long price();

    long leavesQuantity();

    long realizedPnl();
}
