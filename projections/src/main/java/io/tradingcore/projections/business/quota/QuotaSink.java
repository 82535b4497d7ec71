package io.tradingcore.projections.business.quota;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.ClientCommandDoneDecoder;
import io.tradingcore.codec.KillSwitchEngagedDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.ParkedEvent;
import io.tradingcore.projections.Sink;
import io.tradingcore.projections.SinkException;
import io.tradingcore.projections.business.BusinessDatabase;
import io.tradingcore.projections.business.SubscriptionTiers;
import io.tradingcore.projections.business.Tier;
import io.tradingcore.projections.business.notifications.TelegramHtml;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The quota service, a follower of the event stream like any projection (the projections' runtime runs it): it counts
 * each tenant's accepted orders per trading day (engine time, UTC), and when a tenant reaches 80% of its tier's daily
 * orders it warns ({@link QuotaListener}), and at 100% it halts new orders on each of the tenant's accounts for the
 * rest of the day, through the core's command ingress ({@link CommandOutbox}); never a forced close of a position.
 * It also hands the engine's risk alerts, kill switches, late fills and position mismatches to the listener, which
 * tells the tenant's users, and at each new trading day each account's daily P&amp;L.
 * On the first order of a later day it resumes the accounts it halted. Counts, decisions, commands and the checkpoint
 * are one transaction, so a batch applied again after a crash decides nothing twice.
 */
public final class QuotaSink implements Sink
{
    public static final String NAME = "quotas";

    private final BusinessDatabase database;
    private final SubscriptionTiers tiers;
    private final QuotaListener listener;
    private final long clientSessionId;
    private final LongConsumer acknowledged;
    private final CommandOutbox outbox = new CommandOutbox();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AccountUpdateDecoder accountUpdate = new AccountUpdateDecoder();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final ClientCommandDoneDecoder commandDone = new ClientCommandDoneDecoder();
    private final RiskAlertDecoder riskAlert = new RiskAlertDecoder();
    private final AccountStateDecoder accountState = new AccountStateDecoder();
    private final KillSwitchEngagedDecoder killSwitch = new KillSwitchEngagedDecoder();

    /**
     * @param clientSessionId the client session its commands go out on: their {@code ClientCommandDone}s mark them
     *                        done.
     * @param acknowledged    told, after each commit, the highest command sequence the engine has done.
     */
    public QuotaSink(final BusinessDatabase database, final SubscriptionTiers tiers, final QuotaListener listener,
        final long clientSessionId, final LongConsumer acknowledged)
    {
        this.database = database;
        this.tiers = tiers;
        this.listener = listener;
        this.clientSessionId = clientSessionId;
        this.acknowledged = acknowledged;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void open()
    {
    }

    @Override
    public boolean wantsInput(final int templateId)
    {
        return templateId == AccountUpdateDecoder.TEMPLATE_ID;
    }

    @Override
    public Checkpoint checkpoint() throws SinkException
    {
        try (Connection connection = database.connect();
            PreparedStatement select = connection.prepareStatement(
                "SELECT last_input, output_input, output_index FROM service_checkpoints WHERE service = ?"))
        {
            select.setString(1, NAME);
            try (ResultSet row = select.executeQuery())
            {
                return row.next() ? new Checkpoint(row.getLong(1), row.getLong(2), row.getInt(3)) : Checkpoint.ZERO;
            }
        }
        catch (final SQLException ex)
        {
            throw failure(ex);
        }
    }

    @Override
    public void apply(final EventBatch batch) throws SinkException
    {
        final Map<String, long[]> ordersByTenantDay = new LinkedHashMap<>();
        final Map<String, long[]> lastStates = new LinkedHashMap<>();
        long done = 0;
        LocalDate latestDay = null;
        try (Connection connection = database.connect())
        {
            connection.setAutoCommit(false);
            for (int i = 0; i < batch.size(); i++)
            {
                header.wrap(batch.buffer(), batch.offset(i));
                final int body = batch.offset(i) + MessageHeaderDecoder.ENCODED_LENGTH;
                if (batch.isInput(i))
                {
                    final AccountUpdateDecoder m = accountUpdate.wrap(batch.buffer(), body, header.blockLength(),
                        header.version());
                    addAccount(connection, m.tenantId(), m.accountId());
                    continue;
                }
                final LocalDate day = day(batch.timeNs(i));
                latestDay = latestDay == null || day.isAfter(latestDay) ? day : latestDay;
                if (header.templateId() == OrderAcceptedDecoder.TEMPLATE_ID)
                {
                    final int tenantId = orderAccepted.wrap(batch.buffer(), body, header.blockLength(),
                        header.version()).tenantId();
                    ordersByTenantDay.computeIfAbsent(tenantId + "/" + day, key -> new long[1])[0]++;
                }
                else if (header.templateId() == AccountStateDecoder.TEMPLATE_ID)
                {
                    final AccountStateDecoder m = accountState.wrap(batch.buffer(), body, header.blockLength(),
                        header.version());
                    lastStates.put(m.tenantId() + "/" + m.accountId() + "/" + day,
                        new long[] {m.realizedPnl(), m.equity()});
                }
                else if (header.templateId() == RiskAlertDecoder.TEMPLATE_ID)
                {
                    final RiskAlertDecoder m = riskAlert.wrap(batch.buffer(), body, header.blockLength(),
                        header.version());
                    final String kind = m.kind() == AlertKind.LATE_FILL ? "late_fill" :
                        m.kind() == AlertKind.POSITION_MISMATCH ? "position_mismatch" : "risk_alert";
                    final int tenantId = m.tenantId();
                    final long accountId = m.accountId();
                    final String alertKind = m.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
                    listener.onAlert(connection, tenantId, kind, eventKey(batch, i),
                        "<b>" + alertKind + "</b>, account " + accountId + ": " + TelegramHtml.escape(m.text()));
                }
                else if (header.templateId() == KillSwitchEngagedDecoder.TEMPLATE_ID)
                {
                    final KillSwitchEngagedDecoder m = killSwitch.wrap(batch.buffer(), body, header.blockLength(),
                        header.version());
                    final int tenantId = m.tenantId();
                    final int cancelled = m.cancelledOrders();
                    listener.onAlert(connection, tenantId, "kill_switch", eventKey(batch, i),
                        "<b>Kill switch engaged</b> (" + m.scope().name().toLowerCase(java.util.Locale.ROOT) +
                        "): " + cancelled + " orders cancelled. " + TelegramHtml.escape(m.reason()));
                }
                else if (header.templateId() == ClientCommandDoneDecoder.TEMPLATE_ID)
                {
                    final ClientCommandDoneDecoder m = commandDone.wrap(batch.buffer(), body, header.blockLength(),
                        header.version());
                    if (m.clientSessionId() == clientSessionId)
                    {
                        CommandOutbox.done(connection, m.clientSequence(), m.duplicate() == BooleanType.TRUE);
                        done = Math.max(done, m.clientSequence());
                    }
                }
            }
            storeDayStates(connection, lastStates);
            if (latestDay != null)
            {
                resumeBefore(connection, latestDay);
                reportDaysBefore(connection, latestDay);
            }
            for (final Map.Entry<String, long[]> counted : ordersByTenantDay.entrySet())
            {
                final String[] key = counted.getKey().split("/");
                count(connection, Integer.parseInt(key[0]), LocalDate.parse(key[1]), counted.getValue()[0]);
            }
            storeCheckpoint(connection, batch.checkpoint());
            connection.commit();
        }
        catch (final SQLException ex)
        {
            throw failure(ex);
        }
        if (done > 0)
        {
            acknowledged.accept(done);
        }
    }

    /** Adds the day's orders; warns at 80% of the tier's quota and halts the tenant's accounts at 100%, once each. */
    private void count(final Connection connection, final int tenantId, final LocalDate day, final long orders)
        throws SQLException
    {
        final long total;
        final boolean warned;
        final boolean limited;
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO daily_orders (tenant_id, day, " +
            "orders) VALUES (?, ?, ?) ON CONFLICT (tenant_id, day) DO UPDATE SET orders = daily_orders.orders + " +
            "excluded.orders RETURNING orders, warned, limited"))
        {
            upsert.setInt(1, tenantId);
            upsert.setObject(2, day);
            upsert.setLong(3, orders);
            try (ResultSet row = upsert.executeQuery())
            {
                row.next();
                total = row.getLong(1);
                warned = row.getBoolean(2);
                limited = row.getBoolean(3);
            }
        }
        final long limit = tier(connection, tenantId).ordersPerDay();
        if (limit == 0)
        {
            return;
        }
        if (!warned && total * 5 >= limit * 4)
        {
            mark(connection, tenantId, day, "warned");
            listener.onWarning(connection, tenantId, day, total, limit);
        }
        if (!limited && total >= limit)
        {
            mark(connection, tenantId, day, "limited");
            for (final long accountId : accounts(connection, tenantId))
            {
                outbox.haltAccount(connection, "quota-halt:" + tenantId + ":" + day + ":" + accountId, tenantId,
                    accountId, true);
                try (PreparedStatement halt = connection.prepareStatement("INSERT INTO quota_halts (tenant_id, " +
                    "account_id, day) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"))
                {
                    halt.setInt(1, tenantId);
                    halt.setLong(2, accountId);
                    halt.setObject(3, day);
                    halt.executeUpdate();
                }
            }
            listener.onLimited(connection, tenantId, day, total, limit);
        }
    }

    private static void storeDayStates(final Connection connection, final Map<String, long[]> lastStates)
        throws SQLException
    {
        if (lastStates.isEmpty())
        {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO daily_account_pnl (tenant_id, " +
            "account_id, day, realized_pnl, equity) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, account_id, day) " +
            "DO UPDATE SET realized_pnl = excluded.realized_pnl, equity = excluded.equity"))
        {
            for (final Map.Entry<String, long[]> state : lastStates.entrySet())
            {
                final String[] key = state.getKey().split("/");
                upsert.setInt(1, Integer.parseInt(key[0]));
                upsert.setLong(2, Long.parseLong(key[1]));
                upsert.setObject(3, LocalDate.parse(key[2]));
                upsert.setLong(4, state.getValue()[0]);
                upsert.setLong(5, state.getValue()[1]);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** A new trading day: each account's last day is told, its realized P&L and closing equity, once. */
    private void reportDaysBefore(final Connection connection, final LocalDate day) throws SQLException
    {
        final List<Object[]> days = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT tenant_id, account_id, day, " +
            "realized_pnl, equity FROM daily_account_pnl WHERE day < ? AND NOT reported ORDER BY day, account_id"))
        {
            select.setObject(1, day);
            try (ResultSet row = select.executeQuery())
            {
                while (row.next())
                {
                    days.add(new Object[] {row.getInt(1), row.getLong(2), row.getObject(3, LocalDate.class),
                        row.getLong(4), row.getLong(5)});
                }
            }
        }
        for (final Object[] done : days)
        {
            listener.onAlert(connection, (Integer)done[0], "daily_pnl", "daily-pnl:" + done[0] + ":" + done[1] + ":" +
                done[2], "<b>Daily P&amp;L</b> " + done[2] + ", account " + done[1] + ": realized " +
                FixedPoint.formatMoney((Long)done[3]) + ", equity " + FixedPoint.formatMoney((Long)done[4]));
            try (PreparedStatement update = connection.prepareStatement("UPDATE daily_account_pnl SET reported = " +
                "true WHERE tenant_id = ? AND account_id = ? AND day = ?"))
            {
                update.setInt(1, (Integer)done[0]);
                update.setLong(2, (Long)done[1]);
                update.setObject(3, done[2]);
                update.executeUpdate();
            }
        }
    }

    /** A new trading day: the accounts halted for an earlier day's quota take orders again. */
    private void resumeBefore(final Connection connection, final LocalDate day) throws SQLException
    {
        final List<Object[]> halts = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT tenant_id, account_id, day FROM " +
            "quota_halts WHERE day < ? AND NOT resumed"))
        {
            select.setObject(1, day);
            try (ResultSet row = select.executeQuery())
            {
                while (row.next())
                {
                    halts.add(new Object[] {row.getInt(1), row.getLong(2), row.getObject(3, LocalDate.class)});
                }
            }
        }
        for (final Object[] halt : halts)
        {
            resume(connection, (Integer)halt[0], (Long)halt[1], (LocalDate)halt[2], "quota-resume");
        }
    }

    /**
     * The tenant's tier changed (an upgrade takes effect at once): if today's quota had stopped it and the new tier
     * allows more, its accounts take orders again now. Called in the subscription change's transaction.
     */
    public static void onTierChanged(final Connection connection, final int tenantId, final long newOrdersPerDay,
        final LocalDate today) throws SQLException
    {
        long orders = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT orders FROM daily_orders WHERE " +
            "tenant_id = ? AND day = ? AND limited"))
        {
            select.setInt(1, tenantId);
            select.setObject(2, today);
            try (ResultSet row = select.executeQuery())
            {
                if (!row.next())
                {
                    return;
                }
                orders = row.getLong(1);
            }
        }
        if (newOrdersPerDay != 0 && orders >= newOrdersPerDay)
        {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE daily_orders SET limited = false, " +
            "warned = ? WHERE tenant_id = ? AND day = ?"))
        {
            update.setBoolean(1, newOrdersPerDay != 0 && orders * 5 >= newOrdersPerDay * 4);
            update.setInt(2, tenantId);
            update.setObject(3, today);
            update.executeUpdate();
        }
        final List<Long> halted = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT account_id FROM quota_halts WHERE " +
            "tenant_id = ? AND day = ? AND NOT resumed"))
        {
            select.setInt(1, tenantId);
            select.setObject(2, today);
            try (ResultSet row = select.executeQuery())
            {
                while (row.next())
                {
                    halted.add(row.getLong(1));
                }
            }
        }
        for (final long accountId : halted)
        {
            resume(connection, tenantId, accountId, today, "quota-lifted");
        }
    }

    private static void resume(final Connection connection, final int tenantId, final long accountId,
        final LocalDate day, final String why) throws SQLException
    {
        new CommandOutbox().haltAccount(connection, why + ":" + tenantId + ":" + day + ":" + accountId, tenantId,
            accountId, false);
        try (PreparedStatement update = connection.prepareStatement("UPDATE quota_halts SET resumed = true " +
            "WHERE tenant_id = ? AND account_id = ? AND day = ?"))
        {
            update.setInt(1, tenantId);
            update.setLong(2, accountId);
            update.setObject(3, day);
            update.executeUpdate();
        }
    }

    private Tier tier(final Connection connection, final int tenantId) throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT tier FROM subscriptions WHERE tenant_id = ?"))
        {
            select.setInt(1, tenantId);
            try (ResultSet row = select.executeQuery())
            {
                return tiers.tier(row.next() ? row.getString(1) : "free");
            }
        }
    }

    private static void mark(final Connection connection, final int tenantId, final LocalDate day, final String flag)
        throws SQLException
    {
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE daily_orders SET " + flag + " = true WHERE tenant_id = ? AND day = ?"))
        {
            update.setInt(1, tenantId);
            update.setObject(2, day);
            update.executeUpdate();
        }
    }

    private static List<Long> accounts(final Connection connection, final int tenantId) throws SQLException
    {
        final List<Long> accounts = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT account_id FROM tenant_accounts WHERE tenant_id = ? ORDER BY account_id"))
        {
            select.setInt(1, tenantId);
            try (ResultSet row = select.executeQuery())
            {
                while (row.next())
                {
                    accounts.add(row.getLong(1));
                }
            }
        }
        return accounts;
    }

    private static void addAccount(final Connection connection, final int tenantId, final long accountId)
        throws SQLException
    {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO tenant_accounts (tenant_id, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING"))
        {
            insert.setInt(1, tenantId);
            insert.setLong(2, accountId);
            insert.executeUpdate();
        }
    }

    private static void storeCheckpoint(final Connection connection, final Checkpoint checkpoint) throws SQLException
    {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO service_checkpoints (service, " +
            "last_input, output_input, output_index) VALUES (?, ?, ?, ?) ON CONFLICT (service) DO UPDATE SET " +
            "last_input = excluded.last_input, output_input = excluded.output_input, " +
            "output_index = excluded.output_index"))
        {
            upsert.setString(1, NAME);
            upsert.setLong(2, checkpoint.lastInput());
            upsert.setLong(3, checkpoint.outputInput());
            upsert.setInt(4, checkpoint.outputIndex());
            upsert.executeUpdate();
        }
    }

    private static String eventKey(final EventBatch batch, final int index)
    {
        return "seq:" + batch.inputSequence(index) + ":" + batch.outputIndex(index);
    }

    static LocalDate day(final long timeNs)
    {
        return Instant.ofEpochSecond(0, timeNs).atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static SinkException failure(final SQLException ex)
    {
        final String state = ex.getSQLState();
        return state != null && state.startsWith("08") ?
            SinkException.unavailable("PostgreSQL: " + ex.getMessage(), ex) :
            SinkException.rejected("PostgreSQL: " + ex.getMessage(), ex);
    }

    @Override
    public List<ParkedEvent> parked()
    {
        return List.of();
    }

    @Override
    public void applyParked(final EventBatch batch)
    {
    }

    @Override
    public void drop() throws SinkException
    {
        try (Connection connection = database.connect();
            PreparedStatement truncate = connection.prepareStatement("TRUNCATE daily_orders, quota_halts, " +
                "tenant_accounts, daily_account_pnl; DELETE FROM service_checkpoints WHERE service = '" + NAME + "'"))
        {
            truncate.execute();
        }
        catch (final SQLException ex)
        {
            throw failure(ex);
        }
    }

    @Override
    public Map<String, Long> rowCounts()
    {
        return Map.of();
    }

    @Override
    public void close()
    {
    }
}
