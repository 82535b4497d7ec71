package io.tradingcore.projections.business.notifications;

import io.tradingcore.projections.business.BusinessDatabase;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Who is told what: the outbox that services write notifications into (in their own transactions), users' links to a
 * Telegram chat through one-time codes, and per-user preferences. The notifier process ({@link NotifierCommand})
 * sends what the outbox holds and links the chats that send the bot {@code /start CODE}.
 */
public final class Notifications
{
    /** How long a link code is good for. */
    public static final long LINK_CODE_SECONDS = 600;

    private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int CODE_LENGTH = 10;

    /** A one-time code a user sends the bot as {@code /start CODE}. */
    public record LinkCode(String code, long expiresInSeconds)
    {
    }

    /** A user's link and preferences. */
    public record Preferences(boolean linked, Map<NotificationKind, Boolean> enabled)
    {
    }

    private final BusinessDatabase database;
    private final SecureRandom random = new SecureRandom();

    public Notifications(final BusinessDatabase database)
    {
        this.database = database;
    }

    /**
     * Queues {@code text} for every user of the tenant who linked a chat and wants {@code kind}, in the caller's
     * transaction, so the notification exists exactly when what caused it was stored. Each row's key is
     * {@code eventKey + ":" + userId}: enqueuing the same event again (a replay, a second delivery) adds nothing.
     *
     * @param eventKey the causing event, such as {@code seq:<inputSequence>:<outputIndex>} or {@code invoice:<number>}
     * @param text     the message in Telegram's HTML, every value in it already escaped ({@link TelegramHtml})
     * @return the rows added
     */
    public static int enqueue(
        final Connection connection, final int tenantId, final NotificationKind kind, final String eventKey,
        final String text) throws SQLException
    {
        if (eventKey == null || eventKey.isBlank())
        {
            throw new IllegalArgumentException("a notification needs the key of the event that caused it");
        }
        if (text == null || text.isBlank() || text.length() > TelegramHtml.MAX_MESSAGE_CHARS)
        {
            throw new IllegalArgumentException("a notification's text must be 1 to " + TelegramHtml.MAX_MESSAGE_CHARS +
                " characters");
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO business.notification_outbox (tenant_id, user_id, chat_id, kind, text, event_key) " +
            "SELECT l.tenant_id, l.user_id, l.chat_id, ?, ?, ? || ':' || l.user_id FROM business.telegram_links l " +
            "WHERE l.tenant_id = ? AND COALESCE((SELECT p.enabled FROM business.notification_preferences p " +
            "WHERE p.tenant_id = l.tenant_id AND p.user_id = l.user_id AND p.kind = ?), true) " +
            "ORDER BY l.user_id ON CONFLICT (event_key) DO NOTHING"))
        {
            insert.setString(1, kind.apiName());
            insert.setString(2, text);
            insert.setString(3, eventKey);
            insert.setInt(4, tenantId);
            insert.setString(5, kind.apiName());
            return insert.executeUpdate();
        }
    }

    /** A new one-time code for the user, good for {@link #LINK_CODE_SECONDS}. */
    public LinkCode linkCode(final int tenantId, final long userId) throws SQLException
    {
        final char[] code = new char[CODE_LENGTH];
        for (int i = 0; i < code.length; i++)
        {
            code[i] = CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length()));
        }
        try (Connection connection = database.connect();
            PreparedStatement insert = connection.prepareStatement("INSERT INTO telegram_link_codes " +
                "(code, tenant_id, user_id, expires_at) VALUES (?, ?, ?, now() + make_interval(secs => ?))"))
        {
            insert.setString(1, new String(code));
            insert.setInt(2, tenantId);
            insert.setLong(3, userId);
            insert.setLong(4, LINK_CODE_SECONDS);
            insert.executeUpdate();
        }
        return new LinkCode(new String(code), LINK_CODE_SECONDS);
    }

    /**
     * Spends {@code code} and links {@code chatId} to its user, in the caller's transaction (the bot stores its
     * update offset in the same one).
     *
     * @return whether the code was good (known, unspent, unexpired)
     */
    public static boolean link(final Connection connection, final String code, final long chatId) throws SQLException
    {
        final int tenantId;
        final long userId;
        try (PreparedStatement spend = connection.prepareStatement("UPDATE business.telegram_link_codes SET used = " +
            "true WHERE code = ? AND NOT used AND expires_at > now() RETURNING tenant_id, user_id"))
        {
            spend.setString(1, code);
            try (ResultSet row = spend.executeQuery())
            {
                if (!row.next())
                {
                    return false;
                }
                tenantId = row.getInt(1);
                userId = row.getLong(2);
            }
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO business.telegram_links " +
            "(tenant_id, user_id, chat_id) VALUES (?, ?, ?) ON CONFLICT (tenant_id, user_id) DO UPDATE SET " +
            "chat_id = excluded.chat_id, linked_at = now()"))
        {
            upsert.setInt(1, tenantId);
            upsert.setLong(2, userId);
            upsert.setLong(3, chatId);
            upsert.executeUpdate();
        }
        return true;
    }

    /** Forgets the user's chat: nothing more is queued for it. @return whether there was one. */
    public boolean unlink(final int tenantId, final long userId) throws SQLException
    {
        try (Connection connection = database.connect();
            PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM telegram_links WHERE tenant_id = ? AND user_id = ?"))
        {
            delete.setInt(1, tenantId);
            delete.setLong(2, userId);
            return delete.executeUpdate() > 0;
        }
    }

    /** The user's link and every kind's setting (on unless turned off). */
    public Preferences preferences(final int tenantId, final long userId) throws SQLException
    {
        final Map<NotificationKind, Boolean> enabled = new EnumMap<>(NotificationKind.class);
        for (final NotificationKind kind : NotificationKind.values())
        {
            enabled.put(kind, true);
        }
        try (Connection connection = database.connect())
        {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT kind, enabled FROM notification_preferences WHERE tenant_id = ? AND user_id = ?"))
            {
                select.setInt(1, tenantId);
                select.setLong(2, userId);
                try (ResultSet rows = select.executeQuery())
                {
                    while (rows.next())
                    {
                        enabled.put(NotificationKind.of(rows.getString(1)), rows.getBoolean(2));
                    }
                }
            }
            try (PreparedStatement linked = connection.prepareStatement(
                "SELECT 1 FROM telegram_links WHERE tenant_id = ? AND user_id = ?"))
            {
                linked.setInt(1, tenantId);
                linked.setLong(2, userId);
                try (ResultSet row = linked.executeQuery())
                {
                    return new Preferences(row.next(), enabled);
                }
            }
        }
    }

    /** Sets the kinds given, in one transaction; kinds left out keep their setting. */
    public void setPreferences(final int tenantId, final long userId, final Map<NotificationKind, Boolean> changes)
        throws SQLException
    {
        try (Connection connection = database.connect())
        {
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO notification_preferences " +
                "(tenant_id, user_id, kind, enabled) VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, user_id, kind) " +
                "DO UPDATE SET enabled = excluded.enabled"))
            {
                for (final Map.Entry<NotificationKind, Boolean> change : changes.entrySet())
                {
                    upsert.setInt(1, tenantId);
                    upsert.setLong(2, userId);
                    upsert.setString(3, change.getKey().apiName());
                    upsert.setBoolean(4, change.getValue());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            connection.commit();
        }
    }
}
