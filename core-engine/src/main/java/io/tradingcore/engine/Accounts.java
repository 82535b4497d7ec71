package io.tradingcore.engine;

import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.EngineSettingsDecoder;
import io.tradingcore.codec.LimitScope;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.SetRiskLimitsDecoder;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * Tenants and their accounts: balances, leverage, risk limits and positions, and the one check that an account
 * belongs to the tenant an input names.
 */
final class Accounts
{
    /** A day: a longer interval would hide a whole trading session's moves. */
    static final long MAX_ACCOUNT_STATE_INTERVAL_MS = 86_400_000L;

    private final Int2ObjectHashMap<Tenant> tenants = new Int2ObjectHashMap<>();
    private final Long2ObjectHashMap<Account> byId = new Long2ObjectHashMap<>();
    private final CurrentInput input;
    private final EngineEvents events;
    private final ReasonText text;
    /** AccountState on price moves at most this often per account, in engine time; 0: not on price moves. */
    private long accountStateIntervalNs;

    Accounts(final CurrentInput input, final EngineEvents events, final ReasonText text)
    {
        this.input = input;
        this.events = events;
        this.text = text;
    }

    Tenant tenant(final int tenantId)
    {
        return tenants.get(tenantId);
    }

    Account get(final long accountId)
    {
        return byId.get(accountId);
    }

    /** The account when it exists and belongs to the tenant, else null: an input acts only on its tenant's accounts. */
    Account ofTenant(final int tenantId, final long accountId)
    {
        final Account account = byId.get(accountId);
        return account == null || account.tenant.tenantId != tenantId ? null : account;
    }

    /**
     * As {@link #ofTenant}, for an admin or venue input that names the account: when there is none, the input is
     * rejected as naming an unknown account and null comes back.
     */
    Account ofTenantOrReject(final int tenantId, final long accountId)
    {
        final Account account = ofTenant(tenantId, accountId);
        if (account == null)
        {
            text.clear();
            appendNotKnown(tenantId, accountId);
            events.inputRejected(input.templateId, RejectReason.UNKNOWN_ACCOUNT, text);
        }
        return account;
    }

    /** Appends why {@link #ofTenant} found no account, in the words every reject of that kind uses. */
    ReasonText appendNotKnown(final int tenantId, final long accountId)
    {
        return text.append("account ").append(accountId).append(" is not known for tenant ").append(tenantId);
    }

    /** The accounts in id order, the canonical order of reports and snapshots. */
    Account[] sorted()
    {
        final Account[] sorted = byId.values().toArray(new Account[0]);
        Arrays.sort(sorted, (a, b) -> Long.compare(a.accountId, b.accountId));
        return sorted;
    }

    /** The account's position in the market, opened flat on first use (positions are never removed). */
    static Position position(final Account account, final InstrumentMarket market)
    {
        Position position = account.positions.get(market.spec.instrumentId());
        if (position == null)
        {
            position = new Position(account, market);
            account.addPosition(position);
        }
        return position;
    }

    /** A new trading day: each account's loss for the day is measured from its equity now. */
    void startDay()
    {
        for (final Account account : byId.values())
        {
            account.dayStartEquity = Ledger.equity(account);
        }
    }

