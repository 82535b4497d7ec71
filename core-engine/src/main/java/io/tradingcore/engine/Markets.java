package io.tradingcore.engine;

import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.domain.InstrumentSpec;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Object2IntHashMap;

import java.util.Arrays;

/** Reference data and market data: the instruments the engine knows and the last quote of each. */
final class Markets
{
    private final Int2ObjectHashMap<InstrumentMarket> byId = new Int2ObjectHashMap<>();
    private final Object2IntHashMap<String> idsBySymbol = new Object2IntHashMap<>(-1);
    private final CurrentInput input;
    private final EngineEvents events;
    private final ReasonText text;

    Markets(final CurrentInput input, final EngineEvents events, final ReasonText text)
    {
        this.input = input;
        this.events = events;
        this.text = text;
    }

    InstrumentMarket get(final int instrumentId)
    {
        return byId.get(instrumentId);
    }

    /** The instrument's id, or -1 when no instrument has that symbol. */
    int idOf(final String symbol)
    {
        return idsBySymbol.getValue(symbol);
    }

    boolean isEmpty()
    {
        return byId.isEmpty();
    }

    /** The markets in instrument id order, the canonical order of reports and snapshots. */
    InstrumentMarket[] sorted()
    {
        final InstrumentMarket[] sorted = byId.values().toArray(new InstrumentMarket[0]);
        Arrays.sort(sorted, (a, b) -> Integer.compare(a.spec.instrumentId(), b.spec.instrumentId()));
        return sorted;
    }

    void onDefineInstrument(final DefineInstrumentDecoder define)
    {
        final String symbol = define.symbol().trim();
        final String currency = define.profitCurrency().trim();
        final String invalid = InstrumentSpec.validate(define.instrumentId(), symbol, define.digits(),
            define.contractSize(), define.tickSize(), define.volumeMin(), define.volumeMax(), define.volumeStep());
        if (invalid != null)
        {
            text.clear().append("instrument ").append(symbol).append(": ").append(invalid);
            events.inputRejected(input.templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        if (byId.containsKey(define.instrumentId()) || idsBySymbol.containsKey(symbol))
        {
            text.clear().append("instrument ").append(define.instrumentId()).append(" ").append(symbol)
                .append(" is already defined");
            events.inputRejected(input.templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        add(new InstrumentSpec(define.instrumentId(), symbol, define.digits(), define.contractSize(),
            define.tickSize(), define.volumeMin(), define.volumeMax(), define.volumeStep(), currency));
    }

    InstrumentMarket add(final InstrumentSpec spec)
    {
        final InstrumentMarket market = new InstrumentMarket(spec);
        byId.put(spec.instrumentId(), market);
        idsBySymbol.put(spec.symbol(), spec.instrumentId());
        return market;
    }

    /** Takes a tick's quote into its market; returns the market, or null when the tick was rejected. */
    InstrumentMarket onTick(final MarketTickDecoder tick)
    {
        final InstrumentMarket market = byId.get(tick.instrumentId());
        if (market == null)
        {
            text.clear().append("tick for unknown instrument ").append(tick.instrumentId());
            events.inputRejected(input.templateId, RejectReason.UNKNOWN_INSTRUMENT, text);
            return null;
        }
        final long bid = tick.bid();
        final long ask = tick.ask();
        final InstrumentSpec spec = market.spec;
        if (bid <= 0 || ask <= 0 || !spec.isOnTick(bid) || !spec.isOnTick(ask))
        {
            text.clear().append(spec.symbol()).append(" tick bid ").append(bid).append(" ask ").append(ask)
                .append(" must be positive multiples of the tick size ").append(spec.tickSize());
            events.inputRejected(input.templateId, RejectReason.INVALID_PRICE, text);
            return null;
        }
        if (tick.timeMsc() < market.timeMsc)
        {
            text.clear().append(spec.symbol()).append(" tick time ").append(tick.timeMsc())
                .append(" ms is before the last tick's ").append(market.timeMsc).append(" ms");
            events.inputRejected(input.templateId, RejectReason.TIME_BACKWARDS, text);
            return null;
        }
        market.timeMsc = tick.timeMsc();
        market.bid = bid;
        market.ask = ask;
        market.last = tick.last();
        market.volume = tick.volume();
        market.lastTickTimeNs = input.timeNs;
        market.hasQuote = true;
        return market;
    }

    void writeSnapshot(final CanonicalWriter out)
    {
        final InstrumentMarket[] sorted = sorted();
        out.putInt(sorted.length);
        for (final InstrumentMarket market : sorted)
        {
            final InstrumentSpec spec = market.spec;
            out.putInt(spec.instrumentId());
            out.putString(spec.symbol());
            out.putInt(spec.digits());
            out.putLong(spec.contractSize());
            out.putLong(spec.tickSize());
            out.putLong(spec.volumeMin());
            out.putLong(spec.volumeMax());
            out.putLong(spec.volumeStep());
            out.putString(spec.profitCurrency());
            out.putLong(market.timeMsc);
            out.putLong(market.bid);
            out.putLong(market.ask);
            out.putLong(market.last);
            out.putLong(market.volume);
            out.putLong(market.lastTickTimeNs);
            out.putBoolean(market.hasQuote);
        }
    }

    void readSnapshot(final CanonicalReader in)
    {
        for (int i = 0, count = in.getInt(); i < count; i++)
        {
            final InstrumentMarket market = add(new InstrumentSpec(in.getInt(), in.getString(), in.getInt(),
                in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getString()));
            market.timeMsc = in.getLong();
            market.bid = in.getLong();
            market.ask = in.getLong();
            market.last = in.getLong();
            market.volume = in.getLong();
            market.lastTickTimeNs = in.getLong();
            market.hasQuote = in.getBoolean();
        }
    }

    /** After a restore: each market's open positions in account order, the order a tick revalues them in. */
    void sortOpenPositions()
    {
        for (final InstrumentMarket market : byId.values())
        {
            market.openPositions.sort((a, b) -> Long.compare(a.account.accountId, b.account.accountId));
        }
    }
}
