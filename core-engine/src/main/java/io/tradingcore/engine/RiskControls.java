package io.tradingcore.engine;

import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.HaltAccountDecoder;
import io.tradingcore.codec.KillScope;
import io.tradingcore.codec.KillSwitchDecoder;
import io.tradingcore.codec.PositionMismatchDecoder;
import io.tradingcore.codec.RejectReason;

import java.util.ArrayList;

/**
 * The controls above pre-trade risk: the kill switch (global, per tenant, per account), halted accounts, and the
 * daily loss limit, which engages an account's kill switch when reached. Trading days roll over in engine time.
 */
final class RiskControls
{
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private final CurrentInput input;
    private final EngineEvents events;
    private final ReasonText text;
    private final Accounts accounts;
    private final LiveOrders liveOrders;
    private long currentDay = Long.MIN_VALUE;
    private boolean globalKill;

    RiskControls(
        final CurrentInput input, final EngineEvents events, final ReasonText text, final Accounts accounts,
        final LiveOrders liveOrders)
    {
        this.input = input;
        this.events = events;
        this.text = text;
        this.accounts = accounts;
        this.liveOrders = liveOrders;
    }

    /** True while the kill switch for every tenant is engaged. */
    boolean globalKill()
    {
        return globalKill;
    }

    /** At the first input of a new day in engine time, each account's day starts from its equity now. */
    void rollDayIfNeeded()
    {
        final long day = Math.floorDiv(input.timeNs, NANOS_PER_DAY);
        if (day != currentDay)
        {
            currentDay = day;
            accounts.startDay();
        }
    }

    void onHaltAccount(final HaltAccountDecoder halt)
    {
        final Account account = accounts.ofTenantOrReject(halt.tenantId(), halt.accountId());
        if (account == null)
        {
            return;
        }
        account.halted = halt.halt() == BooleanType.TRUE;
        text.clear().append("account ").append(account.accountId).append(account.halted ? " halted" : " resumed");
        events.riskAlert(account.tenant.tenantId, account.accountId,
            account.halted ? AlertKind.ACCOUNT_HALTED : AlertKind.ACCOUNT_RESUMED, 0, 0, text);
        events.accountState(account);
    }

