package io.tradingcore.projections.dragonfly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.projections.dragonfly.Instruments.Instrument;

/**
 * Instruments and their last quotes. The input journal holds every input, the ones the engine turned away too, so
 * a definition or a tick is taken only when the engine took it by the same rules: the first valid definition of an
 * id and symbol, and a tick of a defined instrument with positive prices on its tick size and no earlier time than
 * the last quote's. Anything else the engine answered with an InputRejected, and it changes nothing here either.
 */
final class QuoteWriter
{
    private final DragonflyKeys keys;
    private final Instruments instruments;

    QuoteWriter(final DragonflyKeys keys, final Instruments instruments)
    {
        this.keys = keys;
        this.instruments = instruments;
    }

    void onDefineInstrument(final DefineInstrumentDecoder define, final BatchWrites writes)
    {
        final String symbol = define.symbol().trim();
        final int instrumentId = define.instrumentId();
        final String invalid = InstrumentSpec.validate(instrumentId, symbol, define.digits(), define.contractSize(),
            define.tickSize(), define.volumeMin(), define.volumeMax(), define.volumeStep());
        if (invalid != null || instruments.get(instrumentId) != null || instruments.hasSymbol(symbol))
        {
            return;
        }
        final Instrument instrument = new Instrument(instrumentId, symbol, define.digits(), define.tickSize());
        instruments.define(instrument);
        final ObjectNode json = instrument.toJson();
        json.put("contractSize", define.contractSize());
        json.put("profitCurrency", define.profitCurrency().trim());
        writes.put(keys.instruments(), Integer.toString(instrumentId), json.toString());
    }

    void onTick(final MarketTickDecoder tick, final BatchWrites writes)
    {
        final Instrument instrument = instruments.get(tick.instrumentId());
        final long bid = tick.bid();
        final long ask = tick.ask();
        final long timeMsc = tick.timeMsc();
        if (instrument == null || bid <= 0 || ask <= 0 || bid % instrument.tickSize() != 0 ||
            ask % instrument.tickSize() != 0 || timeMsc < instruments.quoteTime(instrument.instrumentId()))
        {
            return;
        }
        instruments.quoteTime(instrument.instrumentId(), timeMsc);
        final String key = keys.quote(instrument.instrumentId());
        final ObjectNode json = Json.object();
        json.put("instrumentId", instrument.instrumentId());
        json.put("symbol", instrument.symbol());
        json.put("bid", instrument.price(bid));
        json.put("ask", instrument.price(ask));
        json.put("last", instrument.price(tick.last()));
        json.put("timeMsc", timeMsc);
        writes.put(key, "symbol", instrument.symbol());
        writes.put(key, "digits", Integer.toString(instrument.digits()));
        writes.put(key, "bid", instrument.price(bid));
        writes.put(key, "ask", instrument.price(ask));
        writes.put(key, "last", instrument.price(tick.last()));
        writes.put(key, "volume", Long.toString(tick.volume()));
        writes.put(key, "timeMsc", Long.toString(timeMsc));
        writes.publish(keys.quotesChannel(), key, json.toString());
    }
}
