package io.tradingcore.bridge.protocol;

import java.util.List;

/** The bridge's handshake answer; {@code ack} is the last terminal seq it holds safe. */
public record Welcome(
    int protocolVersion,
    int heartbeatIntervalMs,
    int heartbeatTimeoutMs,
    int maxFrameBytes,
    int maxFramesPerSecond,
    List<SymbolAnswer> symbols,
    long ack)
{
}
