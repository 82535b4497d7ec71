package io.tradingcore.projections.business.notifications;

import io.tradingcore.pipeline.SystemProperties;
import io.tradingcore.projections.business.BusinessDatabase;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Drains {@code business.notification_outbox} into Telegram, one message at a time, oldest first within each chat.
 * <p>
 * At most once per event: a row is marked {@code sending} (its attempt counted) and committed before the call, and
 * only an answer from Telegram moves it on ({@code sent}; back to {@code pending} for a retry when Telegram said it
 * did not send; {@code failed} when it never will). A row found {@code sending} when the sender starts was in flight
 * when the last one died: it may or may not have been delivered, and Telegram has no idempotence key to ask, so it is
 * not sent again but recorded {@code failed} with that reason. A call that got no answer after its request may have
 * gone out (a timeout, a reset) is recorded the same way; one that never connected is retried.
 * <p>
 * Rate limits ({@link SendLimits}): a second per chat, thirty a second in all; a 429 stops every send for its
 * {@code retry_after}. Retries back off exponentially (stored in the row, so they survive a restart), and a
 * {@link CircuitBreaker} stops calling a Telegram that keeps failing. One sender per database: it holds a
 * PostgreSQL advisory lock while it runs.
 */
public final class TelegramSender
{
    private static final long ADVISORY_LOCK = 0x7467_6e6f_7469_6679L;
    private static final int HEADS = 500;
    static final String INTERRUPTED = "interrupted: the notifier stopped during the call to Telegram; it may or may " +
        "not have been delivered, and is not sent again";

    private final BusinessDatabase database;
    private final TelegramClient client;
    private final Context ctx;
    private final SendLimits limits;
    private final CircuitBreaker breaker;
    private Connection connection;
    private long sent;
    private long failed;

    public TelegramSender(final BusinessDatabase database, final TelegramClient client, final Context ctx)
    {
        this.database = database;
        this.client = client;
        this.ctx = ctx.conclude();
        this.limits = new SendLimits(TimeUnit.MILLISECONDS.toNanos(ctx.chatIntervalMs()),
            TimeUnit.SECONDS.toNanos(1) / ctx.messagesPerSecond());
        this.breaker = new CircuitBreaker(ctx.breakerThreshold(), TimeUnit.MILLISECONDS.toNanos(ctx.breakerOpenMs()));
    }

    /** Sends until {@code running} says stop (checked between messages); PostgreSQL outages are waited out. */
    public void run(final BooleanSupplier running) throws InterruptedException
    {
        long databaseBackoffMs = ctx.backoffInitialMs();
        while (running.getAsBoolean())
        {
            try
            {
                if (connection == null)
                {
                    open();
                }
                final long waitNs = drainOnce(running);
                databaseBackoffMs = ctx.backoffInitialMs();
                if (waitNs > 0)
                {
                    sleepNs(Math.min(waitNs, TimeUnit.MILLISECONDS.toNanos(ctx.pollIntervalMs())));
                }
            }
            catch (final SQLException ex)
            {
                ctx.log().println("notifier: PostgreSQL: " + ex.getMessage() + "; again in " + databaseBackoffMs +
                    " ms");
                closeConnection();
                sleepNs(TimeUnit.MILLISECONDS.toNanos(databaseBackoffMs));
                databaseBackoffMs = Math.min(ctx.backoffMaxMs(), databaseBackoffMs * 2);
            }
        }
        closeConnection();
    }

    /** Messages Telegram accepted, since this sender started. */
    public long sentCount()
    {
        return sent;
    }

    /** Messages recorded failed for good, since this sender started. */
    public long failedCount()
    {
        return failed;
    }

    /** How many times the circuit breaker has opened. */
    public int breakerOpenings()
    {
        return breaker.timesOpened();
    }

    private void open() throws SQLException
    {
        connection = database.connect();
        try (Statement statement = connection.createStatement();
            ResultSet row = statement.executeQuery("SELECT pg_try_advisory_lock(" + ADVISORY_LOCK + ")"))
        {
            row.next();
            if (!row.getBoolean(1))
            {
                closeConnection();
                throw new IllegalStateException("another notifier is sending from this database");
            }
        }
        try (Statement statement = connection.createStatement())
        {
            final int interrupted = statement.executeUpdate("UPDATE notification_outbox SET status = 'failed', " +
                "last_error = '" + INTERRUPTED + "' WHERE status = 'sending'");
            if (interrupted > 0)
            {
                ctx.log().println("notifier: " + interrupted + " message(s) were in flight when the last notifier " +
                    "stopped; recorded failed, not sent again");
            }
        }
    }

