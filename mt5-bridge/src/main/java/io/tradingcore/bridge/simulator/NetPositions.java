package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.protocol.AccountSnapshot;
import io.tradingcore.bridge.protocol.TerminalPosition;

import java.util.ArrayList;
import java.util.List;

/**
 * The terminal's net position per symbol, built from the fills it executed, as MT5 shows it on a netting
 * account: signed volume and the average price of the open part. Balance is the starting balance less the
 * commissions paid; profit is not booked, since converting it needs currency rates the terminal does not
 * replay. Snapshots may show a position the core does not know on top of the fills (a test of the bridge's
 * position check). Single-threaded.
 */
final class NetPositions
{
    private final long[] netVolume;
    private final long[] averagePrice;
    private final long startingBalance;
    private final int leverage;
    private final int unknownSymbol;
    private final long unknownVolume;
    private long commissionPaid;

    /** {@code unknownVolume} (signed lots x 10^4, 0 for none) is shown in symbol {@code unknownSymbol} unbooked. */
    NetPositions(final int symbolCount, final long startingBalance, final int leverage, final int unknownSymbol,
        final long unknownVolume)
    {
        netVolume = new long[symbolCount];
        averagePrice = new long[symbolCount];
        this.startingBalance = startingBalance;
        this.leverage = leverage;
        this.unknownSymbol = unknownSymbol;
        this.unknownVolume = unknownVolume;
    }

    /** A fill of {@code quantity} (lots x 10^4, positive) at {@code price} points; buys add, sells subtract. */
    void onFill(final int symbolIndex, final boolean buy, final long quantity, final long price,
        final long commission)
    {
        commissionPaid += commission;
        final long before = netVolume[symbolIndex];
        final long signed = buy ? quantity : -quantity;
        final long after = before + signed;
        if (before == 0 || Long.signum(before) != Long.signum(after) && after != 0)
        {
            averagePrice[symbolIndex] = price; // opened, or reversed through zero: the rest is new
        }
        else if (Long.signum(before) == Long.signum(signed))
        {
            averagePrice[symbolIndex] = Math.round(
                ((double)averagePrice[symbolIndex] * Math.abs(before) + (double)price * quantity) / Math.abs(after));
        }
        if (after == 0)
        {
            averagePrice[symbolIndex] = 0;
        }
        netVolume[symbolIndex] = after;
    }

    long netVolume(final int symbolIndex)
    {
        return netVolume[symbolIndex];
    }

    long averagePrice(final int symbolIndex)
    {
        return averagePrice[symbolIndex];
    }

    AccountSnapshot snapshot()
    {
        final List<TerminalPosition> positions = new ArrayList<>();
        for (int i = 0; i < netVolume.length; i++)
        {
            final long volume = netVolume[i] + (i == unknownSymbol ? unknownVolume : 0);
            if (volume != 0)
            {
                positions.add(new TerminalPosition(i, volume, averagePrice[i]));
            }
        }
        final long balance = startingBalance - commissionPaid;
        return new AccountSnapshot(balance, balance, 0, leverage, positions);
    }
}
