package io.tradingcore.projections.dragonfly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.domain.FixedPoint;

import java.util.Map;

/**
 * Accounts and tenants. An account's hash holds the figures of its last AccountState, and the currency and leverage
 * its AccountUpdate set; a tenant's holds its name. Each batch publishes, per account it changed, the fields it
 * changed.
 */
final class AccountWriter
{
    private final DragonflyKeys keys;

    AccountWriter(final DragonflyKeys keys)
    {
        this.keys = keys;
    }

    void onAccountState(final AccountStateDecoder state, final BatchWrites writes)
    {
        final String key = keys.account(state.tenantId(), state.accountId());
        writes.put(key, "balance", money(state.balance()));
        writes.put(key, "equity", money(state.equity()));
        writes.put(key, "realized", money(state.realizedPnl()));
        writes.put(key, "unrealized", money(state.unrealizedPnl()));
        writes.put(key, "margin", money(state.marginUsed()));
        writes.put(key, "exposure", money(state.grossExposure()));
        writes.put(key, "openOrders", Integer.toString(state.openOrders()));
        writes.put(key, "halted", Boolean.toString(state.halted() == BooleanType.TRUE));
        writes.put(key, "timeNs", Long.toString(state.timeNs()));
        publish(state.tenantId(), state.accountId(), key, writes);
    }

    /**
     * An input, taken when its fields are valid. An update the engine turned away for another reason (its tenant
     * undefined, its account another tenant's) still writes its currency and leverage: the sink does not keep the
     * tenants' accounts to tell.
     */
    void onAccountUpdate(final AccountUpdateDecoder update, final BatchWrites writes)
    {
        if (update.tenantId() <= 0 || update.accountId() <= 0 || update.leverage() < 0)
        {
            return;
        }
        final String key = keys.account(update.tenantId(), update.accountId());
        writes.put(key, "currency", update.currency().trim());
        writes.put(key, "leverage", Integer.toString(update.leverage()));
        publish(update.tenantId(), update.accountId(), key, writes);
    }

    void onDefineTenant(final DefineTenantDecoder define, final BatchWrites writes)
    {
        final int tenantId = define.tenantId();
        if (tenantId > 0)
        {
            writes.put(keys.tenant(tenantId), "name", define.name());
        }
    }

    private void publish(final int tenantId, final long accountId, final String key, final BatchWrites writes)
    {
        final ObjectNode json = Json.object();
        json.put("tenantId", tenantId);
        json.put("accountId", accountId);
        for (final Map.Entry<String, String> field : writes.pending(key).entrySet())
        {
            json.put(field.getKey(), field.getValue());
        }
        writes.publish(keys.accountsChannel(tenantId), key, json.toString());
    }

    private static String money(final long money)
    {
        return FixedPoint.format(money, FixedPoint.MONEY_DIGITS);
    }
}