    private record Head(long id, long chatId, String text, int attempts, boolean due)
    {
    }

    /**
     * One pass over the oldest pending message of each chat. @return how long to wait before the next pass (0: go on
     * at once).
     */
    long drainOnce(final BooleanSupplier running) throws SQLException, InterruptedException
    {
        final long breakerWaitNs = breaker.waitNs(System.nanoTime());
        if (breakerWaitNs > 0)
        {
            return breakerWaitNs;
        }
        final List<Head> heads = heads();
        if (heads.isEmpty())
        {
            return TimeUnit.MILLISECONDS.toNanos(ctx.pollIntervalMs());
        }
        long waitNs = TimeUnit.MILLISECONDS.toNanos(ctx.pollIntervalMs());
        boolean sentAny = false;
        for (final Head head : heads)
        {
            if (!running.getAsBoolean())
            {
                return 0;
            }
            if (!head.due())
            {
                continue;
            }
            final long chatWaitNs = limits.chatWaitNs(head.chatId(), System.nanoTime());
            if (chatWaitNs > 0)
            {
                waitNs = Math.min(waitNs, chatWaitNs);
                continue;
            }
            sleepNs(limits.globalWaitNs(System.nanoTime()));
            if (!breaker.allow(System.nanoTime()))
            {
                return breaker.waitNs(System.nanoTime());
            }
            if (!send(head))
            {
                return 0;
            }
            sentAny = true;
        }
        return sentAny ? 0 : waitNs;
    }

