package io.tradingcore.bridge.protocol;

/**
 * A symbol as a terminal declares it in HELLO: its broker name, the core's name for it, and the
 * MT5 specification the bridge checks against the core's instrument.
 */
public record TerminalSymbol(
    String brokerSymbol,
    String coreSymbol,
    int digits,
    int fillingModes,
    long contractSize,
    long volumeMin,
    long volumeStep,
    long volumeMax)
{
}
