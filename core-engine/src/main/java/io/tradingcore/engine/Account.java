package io.tradingcore.engine;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/** A trading account: balance, positions, live orders and limits. */
final class Account
{
    final Tenant tenant;
    final long accountId;
    String currency;
    /** Deposits plus realized P&L minus commission. */
    long balance;
    int leverage;
    long realizedPnl;
    long commission;
    boolean halted;
    boolean killed;
    long dayStartEquity;
    /** Engine time of the last AccountState a price move caused, for the throttle of {@link Accounts#onQuote}. */
    long quoteStateNs = Long.MIN_VALUE;
    final RiskLimits limits = new RiskLimits();
    final OrderRateWindow orderRate = new OrderRateWindow();
    final Int2ObjectHashMap<Position> positions = new Int2ObjectHashMap<>();
    final Long2ObjectHashMap<Order> liveOrdersByClientId = new Long2ObjectHashMap<>();
    final RecentClientOrderIds usedClientOrderIds = new RecentClientOrderIds();
    /** The same positions as {@link #positions}, in the order they were opened: the ledger sums walk this array
     * rather than the map's slots, several times per order. */
    private Position[] positionList = new Position[4];
    private int positionCount;

    Account(final Tenant tenant, final long accountId)
    {
        this.tenant = tenant;
        this.accountId = accountId;
    }

    int openOrders()
    {
        return liveOrdersByClientId.size();
    }

    void addPosition(final Position position)
    {
        positions.put(position.instrument.instrumentId(), position);
        if (positionCount == positionList.length)
        {
            positionList = Arrays.copyOf(positionList, positionCount * 2);
        }
        positionList[positionCount++] = position;
    }

    int positionCount()
    {
        return positionCount;
    }

    Position positionAt(final int index)
    {
        return positionList[index];
    }
}
