package io.tradingcore.projections.postgres;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.projections.EventBatch;
import org.postgresql.copy.CopyManager;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The accounts table (what AccountUpdate set and the latest AccountState) and account_states (every AccountState,
 * appended). A batch's events of one account are folded into one row to merge; what the batch did not say of an account
 * (its currency when only states came) stays as the table has it.
 */
final class AccountRows implements TableRows
{
    private static final String COLUMNS = "tenant_id, account_id, currency, leverage, balance, equity, " +
        "realized_pnl, unrealized_pnl, margin_used, gross_exposure, open_orders, halted, updated_input_sequence, " +
        "updated_output_index, updated_at";
    private static final String MERGE = "INSERT INTO accounts (" + COLUMNS + ") SELECT * FROM unnest(%s)" +
        " ON CONFLICT (tenant_id, account_id) DO UPDATE SET " +
        "currency = COALESCE(EXCLUDED.currency, accounts.currency), " +
        "leverage = COALESCE(EXCLUDED.leverage, accounts.leverage), balance = EXCLUDED.balance, " +
        "equity = COALESCE(EXCLUDED.equity, accounts.equity), " +
        "realized_pnl = COALESCE(EXCLUDED.realized_pnl, accounts.realized_pnl), " +
        "unrealized_pnl = COALESCE(EXCLUDED.unrealized_pnl, accounts.unrealized_pnl), " +
        "margin_used = COALESCE(EXCLUDED.margin_used, accounts.margin_used), " +
        "gross_exposure = COALESCE(EXCLUDED.gross_exposure, accounts.gross_exposure), " +
        "open_orders = COALESCE(EXCLUDED.open_orders, accounts.open_orders), " +
        "halted = COALESCE(EXCLUDED.halted, accounts.halted), " +
        "updated_input_sequence = EXCLUDED.updated_input_sequence, " +
        "updated_output_index = EXCLUDED.updated_output_index, updated_at = EXCLUDED.updated_at";
    private static final int MONEY = FixedPoint.MONEY_DIGITS;

    private record Key(int tenantId, long accountId)
    {
    }

    private static final class Account
    {
        String currency;
        boolean updated;
        int leverage;
        long balance;
        boolean stated;
        long equity;
        long realizedPnl;
        long unrealizedPnl;
        long marginUsed;
        long grossExposure;
        int openOrders;
        boolean halted;
        long inputSequence;
        int outputIndex;
        long timeNs;
    }

    private final UnnestRows merged = new UnnestRows(MERGE, "integer", "bigint", "text", "integer", "numeric",
        "numeric", "numeric", "numeric", "numeric", "numeric", "integer", "boolean", "bigint", "integer",
        "timestamptz");
    private final CopyRows states = new CopyRows("account_states", EventColumns.PLACE + ", balance, equity, " +
        "realized_pnl, unrealized_pnl, margin_used, gross_exposure, open_orders, halted");
    private final Map<Key, Account> accounts = new HashMap<>();

    @Override
    public void clear()
    {
        merged.clear();
        states.clear();
        accounts.clear();
    }

    void onAccountUpdate(final EventBatch batch, final int index, final AccountUpdateDecoder update)
    {
        final Account account = account(batch, index, update.accountId());
        account.updated = true;
        account.currency = update.currency();
        account.leverage = update.leverage();
        account.balance = update.balance();
    }

    void onAccountState(final EventBatch batch, final int index, final AccountStateDecoder state)
    {
        final Account account = account(batch, index, state.accountId());
        account.stated = true;
        account.balance = state.balance();
        account.equity = state.equity();
        account.realizedPnl = state.realizedPnl();
        account.unrealizedPnl = state.unrealizedPnl();
        account.marginUsed = state.marginUsed();
        account.grossExposure = state.grossExposure();
        account.openOrders = state.openOrders();
        account.halted = state.halted() == BooleanType.TRUE;
        EventColumns.place(states, batch, index).decimal(account.balance, MONEY).decimal(account.equity, MONEY)
            .decimal(account.realizedPnl, MONEY).decimal(account.unrealizedPnl, MONEY)
            .decimal(account.marginUsed, MONEY).decimal(account.grossExposure, MONEY).int4(account.openOrders)
            .bool(account.halted).endRow();
    }

    private Account account(final EventBatch batch, final int index, final long accountId)
    {
        final Account account = accounts.computeIfAbsent(new Key(batch.tenantId(index), accountId),
            key -> new Account());
        account.inputSequence = batch.inputSequence(index);
        account.outputIndex = batch.outputIndex(index);
        account.timeNs = batch.timeNs(index);
        return account;
    }

    @Override
    public void copy(final CopyManager copy) throws SQLException
    {
        states.copy(copy);
        for (final Map.Entry<Key, Account> entry : accounts.entrySet())
        {
            final Account account = entry.getValue();
            merged.number(entry.getKey().tenantId()).number(entry.getKey().accountId());
            if (account.updated)
            {
                merged.text(account.currency).number(account.leverage);
            }
            else
            {
                merged.nul().nul();
            }
            merged.decimal(account.balance, MONEY);
            if (account.stated)
            {
                merged.decimal(account.equity, MONEY).decimal(account.realizedPnl, MONEY)
                    .decimal(account.unrealizedPnl, MONEY).decimal(account.marginUsed, MONEY)
                    .decimal(account.grossExposure, MONEY).number(account.openOrders).bool(account.halted);
            }
            else
            {
                merged.nul().nul().nul().nul().nul().nul().nul();
            }
            merged.number(account.inputSequence).number(account.outputIndex).timestamp(account.timeNs).endRow();
        }
    }

    @Override
    public List<UnnestRows> merges()
    {
        return List.of(merged);
    }

}
