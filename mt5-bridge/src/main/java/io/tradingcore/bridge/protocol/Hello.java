package io.tradingcore.bridge.protocol;

import java.util.List;

/** The terminal's handshake (PROTOCOL.md, "HELLO"); {@code ack} is the last ORDER seq it processed. */
public record Hello(
    int protocolVersion,
    int flags,
    int tenantId,
    long accountId,
    int serverTimeOffsetSeconds,
    long resumeFromSeq,
    String terminalId,
    String token,
    List<TerminalSymbol> symbols,
    long ack)
{
    public boolean reset()
    {
        return (flags & Frame.HELLO_FLAG_RESET) != 0;
    }

    /** For logs: everything but the token. */
    @Override
    public String toString()
    {
        return "Hello[terminal " + terminalId + ", tenant " + tenantId + ", account " + accountId + ", version " +
            protocolVersion + (reset() ? ", reset" : "") + ", server time UTC" +
            (serverTimeOffsetSeconds >= 0 ? "+" : "") + serverTimeOffsetSeconds + "s, " + symbols.size() + " symbols]";
    }
}
