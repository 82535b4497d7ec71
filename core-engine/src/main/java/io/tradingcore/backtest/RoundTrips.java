package io.tradingcore.backtest;

import io.tradingcore.codec.Side;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.domain.InstrumentSpec;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds round-trip trades from one account's fills. A trade opens when the position leaves zero and
 * closes when it returns to zero or flips; a flipping fill closes the old trade with the part that
 * closes and opens the next with the rest, its commission split between them by quantity.
 */
final class RoundTrips
{
    private final Int2ObjectHashMap<InstrumentSpec> instruments;
    private final Int2ObjectHashMap<OpenTrade> open = new Int2ObjectHashMap<>();
    private final List<RoundTrip> closed = new ArrayList<>();

    RoundTrips(final Int2ObjectHashMap<InstrumentSpec> instruments)
    {
        this.instruments = instruments;
    }

    void onFill(
        final int instrumentId, final Side side, final long quantity, final long price, final long commission,
        final long realizedPnl, final long timeNs)
    {
        final OpenTrade trade = open.get(instrumentId);
        final long signed = side == Side.BUY ? quantity : -quantity;
        if (trade == null)
        {
            open.put(instrumentId, new OpenTrade(instrumentId, signed, price, commission, timeNs));
            return;
        }
        if (Long.signum(trade.position) == Long.signum(signed))
        {
            trade.add(quantity, price, commission);
            return;
        }
        final long closing = Math.min(Math.abs(trade.position), quantity);
        final long opening = quantity - closing;
        final long closingCommission = opening == 0 ? commission :
            FixedPoint.multiplyDivide(commission, closing, quantity);
        trade.exitQuantity += closing;
        trade.exitValue += closing * price;
        trade.realizedPnl += realizedPnl;
        trade.commission += closingCommission;
        trade.position += signed;
        if (trade.position == 0 || opening > 0)
        {
            close(trade, timeNs);
            open.remove(instrumentId);
            if (opening > 0)
            {
                open.put(instrumentId, new OpenTrade(instrumentId, side == Side.BUY ? opening : -opening, price,
                    commission - closingCommission, timeNs));
            }
        }
    }

    List<RoundTrip> closed()
    {
        return closed;
    }

    private void close(final OpenTrade trade, final long timeNs)
    {
        final InstrumentSpec spec = instruments.get(trade.instrumentId);
        closed.add(new RoundTrip(closed.size() + 1, trade.instrumentId, spec.symbol(), spec.digits(), trade.side,
            trade.entryTimeNs, FixedPoint.divideRounded(trade.entryValue, trade.entryQuantity), timeNs,
            FixedPoint.divideRounded(trade.exitValue, trade.exitQuantity), trade.entryQuantity,
            trade.realizedPnl - trade.commission, trade.commission));
    }

    private static final class OpenTrade
    {
        final int instrumentId;
        final Side side;
        final long entryTimeNs;
        long position;
        long entryQuantity;
        long entryValue;
        long exitQuantity;
        long exitValue;
        long realizedPnl;
        long commission;

        OpenTrade(final int instrumentId, final long signedQuantity, final long price, final long commission,
            final long timeNs)
        {
            this.instrumentId = instrumentId;
            side = signedQuantity > 0 ? Side.BUY : Side.SELL;
            entryTimeNs = timeNs;
            add(Math.abs(signedQuantity), price, commission);
        }

        void add(final long quantity, final long price, final long commission)
        {
            position += side == Side.BUY ? quantity : -quantity;
            entryQuantity += quantity;
            entryValue += quantity * price;
            this.commission += commission;
        }
    }
}