    void onEngineSettings(final EngineSettingsDecoder settings)
    {
        final long intervalMs = settings.accountStateIntervalMs();
        if (intervalMs < 0 || intervalMs > MAX_ACCOUNT_STATE_INTERVAL_MS)
        {
            text.clear().append("account state interval ").append(intervalMs).append(" ms must be between 0 (off) and ")
                .append(MAX_ACCOUNT_STATE_INTERVAL_MS).append(" ms");
            events.inputRejected(input.templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        accountStateIntervalNs = intervalMs * 1_000_000L;
    }

    /**
     * A tick moved this market: the accounts holding it get their equity, margin and unrealized P&L at the new quote,
     * at most once per account per interval of engine time, so that the figures follow the market without an event
     * per tick per account. Deterministic, since it depends on engine time alone.
     */
    void onQuote(final InstrumentMarket market)
    {
        if (accountStateIntervalNs == 0)
        {
            return;
        }
        final ArrayList<Position> open = market.openPositions;
        for (int i = 0, size = open.size(); i < size; i++)
        {
            final Account account = open.get(i).account;
            if (account.quoteStateNs == Long.MIN_VALUE || input.timeNs - account.quoteStateNs >= accountStateIntervalNs)
            {
                account.quoteStateNs = input.timeNs;
                events.accountState(account);
            }
        }
    }

    void onDefineTenant(final DefineTenantDecoder define)
    {
        final int tenantId = define.tenantId();
        final String name = define.name();
        if (tenantId <= 0)
        {
            text.clear().append("tenant id must be positive");
            events.inputRejected(input.templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        final Tenant existing = tenants.get(tenantId);
        if (existing != null)
        {
            existing.name = name;
            return;
        }
        tenants.put(tenantId, new Tenant(tenantId, name));
    }

    void onAccountUpdate(final AccountUpdateDecoder update)
    {
        final Tenant tenant = tenants.get(update.tenantId());
        if (tenant == null)
        {
            text.clear().append("tenant ").append(update.tenantId()).append(" is not defined");
            events.inputRejected(input.templateId, RejectReason.UNKNOWN_TENANT, text);
            return;
        }
        if (update.accountId() <= 0 || update.leverage() < 0)
        {
            text.clear().append("account id must be positive and leverage not negative");
            events.inputRejected(input.templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        Account account = byId.get(update.accountId());
        if (account != null && account.tenant != tenant)
        {
            text.clear().append("account ").append(update.accountId()).append(" belongs to another tenant");
            events.inputRejected(input.templateId, RejectReason.UNKNOWN_ACCOUNT, text);
            return;
        }
        final String currency = update.currency().trim();
        if (account == null)
        {
            account = add(tenant, update.accountId());
            account.balance = update.balance();
            account.dayStartEquity = update.balance();
        }
        else
        {
            // A balance update is a deposit or withdrawal: it moves today's loss reference with it.
            account.dayStartEquity += update.balance() - account.balance;
            account.balance = update.balance();
        }
        account.currency = currency;
        account.leverage = update.leverage();
        events.accountState(account);
    }

    private Account add(final Tenant tenant, final long accountId)
    {
        final Account account = new Account(tenant, accountId);
        byId.put(accountId, account);
        tenant.accounts.add(account);
        return account;
    }

    void onSetRiskLimits(final SetRiskLimitsDecoder limits)
    {
        final RiskLimits target;
        if (limits.scope() == LimitScope.TENANT)
        {
            final Tenant tenant = tenants.get(limits.tenantId());
            if (tenant == null)
            {
                text.clear().append("tenant ").append(limits.tenantId()).append(" is not defined");
                events.inputRejected(input.templateId, RejectReason.UNKNOWN_TENANT, text);
                return;
            }
            target = tenant.limits;
        }
        else if (limits.scope() == LimitScope.ACCOUNT)
        {
            final Account account = ofTenantOrReject(limits.tenantId(), limits.accountId());
            if (account == null)
            {
                return;
            }
            target = account.limits;
        }
        else
        {
            text.clear().append("limit scope must be ACCOUNT or TENANT");
            events.inputRejected(input.templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        if (limits.maxOrderQuantity() < 0 || limits.maxPosition() < 0 || limits.maxGrossExposure() < 0 ||
            limits.maxOpenOrders() < 0 || limits.maxOrdersPerSecond() < 0 || limits.priceBandBps() < 0 ||
            limits.staleMarketMs() < 0 || limits.dailyLossLimit() < 0)
        {
            text.clear().append("limits cannot be negative (0 means no limit)");
            events.inputRejected(input.templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        target.maxOrderQuantity = limits.maxOrderQuantity();
        target.maxPosition = limits.maxPosition();
        target.maxGrossExposure = limits.maxGrossExposure();
        target.maxOpenOrders = limits.maxOpenOrders();
        target.maxOrdersPerSecond = limits.maxOrdersPerSecond();
        target.priceBandBps = limits.priceBandBps();
        target.staleMarketMs = limits.staleMarketMs();
        target.dailyLossLimit = limits.dailyLossLimit();
    }

    void writeSnapshot(final CanonicalWriter out)
    {
        out.putLong(accountStateIntervalNs);
        final Tenant[] sortedTenants = tenants.values().toArray(new Tenant[0]);
        Arrays.sort(sortedTenants, (a, b) -> Integer.compare(a.tenantId, b.tenantId));
        out.putInt(sortedTenants.length);
        for (final Tenant tenant : sortedTenants)
        {
            out.putInt(tenant.tenantId);
            out.putString(tenant.name);
            out.putBoolean(tenant.killed);
            tenant.limits.writeSnapshot(out);
            tenant.orderRate.writeSnapshot(out, input.timeNs);
        }

        final Account[] sortedAccounts = sorted();
        out.putInt(sortedAccounts.length);
        for (final Account account : sortedAccounts)
        {
            out.putLong(account.accountId);
            out.putInt(account.tenant.tenantId);
            out.putString(account.currency);
            out.putLong(account.balance);
            out.putInt(account.leverage);
            out.putLong(account.realizedPnl);
            out.putLong(account.commission);
            out.putBoolean(account.halted);
            out.putBoolean(account.killed);
            out.putLong(account.dayStartEquity);
            out.putLong(account.quoteStateNs);
            account.limits.writeSnapshot(out);
            account.orderRate.writeSnapshot(out, input.timeNs);
            final int[] instrumentIds = account.positions.keySet().stream().mapToInt(Integer::intValue).sorted()
                .toArray();
            out.putInt(instrumentIds.length);
            for (final int instrumentId : instrumentIds)
            {
                final Position position = account.positions.get(instrumentId);
                out.putInt(instrumentId);
                out.putLong(position.netQuantity);
                out.putLong(position.openCost);
                out.putLong(position.realizedPnl);
            }
            final long[] used = account.usedClientOrderIds.inOrder();
            out.putLongs(used, used.length);
        }
    }

    void readSnapshot(final CanonicalReader in, final Markets markets)
    {
        if (in.version() >= 3)
        {
            accountStateIntervalNs = in.getLong();
        }
        for (int i = 0, count = in.getInt(); i < count; i++)
        {
            final Tenant tenant = new Tenant(in.getInt(), in.getString());
            tenant.killed = in.getBoolean();
            tenant.limits.readSnapshot(in);
            tenant.orderRate.readSnapshot(in);
            tenants.put(tenant.tenantId, tenant);
        }

        for (int i = 0, count = in.getInt(); i < count; i++)
        {
            final long accountId = in.getLong();
            final Tenant tenant = tenants.get(in.getInt());
            if (tenant == null)
            {
                throw new IllegalArgumentException("engine snapshot: account " + accountId + " has no tenant");
            }
            final Account account = add(tenant, accountId);
            account.currency = in.getString();
            account.balance = in.getLong();
            account.leverage = in.getInt();
            account.realizedPnl = in.getLong();
            account.commission = in.getLong();
            account.halted = in.getBoolean();
            account.killed = in.getBoolean();
            account.dayStartEquity = in.getLong();
            if (in.version() >= 3)
            {
                account.quoteStateNs = in.getLong();
            }
            account.limits.readSnapshot(in);
            account.orderRate.readSnapshot(in);
            for (int p = 0, positions = in.getInt(); p < positions; p++)
            {
                final int instrumentId = in.getInt();
                final InstrumentMarket market = markets.get(instrumentId);
                if (market == null)
                {
                    throw new IllegalArgumentException("engine snapshot: account " + accountId +
                        " holds unknown instrument " + instrumentId);
                }
                final Position position = position(account, market);
                position.netQuantity = in.getLong();
                position.openCost = in.getLong();
                position.realizedPnl = in.getLong();
                if (position.netQuantity != 0)
                {
                    position.market.openPositions.add(position);
                    position.inMarketList = true;
                }
            }
            for (final long id : in.getLongs())
            {
                account.usedClientOrderIds.add(id);
            }
        }
    }
}
