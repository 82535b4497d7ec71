package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.TerminalSymbol;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One symbol of the simulated terminal: how it is declared in HELLO and the MT5 tick export that is
 * replayed for it. Its position in the simulator's list is its symbol index on the wire.
 */
public record ReplayedSymbol(TerminalSymbol symbol, Path tickFile)
{
    /** Standard lot of a currency pair: 100,000 units of the base currency. */
    public static final long FOREX_CONTRACT_SIZE = 100_000;
    /** 0.01 lot in lots x 10^4. */
    public static final long MICRO_LOT = 100;
    /** 100 lots in lots x 10^4. */
    public static final long HUNDRED_LOTS = 1_000_000;

    public ReplayedSymbol
    {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(tickFile, "tickFile");
    }

    /**
     * A forex-like symbol as most brokers specify it: FOK and IOC allowed, 100,000 units a lot, 0.01 to 100
     * lots in steps of 0.01; the core's name is the broker's.
     */
    public static ReplayedSymbol forex(final String brokerSymbol, final int digits, final Path tickFile)
    {
        return new ReplayedSymbol(new TerminalSymbol(brokerSymbol, brokerSymbol, digits,
            Frame.FILLING_FOK | Frame.FILLING_IOC, FOREX_CONTRACT_SIZE, MICRO_LOT, MICRO_LOT, HUNDRED_LOTS), tickFile);
    }
}
