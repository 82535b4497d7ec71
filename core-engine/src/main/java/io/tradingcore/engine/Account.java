package io.tradingcore.engine;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

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
    final RiskLimits limits = new RiskLimits();
    final OrderRateWindow orderRate = new OrderRateWindow();
    final Int2ObjectHashMap<Position> positions = new Int2ObjectHashMap<>();
    final Long2ObjectHashMap<Order> liveOrdersByClientId = new Long2ObjectHashMap<>();
    final RecentClientOrderIds usedClientOrderIds = new RecentClientOrderIds();

    Account(final Tenant tenant, final long accountId)
    {
        this.tenant = tenant;
        this.accountId = accountId;
    }

    int openOrders()
    {
        return liveOrdersByClientId.size();
    }
}