    void onKillSwitch(final KillSwitchDecoder kill)
    {
        final KillScope scope = kill.scope();
        final int tenantId = kill.tenantId();
        final long accountId = kill.accountId();
        final boolean engage = kill.engage() == BooleanType.TRUE;
        final String reason = kill.reason();
        final Tenant tenant = accounts.tenant(tenantId);
        final Account account = accounts.ofTenant(tenantId, accountId);
        if ((scope == KillScope.TENANT && tenant == null) || (scope == KillScope.ACCOUNT && account == null) ||
            scope == KillScope.NULL_VAL)
        {
            text.clear().append("kill switch scope ").append(String.valueOf(scope)).append(" names no known tenant ")
                .append(tenantId).append(" or account ").append(accountId);
            events.inputRejected(input.templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        switch (scope)
        {
            case ALL:
                globalKill = engage;
                break;
            case TENANT:
                tenant.killed = engage;
                break;
            default:
                account.killed = engage;
        }
        if (engage)
        {
            final int cancelled = liveOrders.routeCancels(scope, tenantId, accountId);
            text.clear().append(reason);
            events.killSwitchEngaged(scope, tenantId, accountId, cancelled, text);
        }
        else
        {
            text.clear().append("kill switch released: ").append(reason);
            events.riskAlert(tenantId, accountId, AlertKind.KILL_SWITCH_RELEASED, 0, 0, text);
        }
    }

    /**
     * The bridge found a terminal's position different from the core's: the broker's books are the truth, so a
     * person must look. Alerts, and halts the account when the input asks for it (a setting of the bridge).
     */
    void onPositionMismatch(final PositionMismatchDecoder mismatch)
    {
        final Account account = accounts.ofTenantOrReject(mismatch.tenantId(), mismatch.accountId());
        if (account == null)
        {
            return;
        }
        final Position position = account.positions.get(mismatch.instrumentId());
        final long coreNow = position == null ? 0 : position.netQuantity;
        final boolean halt = mismatch.halt() == BooleanType.TRUE;
        text.clear().append("terminal of account ").append(account.accountId).append(" holds ")
            .appendQuantity(mismatch.terminalQuantity()).append(" lots of instrument ").append(mismatch.instrumentId())
            .append(", the core ").appendQuantity(mismatch.coreQuantity()).append(" when compared (")
            .appendQuantity(coreNow).append(" now)").append(halt && !account.halted ? ": account halted" : "");
        events.riskAlert(account.tenant.tenantId, account.accountId, AlertKind.POSITION_MISMATCH,
            mismatch.terminalQuantity(), mismatch.coreQuantity(), text);
        if (halt && !account.halted)
        {
            account.halted = true;
            text.clear().append("account ").append(account.accountId).append(
                " halted: its terminal's positions differ");
            events.riskAlert(account.tenant.tenantId, account.accountId, AlertKind.ACCOUNT_HALTED, 0, 0, text);
            events.accountState(account);
        }
    }

    /** A tick moved this market: checks the daily loss of every account with an open position in it. */
    void onQuote(final InstrumentMarket market)
    {
        final ArrayList<Position> open = market.openPositions;
        for (int i = 0, size = open.size(); i < size; i++)
        {
            final Position position = open.get(i);
            if (!dailyLossCertainlyNotReached(position))
            {
                checkDailyLoss(position.account);
            }
        }
    }

    /**
     * True when this tick certainly did not bring the account of an open position in its market to the daily loss
     * limit, told without the division that computing its P&L takes: only this position's mark moved, so the limit is
     * reached only if its unrealized P&L fell to {@code dayStartEquity - limit - balance - (the other positions')},
     * and its quantity x price above the bound for that floor proves it did not. False means "check it", never
     * "reached": {@link #checkDailyLoss} then decides exactly as before. The other positions' P&L is computed in the
     * same order as the check would, so an overflow throws the same exception at the same place; figures too large to
     * add up without wrapping send it to the full check.
     */
    static boolean dailyLossCertainlyNotReached(final Position position)
    {
        final Account account = position.account;
        final long limit = account.limits.dailyLossLimit;
        if (limit <= 0 || account.killed)
        {
            return true; // checkDailyLoss does nothing either
        }
        final int size = account.positionCount();
        // Every figure within 2^56 and at most 16 positions: no sum below can wrap, in this order or the check's.
        if (size > 16 || limit > Position.SMALL_MONEY || !isSmall(account.balance) || !isSmall(account.dayStartEquity))
        {
            return false;
        }
        long others = 0;
        long gap = Position.UNKNOWN_GAP;
        for (int i = 0; i < size; i++)
        {
            final Position each = account.positionAt(i);
            if (each == position)
            {
                gap = position.unrealizedQuantityPrice();
                if (gap == Position.UNKNOWN_GAP)
                {
                    return false;
                }
            }
            else
            {
                final long unrealized = each.unrealizedPnl();
                if (!isSmall(unrealized))
                {
                    return false;
                }
                others += unrealized;
            }
        }
        return gap >= position.quantityPriceAbove(account.dayStartEquity - limit - account.balance - others);
    }

    private static boolean isSmall(final long money)
    {
        return money <= Position.SMALL_MONEY && money >= -Position.SMALL_MONEY;
    }

    /** Engages the account's kill switch, cancelling its live orders, once its loss today reaches the limit. */
    void checkDailyLoss(final Account account)
    {
        final long limit = account.limits.dailyLossLimit;
        if (limit <= 0 || account.killed)
        {
            return;
        }
        final long loss = account.dayStartEquity - Ledger.equity(account);
        if (loss >= limit)
        {
            text.clear().append("daily loss ").appendMoney(loss).append(" reached limit ").appendMoney(limit)
                .append(": kill switch engaged");
            events.riskAlert(account.tenant.tenantId, account.accountId, AlertKind.DAILY_LOSS_LIMIT, loss, limit, text);
            account.killed = true;
            final int cancelled = liveOrders.routeCancels(KillScope.ACCOUNT, 0, account.accountId);
            text.clear().append("daily loss limit of account ").append(account.accountId);
            events.killSwitchEngaged(KillScope.ACCOUNT, account.tenant.tenantId, account.accountId, cancelled, text);
        }
    }

    void writeSnapshot(final CanonicalWriter out)
    {
        out.putLong(currentDay);
        out.putBoolean(globalKill);
    }

    void readSnapshot(final CanonicalReader in)
    {
        restore(in.getLong(), in.getBoolean());
    }

    /** Also for snapshots before version 3, whose header held these two. */
    void restore(final long currentDay, final boolean globalKill)
    {
        this.currentDay = currentDay;
        this.globalKill = globalKill;
    }
}
