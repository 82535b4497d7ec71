package io.tradingcore.engine;

import io.tradingcore.domain.FixedPoint;
import io.tradingcore.domain.InstrumentSpec;

/**
 * Net position of one account in one instrument. The open cost is kept as the exact sum of
 * quantity x price of what is still open, so that partial closes release cost proportionally and
 * the books never drift by rounding: realized + unrealized always adds up to the fills.
 */
final class Position
{
    final Account account;
    final InstrumentMarket market;
    final InstrumentSpec instrument;
    /** Signed: long is positive. Lots x 10^4. */
    long netQuantity;
    /** Sum of quantity x price of the open quantity, always positive. */
    long openCost;
    /** Money realized on this instrument, before commission. */
    long realizedPnl;
    /** Leaves of live buy and sell orders, for the worst-case position check. */
    long openBuyQuantity;
    long openSellQuantity;
    boolean inMarketList;

    Position(final Account account, final InstrumentMarket market)
    {
        this.account = account;
        this.market = market;
        this.instrument = market.spec;
    }

    /**
     * Applies a fill and returns the money it realized (zero when it only adds to the position).
     * Throws ArithmeticException on overflow, before changing anything.
     */
    long applyFill(final long signedQuantity, final long price)
    {
        long newNet = Math.addExact(netQuantity, signedQuantity);
        long newCost = openCost;
        long realizedQuantityPrice = 0;
        if (netQuantity == 0 || Long.signum(netQuantity) == Long.signum(signedQuantity))
        {
            newCost = Math.addExact(openCost, Math.multiplyExact(Math.abs(signedQuantity), price));
        }
        else
        {
            final long open = Math.abs(netQuantity);
            final long closing = Math.min(open, Math.abs(signedQuantity));
            final long released = closing == open ? openCost : FixedPoint.multiplyDivide(openCost, closing, open);
            final long exitValue = Math.multiplyExact(closing, price);
            realizedQuantityPrice = netQuantity > 0 ? exitValue - released : released - exitValue;
            newCost = openCost - released;
            final long opening = Math.abs(signedQuantity) - closing;
            if (opening > 0)
            {
                newCost = Math.multiplyExact(opening, price);
            }
        }
        final long realized = instrument.moneyOfQuantityPrice(realizedQuantityPrice);
        netQuantity = newNet;
        openCost = newNet == 0 ? 0 : newCost;
        realizedPnl += realized;
        return realized;
    }

    /** Average open price, rounded half-even; 0 when flat. */
    long averagePrice()
    {
        return netQuantity == 0 ? 0 : FixedPoint.divideRounded(openCost, Math.abs(netQuantity));
    }

    /** Money the open quantity would realize at the given bid (longs) or ask (shorts). */
    long unrealizedPnl()
    {
        final long bid = market.bid;
        final long ask = market.ask;
        if (netQuantity == 0)
        {
            return 0;
        }
        final long mark = netQuantity > 0 ? bid : ask;
        if (mark == 0)
        {
            return 0;
        }
        final long markValue = Math.multiplyExact(Math.abs(netQuantity), mark);
        return instrument.moneyOfQuantityPrice(netQuantity > 0 ? markValue - openCost : openCost - markValue);
    }

    /** Notional at the current mid, or at the open price before the first quote. */
    long notional()
    {
        if (netQuantity == 0)
        {
            return 0;
        }
        final long mark = market.hasQuote ? (market.bid + market.ask) / 2 : averagePrice();
        return instrument.notional(Math.abs(netQuantity), mark);
    }

    /** Margin of the open quantity at its open price: MT5's forex formula, notional over leverage. */
    long margin(final int leverage)
    {
        if (netQuantity == 0 || leverage <= 0)
        {
            return 0;
        }
        return instrument.moneyOfQuantityPrice(openCost) / leverage;
    }
}
