package io.tradingcore.bridge.protocol;

/** The bridge's answer for one HELLO symbol: the core's instrument id, or 0 and why not. */
public record SymbolAnswer(int instrumentId, String note)
{
    public boolean accepted()
    {
        return instrumentId != 0;
    }
}
