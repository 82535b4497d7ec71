package io.tradingcore.projections.postgres;

import io.tradingcore.projections.EventBatch;
import org.postgresql.copy.CopyManager;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The usage table, metering per tenant and UTC day of engine time, and usage_accounts, the accounts active each day
 * that active_accounts counts. Ticks name no tenant and are metered under tenant 0, the platform. An account already
 * stored as active on a day is not sent again: most batches would send every busy account once more.
 */
final class UsageRows implements TableRows
{
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    /** Past this many, the accounts known to be stored are forgotten (and sent again, which stores nothing). */
    private static final int MAX_KNOWN = 100_000;
    private static final String COLUMNS = "tenant_id, day, ticks, orders, fills, rejects, active_accounts";
    private static final String MERGE_ACCOUNTS = "INSERT INTO usage_accounts (tenant_id, day, account_id) " +
        "SELECT * FROM unnest(%s) ON CONFLICT DO NOTHING";
    private static final String MERGE = "INSERT INTO usage (" + COLUMNS + ") SELECT s.tenant_id, s.day, s.ticks, " +
        "s.orders, s.fills, s.rejects, (SELECT count(*) FROM usage_accounts a WHERE a.tenant_id = s.tenant_id AND " +
        "a.day = s.day) FROM unnest(%s) AS s (tenant_id, day, ticks, orders, fills, rejects) " +
        "ON CONFLICT (tenant_id, day) DO UPDATE SET " +
        "ticks = usage.ticks + EXCLUDED.ticks, orders = usage.orders + EXCLUDED.orders, " +
        "fills = usage.fills + EXCLUDED.fills, rejects = usage.rejects + EXCLUDED.rejects, " +
        "active_accounts = EXCLUDED.active_accounts";

    private record Key(int tenantId, long epochDay)
    {
    }

    private record Active(int tenantId, long epochDay, long accountId)
    {
    }

    private static final class Counts
    {
        long ticks;
        long orders;
        long fills;
        long rejects;
    }

    private final UnnestRows merged = new UnnestRows(MERGE, "integer", "date", "bigint", "bigint", "bigint",
        "bigint");
    private final UnnestRows mergedAccounts = new UnnestRows(MERGE_ACCOUNTS, "integer", "date", "bigint");
    private final Map<Key, Counts> counts = new HashMap<>();
    private final Set<Active> active = new HashSet<>();
    /** Active accounts of earlier batches, committed. */
    private final Set<Active> known = new HashSet<>();

    @Override
    public void clear()
    {
        merged.clear();
        mergedAccounts.clear();
        counts.clear();
        active.clear();
    }

    void onTick(final EventBatch batch, final int index)
    {
        counts(batch, index).ticks++;
    }

    void onOrderAccepted(final EventBatch batch, final int index)
    {
        counts(batch, index).orders++;
        activeAccount(batch, index);
    }

    void onOrderRejected(final EventBatch batch, final int index)
    {
        final Counts day = counts(batch, index);
        day.orders++;
        day.rejects++;
        activeAccount(batch, index);
    }

    void onFill(final EventBatch batch, final int index)
    {
        counts(batch, index).fills++;
        activeAccount(batch, index);
    }

    void onInputRejected(final EventBatch batch, final int index)
    {
        counts(batch, index).rejects++;
    }

    private Counts counts(final EventBatch batch, final int index)
    {
        return counts.computeIfAbsent(new Key(batch.tenantId(index), epochDay(batch, index)), key -> new Counts());
    }

    private void activeAccount(final EventBatch batch, final int index)
    {
        final long accountId = batch.accountId(index);
        if (accountId != 0)
        {
            final Active account = new Active(batch.tenantId(index), epochDay(batch, index), accountId);
            if (!known.contains(account))
            {
                active.add(account);
            }
        }
    }

    private static long epochDay(final EventBatch batch, final int index)
    {
        return Math.floorDiv(batch.timeNs(index), NANOS_PER_DAY);
    }

    @Override
    public void copy(final CopyManager copy) throws SQLException
    {
        for (final Map.Entry<Key, Counts> entry : counts.entrySet())
        {
            final Counts day = entry.getValue();
            merged.number(entry.getKey().tenantId()).epochDay(entry.getKey().epochDay()).number(day.ticks)
                .number(day.orders).number(day.fills).number(day.rejects).endRow();
        }
        for (final Active account : active)
        {
            mergedAccounts.number(account.tenantId()).epochDay(account.epochDay()).number(account.accountId())
                .endRow();
        }
    }

    @Override
    public void committed()
    {
        if (known.size() + active.size() > MAX_KNOWN)
        {
            known.clear();
        }
        known.addAll(active);
        active.clear();
    }

    @Override
    public void forget()
    {
        known.clear();
    }

    /** The active accounts first: the usage rows count them. */
    @Override
    public List<UnnestRows> merges()
    {
        return List.of(mergedAccounts, merged);
    }
}
