package io.tradingcore.engine;

import java.util.ArrayList;

/** A customer of the platform: owns accounts, has aggregate limits and its own kill switch. */
final class Tenant
{
    final int tenantId;
    String name;
    final RiskLimits limits = new RiskLimits();
    final OrderRateWindow orderRate = new OrderRateWindow();
    final ArrayList<Account> accounts = new ArrayList<>();
    int openOrders;
    boolean killed;

    Tenant(final int tenantId, final String name)
    {
        this.tenantId = tenantId;
        this.name = name;
    }
}