    private List<Head> heads() throws SQLException
    {
        final List<Head> heads = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, chat_id, text, attempts, due FROM " +
            "(SELECT DISTINCT ON (chat_id) id, chat_id, text, attempts, next_attempt_at <= now() AS due " +
            "FROM notification_outbox WHERE status = 'pending' ORDER BY chat_id, id) oldest ORDER BY id LIMIT ?"))
        {
            select.setInt(1, HEADS);
            try (ResultSet rows = select.executeQuery())
            {
                while (rows.next())
                {
                    heads.add(new Head(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getInt(4),
                        rows.getBoolean(5)));
                }
            }
        }
        return heads;
    }

    /** Sends one message. @return false when the pass should end (a 429 paused everything, the breaker opened). */
    private boolean send(final Head head) throws SQLException, InterruptedException
    {
        try (PreparedStatement take = connection.prepareStatement("UPDATE notification_outbox SET status = " +
            "'sending', attempts = attempts + 1 WHERE id = ? AND status = 'pending'"))
        {
            take.setLong(1, head.id());
            if (take.executeUpdate() == 0)
            {
                return true;
            }
        }
        final int attempt = head.attempts() + 1;
        limits.take(head.chatId(), System.nanoTime());
        try
        {
            client.sendMessage(head.chatId(), head.text());
            breaker.success();
            update(head.id(), "UPDATE notification_outbox SET status = 'sent', sent_at = now(), last_error = NULL " +
                "WHERE id = ?");
            sent++;
            return true;
        }
        catch (final TelegramException ex)
        {
            if (ex.errorCode() == 429)
            {
                final int retryAfter = Math.max(1, ex.retryAfterSeconds());
                limits.pauseUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(retryAfter));
                retry(head.id(), ex.getMessage(), TimeUnit.SECONDS.toMillis(retryAfter), true);
                ctx.log().println("notifier: Telegram asks for a pause of " + retryAfter + " s (429)");
                return false;
            }
            if (ex.errorCode() == 401 || ex.errorCode() == 404)
            {
                // The bot's token or the base URL is wrong: every message would fail, none of them is to blame.
                breaker.failure(System.nanoTime());
                retry(head.id(), ex.getMessage(), ctx.breakerOpenMs(), true);
                ctx.log().println("notifier: Telegram refuses the bot (" + ex.getMessage() + "): check the token");
                return false;
            }
            if (ex.permanent())
            {
                fail(head.id(), ex.getMessage());
                return true;
            }
            breaker.failure(System.nanoTime());
            return retryOrFail(head.id(), attempt, ex.getMessage());
        }
        catch (final IOException ex)
        {
            final String reason = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " +
                ex.getMessage());
            breaker.failure(System.nanoTime());
            if (!TelegramClient.unsent(ex))
            {
                fail(head.id(), "no answer from Telegram (" + reason + "); it may or may not have been delivered, " +
                    "and is not sent again");
                return breaker.state() != CircuitBreaker.State.OPEN;
            }
            return retryOrFail(head.id(), attempt, "could not reach Telegram (" + reason + ")");
        }
    }

    private boolean retryOrFail(final long id, final int attempt, final String reason) throws SQLException
    {
        if (attempt >= ctx.maxAttempts())
        {
            fail(id, "attempts exhausted (" + attempt + "): " + reason);
        }
        else
        {
            final long delayMs = Math.min(ctx.backoffMaxMs(), ctx.backoffInitialMs() << Math.min(30, attempt - 1));
            retry(id, reason, delayMs / 2 + ThreadLocalRandom.current().nextLong(delayMs / 2 + 1), false);
        }
        return breaker.state() != CircuitBreaker.State.OPEN;
    }

    private void retry(final long id, final String reason, final long delayMs, final boolean notCounted)
        throws SQLException
    {
        try (PreparedStatement retry = connection.prepareStatement("UPDATE notification_outbox SET status = " +
            "'pending', last_error = ?, next_attempt_at = now() + make_interval(secs => ?)" +
            (notCounted ? ", attempts = attempts - 1" : "") + " WHERE id = ?"))
        {
            retry.setString(1, reason);
            retry.setDouble(2, delayMs / 1000.0);
            retry.setLong(3, id);
            retry.executeUpdate();
        }
    }

    private void fail(final long id, final String reason) throws SQLException
    {
        try (PreparedStatement fail = connection.prepareStatement("UPDATE notification_outbox SET status = " +
            "'failed', last_error = ? WHERE id = ?"))
        {
            fail.setString(1, reason);
            fail.setLong(2, id);
            fail.executeUpdate();
        }
        failed++;
        ctx.log().println("notifier: message " + id + " failed for good: " + reason);
    }

    private void update(final long id, final String sql) throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(sql))
        {
            statement.setLong(1, id);
            statement.executeUpdate();
        }
    }

    private static void sleepNs(final long ns) throws InterruptedException
    {
        if (ns <= 0)
        {
            return;
        }
        LockSupport.parkNanos(ns);
        if (Thread.interrupted())
        {
            throw new InterruptedException();
        }
    }

    private void closeConnection()
    {
        if (connection != null)
        {
            try
            {
                connection.close();
            }
            catch (final SQLException ignored)
            {
                // closing a connection that already failed
            }
            connection = null;
        }
    }

    /**
     * The sender's settings, in the style of Aeron's contexts: each also a system property with a documented default,
     * checked once by {@link #conclude()}.
     */
    public static final class Context
    {
        /** Least time between two messages to one chat; Telegram asks for about a second. */
        public static final String CHAT_INTERVAL_MS_PROP_NAME = "tradingcore.notifier.chatIntervalMs";
        public static final long CHAT_INTERVAL_MS_DEFAULT = 1_000;
        /** Most messages a second from the bot in all; Telegram's limit is thirty. */
        public static final String MESSAGES_PER_SECOND_PROP_NAME = "tradingcore.notifier.messagesPerSecond";
        public static final int MESSAGES_PER_SECOND_DEFAULT = 29;
        /** Tries of one message (5xx answers, no connection) before it is recorded failed. */
        public static final String MAX_ATTEMPTS_PROP_NAME = "tradingcore.notifier.maxAttempts";
        public static final int MAX_ATTEMPTS_DEFAULT = 6;
        /** First retry delay; doubles each attempt (with jitter) up to the maximum. */
        public static final String BACKOFF_INITIAL_MS_PROP_NAME = "tradingcore.notifier.backoffInitialMs";
        public static final long BACKOFF_INITIAL_MS_DEFAULT = 1_000;
        public static final String BACKOFF_MAX_MS_PROP_NAME = "tradingcore.notifier.backoffMaxMs";
        public static final long BACKOFF_MAX_MS_DEFAULT = 60_000;
        /** Failures of Telegram in a row that open the circuit breaker. */
        public static final String BREAKER_THRESHOLD_PROP_NAME = "tradingcore.notifier.breakerThreshold";
        public static final int BREAKER_THRESHOLD_DEFAULT = 5;
        /** How long an open breaker stays open before it lets one call through. */
        public static final String BREAKER_OPEN_MS_PROP_NAME = "tradingcore.notifier.breakerOpenMs";
        public static final long BREAKER_OPEN_MS_DEFAULT = 30_000;
        /** How often an empty outbox is looked at again. */
        public static final String POLL_INTERVAL_MS_PROP_NAME = "tradingcore.notifier.pollIntervalMs";
        public static final long POLL_INTERVAL_MS_DEFAULT = 250;

        private boolean concluded;
        private long chatIntervalMs = SystemProperties.longValue(CHAT_INTERVAL_MS_PROP_NAME,
            CHAT_INTERVAL_MS_DEFAULT);
        private int messagesPerSecond = SystemProperties.intValue(MESSAGES_PER_SECOND_PROP_NAME,
            MESSAGES_PER_SECOND_DEFAULT);
        private int maxAttempts = SystemProperties.intValue(MAX_ATTEMPTS_PROP_NAME, MAX_ATTEMPTS_DEFAULT);
        private long backoffInitialMs = SystemProperties.longValue(BACKOFF_INITIAL_MS_PROP_NAME,
            BACKOFF_INITIAL_MS_DEFAULT);
        private long backoffMaxMs = SystemProperties.longValue(BACKOFF_MAX_MS_PROP_NAME, BACKOFF_MAX_MS_DEFAULT);
        private int breakerThreshold = SystemProperties.intValue(BREAKER_THRESHOLD_PROP_NAME,
            BREAKER_THRESHOLD_DEFAULT);
        private long breakerOpenMs = SystemProperties.longValue(BREAKER_OPEN_MS_PROP_NAME, BREAKER_OPEN_MS_DEFAULT);
        private long pollIntervalMs = SystemProperties.longValue(POLL_INTERVAL_MS_PROP_NAME,
            POLL_INTERVAL_MS_DEFAULT);
        private PrintStream log = System.err;

        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (chatIntervalMs < 0 || messagesPerSecond < 1)
            {
                throw new IllegalStateException(CHAT_INTERVAL_MS_PROP_NAME + " must not be negative and " +
                    MESSAGES_PER_SECOND_PROP_NAME + " at least 1: " + chatIntervalMs + ", " + messagesPerSecond);
            }
            if (maxAttempts < 1 || breakerThreshold < 1)
            {
                throw new IllegalStateException(MAX_ATTEMPTS_PROP_NAME + " and " + BREAKER_THRESHOLD_PROP_NAME +
                    " must be at least 1: " + maxAttempts + ", " + breakerThreshold);
            }
            if (backoffInitialMs < 1 || backoffMaxMs < backoffInitialMs || breakerOpenMs < 1 || pollIntervalMs < 1)
            {
                throw new IllegalStateException(BACKOFF_INITIAL_MS_PROP_NAME + " must be at least 1 and at most " +
                    BACKOFF_MAX_MS_PROP_NAME + ", and " + BREAKER_OPEN_MS_PROP_NAME + " and " +
                    POLL_INTERVAL_MS_PROP_NAME + " at least 1");
            }
            concluded = true;
            return this;
        }

        private void settable()
        {
            if (concluded)
            {
                throw new IllegalStateException("context already concluded");
            }
        }

        public Context chatIntervalMs(final long chatIntervalMs)
        {
            settable();
            this.chatIntervalMs = chatIntervalMs;
            return this;
        }

        public long chatIntervalMs()
        {
            return chatIntervalMs;
        }

        public Context messagesPerSecond(final int messagesPerSecond)
        {
            settable();
            this.messagesPerSecond = messagesPerSecond;
            return this;
        }

        public int messagesPerSecond()
        {
            return messagesPerSecond;
        }

        public Context maxAttempts(final int maxAttempts)
        {
            settable();
            this.maxAttempts = maxAttempts;
            return this;
        }

        public int maxAttempts()
        {
            return maxAttempts;
        }

        public Context backoffInitialMs(final long backoffInitialMs)
        {
            settable();
            this.backoffInitialMs = backoffInitialMs;
            return this;
        }

        public long backoffInitialMs()
        {
            return backoffInitialMs;
        }

        public Context backoffMaxMs(final long backoffMaxMs)
        {
            settable();
            this.backoffMaxMs = backoffMaxMs;
            return this;
        }

        public long backoffMaxMs()
        {
            return backoffMaxMs;
        }

        public Context breakerThreshold(final int breakerThreshold)
        {
            settable();
            this.breakerThreshold = breakerThreshold;
            return this;
        }

        public int breakerThreshold()
        {
            return breakerThreshold;
        }

        public Context breakerOpenMs(final long breakerOpenMs)
        {
            settable();
            this.breakerOpenMs = breakerOpenMs;
            return this;
        }

        public long breakerOpenMs()
        {
            return breakerOpenMs;
        }

        public Context pollIntervalMs(final long pollIntervalMs)
        {
            settable();
            this.pollIntervalMs = pollIntervalMs;
            return this;
        }

        public long pollIntervalMs()
        {
            return pollIntervalMs;
        }

        public Context log(final PrintStream log)
        {
            settable();
            this.log = log;
            return this;
        }

        public PrintStream log()
        {
            return log;
        }
    }
}
