package io.tradingcore.projections.business.notifications;

import io.tradingcore.projections.business.BusinessDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The tests' view of the outbox and links, straight from PostgreSQL. */
final class Outbox
{
    /** One outbox row. */
    record Row(long id, long userId, long chatId, String kind, String text, String eventKey, String status,
        int attempts, String lastError)
    {
    }

    private final BusinessDatabase database;

    Outbox(final BusinessDatabase database)
    {
        this.database = database;
    }

    List<Row> rows() throws SQLException
    {
        final List<Row> rows = new ArrayList<>();
        try (Connection connection = database.connect();
            PreparedStatement select = connection.prepareStatement("SELECT id, user_id, chat_id, kind, text, " +
                "event_key, status, attempts, last_error FROM notification_outbox ORDER BY id");
            ResultSet result = select.executeQuery())
        {
            while (result.next())
            {
                rows.add(new Row(result.getLong(1), result.getLong(2), result.getLong(3), result.getString(4),
                    result.getString(5), result.getString(6), result.getString(7), result.getInt(8),
                    result.getString(9)));
            }
        }
        return rows;
    }

    /** {@link #rows()} for a condition a test waits on. */
    List<Row> rowsQuietly()
    {
        try
        {
            return rows();
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Links a user's chat as {@code /start CODE} would. */
    void link(final int tenantId, final long userId, final long chatId) throws SQLException
    {
        try (Connection connection = database.connect();
            PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO telegram_links (tenant_id, user_id, chat_id) VALUES (?, ?, ?)"))
        {
            insert.setInt(1, tenantId);
            insert.setLong(2, userId);
            insert.setLong(3, chatId);
            insert.executeUpdate();
        }
    }

    int enqueue(final int tenantId, final NotificationKind kind, final String eventKey, final String text)
        throws SQLException
    {
        try (Connection connection = database.connect())
        {
            connection.setAutoCommit(false);
            final int added = Notifications.enqueue(connection, tenantId, kind, eventKey, text);
            connection.commit();
            return added;
        }
    }

    /** A row straight into the outbox, past enqueue's checks (a message Telegram will refuse). */
    void insertRaw(final int tenantId, final long chatId, final String text, final String eventKey)
        throws SQLException
    {
        try (Connection connection = database.connect();
            PreparedStatement insert = connection.prepareStatement("INSERT INTO notification_outbox " +
                "(tenant_id, chat_id, kind, text, event_key) VALUES (?, ?, 'risk_alert', ?, ?)"))
        {
            insert.setInt(1, tenantId);
            insert.setLong(2, chatId);
            insert.setString(3, text);
            insert.setString(4, eventKey);
            insert.executeUpdate();
        }
    }

    /** Waits (up to a generous bound, for a broken build not to hang) until no row is pending or sending. */
    void awaitSettled() throws SQLException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (rows().stream().anyMatch(row -> row.status().equals("pending") || row.status().equals("sending")))
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("the outbox did not settle: " + rows());
            }
            Thread.sleep(50);
        }
    }
}
