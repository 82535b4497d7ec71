package io.tradingcore.engine;

import io.tradingcore.codec.Side;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.domain.InstrumentSpec;

/**
 * Net position of one account in one instrument. The open cost is kept as the exact sum of
 * quantity x price of what is still open, so that partial closes release cost proportionally and
 * the books never drift by rounding: realized + unrealized always adds up to the fills.
 */
final class Position
{
    /** {@link #unrealizedQuantityPrice()} when it cannot stand in for the P&L. */
    static final long UNKNOWN_GAP = Long.MIN_VALUE;
    /** Money at most this large in size (2^56, far above any real account) adds up a few times without overflow. */
    static final int SMALL_BITS = 56;
    static final long SMALL_MONEY = 1L << SMALL_BITS;

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

    /*
     * The last unrealized P&L, notional and margin with the inputs each came from. Ledger sums and risk checks ask
     * for them several times per order and once per tick per open position; recomputing costs a 128-bit multiply and
     * a division each time, comparing four longs does not. Not state: never in snapshots or the state hash.
     */
    private boolean aboveKnown;
    private long aboveFloor;
    private long aboveQuantityPrice;
    private boolean unrealizedKnown;
    private long unrealizedNet;
    private long unrealizedCost;
    private long unrealizedBid;
    private long unrealizedAsk;
    private long unrealized;
    private boolean notionalKnown;
    private long notionalNet;
    private long notionalCost;
    private long notionalMark;
    private long notionalValue;
    private boolean marginKnown;
    private long marginNet;
    private long marginCost;
    private int marginLeverage;
    private long marginValue;

    Position(final Account account, final InstrumentMarket market)
    {
        this.account = account;
        this.market = market;
        this.instrument = market.spec;
    }

    /** Adds to (or, negative, takes from) the leaves of the live orders on one side. */
    void adjustOpenQuantity(final Side side, final long delta)
    {
        if (side == Side.BUY)
        {
            openBuyQuantity += delta;
        }
        else
        {
            openSellQuantity += delta;
        }
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
        final long net = netQuantity;
        if (net == 0)
        {
            return 0;
        }
        final long cost = openCost;
        final long bid = market.bid;
        final long ask = market.ask;
        if (unrealizedKnown && unrealizedNet == net && unrealizedCost == cost && unrealizedBid == bid &&
            unrealizedAsk == ask)
        {
            return unrealized;
        }
        final long mark = net > 0 ? bid : ask;
        long value = 0;
        if (mark != 0)
        {
            final long markValue = Math.multiplyExact(Math.abs(net), mark);
            value = instrument.moneyOfQuantityPrice(net > 0 ? markValue - cost : cost - markValue);
        }
        unrealizedNet = net;
        unrealizedCost = cost;
        unrealizedBid = bid;
        unrealizedAsk = ask;
        unrealized = value;
        unrealizedKnown = true;
        return value;
    }

    /**
     * The quantity x price the unrealized P&L at the current quote is the money of ({@code |net| x mark - cost} for a
     * long, {@code cost - |net| x mark} for a short), for checks that compare it with a threshold instead of dividing;
     * {@link #UNKNOWN_GAP} when that would not tell the same as {@link #unrealizedPnl()} (flat, no mark, a wrapped
     * difference) or its money could exceed {@link #SMALL_MONEY}, so that sums of such figures cannot overflow. Throws
     * exactly where {@link #unrealizedPnl()} would before it.
     */
    long unrealizedQuantityPrice()
    {
        final long net = netQuantity;
        if (net == 0)
        {
            return UNKNOWN_GAP;
        }
        final long mark = net > 0 ? market.bid : market.ask;
        if (mark == 0)
        {
            return UNKNOWN_GAP;
        }
        final long markValue = Math.multiplyExact(Math.abs(net), mark);
        final long from = net > 0 ? markValue : openCost;
        final long take = net > 0 ? openCost : markValue;
        final long gap = from - take;
        final long largest = instrument.largestQuantityPriceWithoutOverflow() >> (Long.SIZE - 1 - SMALL_BITS);
        if (((from ^ take) & (from ^ gap)) < 0 || gap > largest || gap < -largest)
        {
            return UNKNOWN_GAP;
        }
        return gap;
    }

    /**
     * The least {@link #unrealizedQuantityPrice()} whose money is certainly above {@code floor}, remembered for the
     * last floor asked: the floor changes only with the account's other figures, the quote on every tick.
     */
    long quantityPriceAbove(final long floor)
    {
        if (!aboveKnown || aboveFloor != floor)
        {
            aboveFloor = floor;
            aboveQuantityPrice = floor == Long.MAX_VALUE ?
                Long.MAX_VALUE : instrument.quantityPriceWithMoneyAtLeast(floor + 1);
            aboveKnown = true;
        }
        return aboveQuantityPrice;
    }

    /** Notional at the current mid, or at the open price before the first quote. */
    long notional()
    {
        final long net = netQuantity;
        if (net == 0)
        {
            return 0;
        }
        final long cost = openCost;
        final long mark = market.hasQuote ? (market.bid + market.ask) / 2 : averagePrice();
        if (notionalKnown && notionalNet == net && notionalCost == cost && notionalMark == mark)
        {
            return notionalValue;
        }
        final long value = instrument.notional(Math.abs(net), mark);
        notionalNet = net;
        notionalCost = cost;
        notionalMark = mark;
        notionalValue = value;
        notionalKnown = true;
        return value;
    }

    /** Margin of the open quantity at its open price: MT5's forex formula, notional over leverage. */
    long margin(final int leverage)
    {
        final long net = netQuantity;
        if (net == 0 || leverage <= 0)
        {
            return 0;
        }
        final long cost = openCost;
        if (marginKnown && marginNet == net && marginCost == cost && marginLeverage == leverage)
        {
            return marginValue;
        }
        final long value = instrument.moneyOfQuantityPrice(cost) / leverage;
        marginNet = net;
        marginCost = cost;
        marginLeverage = leverage;
        marginValue = value;
        marginKnown = true;
        return value;
    }
}
