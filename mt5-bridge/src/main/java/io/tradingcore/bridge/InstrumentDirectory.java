package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.TerminalSymbol;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The core's instruments by symbol, as the bridge matches a terminal's symbols to them. Filled from
 * the reference data and the recovered engine, and kept current from DefineInstrument inputs.
 * Used on the bridge's thread only.
 */
final class InstrumentDirectory
{
    private final Map<String, CoreInstrument> bySymbol = new HashMap<>();

    void add(final CoreInstrument instrument)
    {
        final CoreInstrument known = bySymbol.get(instrument.symbol());
        if (known == null || known.contractSize() == 0 || instrument.contractSize() != 0)
        {
            bySymbol.put(instrument.symbol(), instrument);
        }
    }

    /** The core's instrument for a terminal's symbol, or why there is none usable. */
    Match match(final TerminalSymbol symbol)
    {
        final CoreInstrument instrument = bySymbol.get(symbol.coreSymbol());
        if (instrument == null)
        {
            return new Match(0, "the core has no instrument " + symbol.coreSymbol() + " (known: " +
                new TreeSet<>(bySymbol.keySet()) + "); map it in the EA's symbol map");
        }
        if (instrument.digits() != symbol.digits())
        {
            return new Match(0, symbol.brokerSymbol() + " has " + symbol.digits() + " digits at the terminal but " +
                instrument.symbol() + " has " + instrument.digits() + " in the core");
        }
        if (instrument.contractSize() != 0 && symbol.contractSize() != instrument.contractSize())
        {
            return new Match(0, symbol.brokerSymbol() + " has a contract size of " + symbol.contractSize() +
                " at the terminal but " + instrument.contractSize() + " in the core");
        }
        return new Match(instrument.instrumentId(), "");
    }

    record Match(int instrumentId, String note)
    {
    }
}
