package io.tradingcore.engine;

import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;

/** A strategy's request waiting for its callback to return. Pre-allocated and reused. */
final class StrategyCommand
{
    static final int SUBMIT = 1;
    static final int CANCEL = 2;
    static final int MODIFY = 3;

    StrategyHost host;
    int kind;
    long clientOrderId;
    int instrumentId;
    Side side;
    OrderType orderType;
    TimeInForce timeInForce;
    long quantity;
    long price;
    long stopPrice;
}
