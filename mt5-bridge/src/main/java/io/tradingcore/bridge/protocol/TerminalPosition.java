package io.tradingcore.bridge.protocol;

/** One net position in a terminal's ACCOUNT snapshot: signed lots x 10^4, average price in points. */
public record TerminalPosition(int symbolIndex, long netVolume, long averagePrice)
{
}
