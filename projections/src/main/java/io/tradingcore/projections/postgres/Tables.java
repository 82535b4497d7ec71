package io.tradingcore.projections.postgres;

import java.util.List;

/** The projection's tables, in the order the run summary lists them. */
final class Tables
{
    /** Every table a rebuild empties: all but tenant_roles, which is access, not data. */
    static final List<String> PROJECTED = List.of("tenants", "instruments", "accounts", "orders", "order_events",
        "fills", "positions", "account_states", "risk_events", "daily_pnl", "usage", "usage_accounts",
        "dead_letters");

    static final List<String> ALL = List.of("tenants", "instruments", "accounts", "orders", "order_events", "fills",
        "positions", "account_states", "risk_events", "daily_pnl", "usage", "usage_accounts", "dead_letters",
        "checkpoint");

    private Tables()
    {
    }
}
