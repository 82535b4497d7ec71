package io.tradingcore.engine;

import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.InstrumentSpec;

/** The checks an order passes before pre-trade risk: is it a well-formed order for its instrument. */
final class OrderValidation
{
    private final CurrentInput input;
    private final ReasonText text;

    OrderValidation(final CurrentInput input, final ReasonText text)
    {
        this.input = input;
        this.text = text;
    }

    /**
     * Whether the order is well formed for its instrument: side, type, time in force, quantity within the
     * instrument's volume limits and steps, prices on its tick grid as the type requires, expiry in the future.
     * NONE, or the reason with its words in the reason text.
     */
    RejectReason check(
        final InstrumentMarket market, final int instrumentId, final Side side, final OrderType orderType,
        final TimeInForce timeInForce, final long quantity, final long price, final long stopPrice,
        final long expiryTimeNs)
    {
        if (market == null)
        {
            text.clear().append("instrument ").append(instrumentId).append(" is not defined");
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (side == null || side == Side.NULL_VAL)
        {
            text.clear().append("side must be BUY or SELL");
            return RejectReason.INVALID_FIELD;
        }
        if (orderType == null || orderType == OrderType.NULL_VAL)
        {
            text.clear().append("order type must be MARKET, LIMIT, STOP or STOP_LIMIT");
            return RejectReason.INVALID_ORDER_TYPE;
        }
        if (timeInForce == null || timeInForce == TimeInForce.NULL_VAL)
        {
            text.clear().append("time in force must be GTC, IOC, FOK or DAY");
            return RejectReason.INVALID_TIME_IN_FORCE;
        }
        final RejectReason quantityReason = checkQuantity(market.spec, quantity);
        if (quantityReason != RejectReason.NONE)
        {
            return quantityReason;
        }
        final InstrumentSpec spec = market.spec;
        final boolean needsPrice = orderType == OrderType.LIMIT || orderType == OrderType.STOP_LIMIT;
        final boolean needsStop = orderType == OrderType.STOP || orderType == OrderType.STOP_LIMIT;
        if (orderType == OrderType.MARKET && (price != 0 || stopPrice != 0))
        {
            text.clear().append("a market order carries no price");
            return RejectReason.INVALID_PRICE;
        }
        if (needsPrice && (price <= 0 || !spec.isOnTick(price)))
        {
            text.clear().append("price ").append(price).append(" must be a positive multiple of ")
                .append(spec.symbol()).append("'s tick size ").appendFixed(spec.tickSize(), spec.digits());
            return RejectReason.INVALID_PRICE;
        }
        if (!needsPrice && orderType != OrderType.MARKET && price != 0)
        {
            text.clear().append("a stop order carries only a stop price");
            return RejectReason.INVALID_PRICE;
        }
        if (needsStop && (stopPrice <= 0 || !spec.isOnTick(stopPrice)))
        {
            text.clear().append("stop price ").append(stopPrice).append(" must be a positive multiple of ")
                .append(spec.symbol()).append("'s tick size ").appendFixed(spec.tickSize(), spec.digits());
            return RejectReason.INVALID_PRICE;
        }
        if (!needsStop && stopPrice != 0)
        {
            text.clear().append("only stop orders carry a stop price");
            return RejectReason.INVALID_PRICE;
        }
        if (expiryTimeNs != 0 && expiryTimeNs <= input.timeNs)
        {
            text.clear().append("expiry ").append(expiryTimeNs).append(" ns is not after engine time ").append(
                input.timeNs);
            return RejectReason.INVALID_TIME_IN_FORCE;
        }
        return RejectReason.NONE;
    }

    private RejectReason checkQuantity(final InstrumentSpec spec, final long quantity)
    {
        if (quantity <= 0 || quantity < spec.volumeMin() || quantity > spec.volumeMax() ||
            quantity % spec.volumeStep() != 0)
        {
            text.clear().append("quantity ").appendQuantity(quantity).append(" must be between ")
                .appendQuantity(spec.volumeMin()).append(" and ").appendQuantity(spec.volumeMax())
                .append(" lots in steps of ").appendQuantity(spec.volumeStep());
            return RejectReason.INVALID_QUANTITY;
        }
        return RejectReason.NONE;
    }
}
