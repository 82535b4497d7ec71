package io.tradingcore.projections.business.notifications;

import io.tradingcore.projections.business.BusinessDatabase;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bot's inbox, by long polling {@code getUpdates}: a chat that sends {@code /start CODE} (what the link
 * {@code t.me/<bot>?start=CODE} sends) is linked to the user the code was made for. The offset of the next update is
 * kept in PostgreSQL and moved in the same transaction as the link, so an update is applied once across restarts
 * (and a code is spent once in any case).
 */
public final class TelegramUpdates
{
    private static final Pattern START = Pattern.compile("^/start(?:@\\w+)?\\s+([A-Za-z0-9_-]{1,64})\\s*$");

    private final BusinessDatabase database;
    private final TelegramClient client;
    private final PrintStream log;

    public TelegramUpdates(final BusinessDatabase database, final TelegramClient client, final PrintStream log)
    {
        this.database = database;
        this.client = client;
        this.log = log;
    }

    /**
     * Fetches the updates after the stored offset (waiting up to {@code timeoutSeconds} for one) and applies them.
     *
     * @return the chats linked
     */
    public int pollOnce(final int timeoutSeconds)
        throws SQLException, IOException, InterruptedException, TelegramException
    {
        final long offset;
        try (Connection connection = database.connect();
            PreparedStatement select = connection.prepareStatement(
                "SELECT next_update_id FROM telegram_bot_state WHERE id = 1");
            ResultSet row = select.executeQuery())
        {
            row.next();
            offset = row.getLong(1);
        }
        final List<TelegramClient.Update> updates = client.getUpdates(offset, timeoutSeconds);
        int linked = 0;
        for (final TelegramClient.Update update : updates)
        {
            if (update.updateId() < offset)
            {
                continue;
            }
            try (Connection connection = database.connect())
            {
                connection.setAutoCommit(false);
                final Matcher start = update.text() == null ? null : START.matcher(update.text().strip());
                if (start != null && start.matches() && update.chatId() != 0)
                {
                    if (Notifications.link(connection, start.group(1), update.chatId()))
                    {
                        linked++;
                        log.println("notifier: chat linked by code (update " + update.updateId() + ")");
                    }
                    else
                    {
                        log.println("notifier: a /start with an unknown, spent or expired code (update " +
                            update.updateId() + ")");
                    }
                }
                try (PreparedStatement advance = connection.prepareStatement(
                    "UPDATE telegram_bot_state SET next_update_id = ? WHERE id = 1 AND next_update_id <= ?"))
                {
                    advance.setLong(1, update.updateId() + 1);
                    advance.setLong(2, update.updateId());
                    advance.executeUpdate();
                }
                connection.commit();
            }
        }
        return linked;
    }

    /** Polls until {@code running} says stop; failures are logged and waited out. */
    public void run(final BooleanSupplier running, final int timeoutSeconds) throws InterruptedException
    {
        long backoffMs = 1_000;
        while (running.getAsBoolean())
        {
            try
            {
                pollOnce(timeoutSeconds);
                backoffMs = 1_000;
            }
            catch (final SQLException | IOException | TelegramException ex)
            {
                log.println("notifier: getUpdates: " + ex.getMessage() + "; again in " + backoffMs + " ms");
                final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                    ex instanceof TelegramException telegram && telegram.retryAfterSeconds() > 0 ?
                    TimeUnit.SECONDS.toMillis(telegram.retryAfterSeconds()) : backoffMs);
                while (running.getAsBoolean() && System.nanoTime() - until < 0)
                {
                    Thread.sleep(100);
                }
                backoffMs = Math.min(60_000, backoffMs * 2);
            }
        }
    }
}
