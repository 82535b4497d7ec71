package io.tradingcore.bridge;

/** What the bridge knows of one of the core's instruments; contract size 0 when unknown. */
public record CoreInstrument(int instrumentId, String symbol, int digits, long contractSize)
{
}
