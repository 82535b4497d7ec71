package io.tradingcore.projections.postgres;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.projections.EventBatch;
import org.postgresql.copy.CopyManager;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The daily_pnl table, per account and UTC day of engine time: a batch's fills are summed and its first and last
 * equity of the day kept, then added to the day's row: the opening equity is the day's first ever, the closing its
 * latest.
 */
final class DailyPnlRows implements TableRows
{
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final String COLUMNS = "tenant_id, account_id, day, realized_pnl, commission, fill_count, " +
        "opening_equity, closing_equity";
    private static final String MERGE = "INSERT INTO daily_pnl (" + COLUMNS + ") SELECT * FROM unnest(%s)" +
        " ON CONFLICT (tenant_id, account_id, day) DO UPDATE SET " +
        "realized_pnl = daily_pnl.realized_pnl + EXCLUDED.realized_pnl, " +
        "commission = daily_pnl.commission + EXCLUDED.commission, " +
        "fill_count = daily_pnl.fill_count + EXCLUDED.fill_count, " +
        "opening_equity = COALESCE(daily_pnl.opening_equity, EXCLUDED.opening_equity), " +
        "closing_equity = COALESCE(EXCLUDED.closing_equity, daily_pnl.closing_equity)";

    private record Key(int tenantId, long accountId, long epochDay)
    {
    }

    private static final class Day
    {
        long realizedPnl;
        long commission;
        int fillCount;
        boolean hasEquity;
        long openingEquity;
        long closingEquity;
    }

    private final UnnestRows merged = new UnnestRows(MERGE, "integer", "bigint", "date", "numeric", "numeric",
        "integer", "numeric", "numeric");
    private final Map<Key, Day> days = new HashMap<>();

    @Override
    public void clear()
    {
        merged.clear();
        days.clear();
    }

    void onFill(final EventBatch batch, final int index, final FillDecoder fill)
    {
        final Day day = day(batch, index, fill.accountId());
        day.realizedPnl = Math.addExact(day.realizedPnl, fill.realizedPnl());
        day.commission = Math.addExact(day.commission, fill.commission());
        day.fillCount++;
    }

    void onAccountState(final EventBatch batch, final int index, final AccountStateDecoder state)
    {
        final Day day = day(batch, index, state.accountId());
        if (!day.hasEquity)
        {
            day.hasEquity = true;
            day.openingEquity = state.equity();
        }
        day.closingEquity = state.equity();
    }

    private Day day(final EventBatch batch, final int index, final long accountId)
    {
        final Key key = new Key(batch.tenantId(index), accountId, Math.floorDiv(batch.timeNs(index), NANOS_PER_DAY));
        return days.computeIfAbsent(key, k -> new Day());
    }

    @Override
    public void copy(final CopyManager copy) throws SQLException
    {
        final int money = FixedPoint.MONEY_DIGITS;
        for (final Map.Entry<Key, Day> entry : days.entrySet())
        {
            final Key key = entry.getKey();
            final Day day = entry.getValue();
            merged.number(key.tenantId()).number(key.accountId()).epochDay(key.epochDay())
                .decimal(day.realizedPnl, money).decimal(day.commission, money).number(day.fillCount);
            if (day.hasEquity)
            {
                merged.decimal(day.openingEquity, money).decimal(day.closingEquity, money);
            }
            else
            {
                merged.nul().nul();
            }
            merged.endRow();
        }
    }

    @Override
    public List<UnnestRows> merges()
    {
        return List.of(merged);
    }

}
