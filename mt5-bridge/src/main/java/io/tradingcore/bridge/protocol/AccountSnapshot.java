package io.tradingcore.bridge.protocol;

import java.util.List;

/** A terminal's ACCOUNT frame: money x 10^6 and its net positions. */
public record AccountSnapshot(long balance, long equity, long margin, int leverage, List<TerminalPosition> positions)
{
}
