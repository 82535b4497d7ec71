package io.tradingcore.projections.business.notifications;

import io.tradingcore.projections.business.BusinessDatabase;
import io.tradingcore.projections.postgres.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sender against the strict contract server: rate limits kept (the server answers 429 to a client that sends
 * faster than Telegram allows, and records any call made during a {@code retry_after} it asked for), 429 and
 * failures retried, the breaker, and messages that fail for good recorded with their reason.
 */
final class TelegramSenderTest
{
    private TestDatabase testDatabase;
    private BusinessDatabase database;
    private Outbox outbox;
    private TelegramContractServer telegram;

    @BeforeEach
    void start() throws Exception
    {
        testDatabase = TestDatabase.create("sender");
        database = new BusinessDatabase(testDatabase.url(), null, null);
        outbox = new Outbox(database);
        telegram = new TelegramContractServer();
    }

    @AfterEach
    void stop() throws Exception
    {
        telegram.close();
        testDatabase.close();
    }

    private static TelegramSender.Context quiet()
    {
        return new TelegramSender.Context().log(new PrintStream(OutputStream.nullOutputStream()))
            .pollIntervalMs(20);
    }

    /** Runs the sender on a thread until {@code until} holds and the outbox has settled, then stops it. */
    private TelegramSender drain(final TelegramSender.Context ctx, final String token, final BooleanSupplier until)
        throws Exception
    {
        final TelegramSender sender = new TelegramSender(database,
            new TelegramClient(telegram.baseUrl(), token, Duration.ofSeconds(5)), ctx);
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread = new Thread(() ->
        {
            try
            {
                sender.run(running::get);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "sender");
        thread.start();
        try
        {
            if (until == null)
            {
                outbox.awaitSettled();
            }
            else
            {
                while (!until.getAsBoolean())
                {
                    Thread.sleep(20);
                }
            }
        }
        finally
        {
            running.set(false);
            thread.join();
        }
        return sender;
    }

    @Test
    void sendsEachMessageOnceInOrderWithinTheRateLimits() throws Exception
    {
        for (int user = 1; user <= 3; user++)
        {
            outbox.link(21, user, 800_000 + user);
            telegram.knownChat(800_000 + user);
        }
        for (int event = 1; event <= 3; event++)
        {
            assertEquals(3, outbox.enqueue(21, NotificationKind.LATE_FILL, "seq:" + event + ":0",
                "<b>Late fill</b> #" + event + " " + TelegramHtml.escape("EUR<USD> & co")));
        }
        final TelegramSender sender = drain(quiet(), TelegramContractServer.TOKEN, null);

        assertEquals(9, sender.sentCount());
        assertTrue(outbox.rows().stream().allMatch(row -> row.status().equals("sent")), outbox.rows().toString());
        final List<TelegramContractServer.Delivered> delivered = telegram.delivered();
        assertEquals(9, delivered.size());
        for (int user = 1; user <= 3; user++)
        {
            final long chat = 800_000 + user;
            assertEquals(List.of("Late fill #1 EUR<USD> & co", "Late fill #2 EUR<USD> & co",
                "Late fill #3 EUR<USD> & co"), delivered.stream().filter(message -> message.chatId() == chat)
                .map(TelegramContractServer.Delivered::text).toList());
        }
        assertEquals(0, telegram.rateLimited(), "the sender kept Telegram's rate limits");
        assertEquals(List.of(), telegram.violations());
    }

    @Test
    void aTooManyRequestsAnswerIsWaitedOutAsItAsks() throws Exception
    {
        outbox.link(22, 1, 800_101);
        telegram.knownChat(800_101);
        telegram.failNext(429, "Too Many Requests: retry after 2", 2);
        outbox.enqueue(22, NotificationKind.RISK_ALERT, "seq:5:0", "<b>Risk</b> margin call");
        drain(quiet(), TelegramContractServer.TOKEN, null);

        assertEquals(1, telegram.delivered().size());
        assertEquals(List.of(), telegram.violations(), "no call came before retry_after was over");
        final Outbox.Row row = outbox.rows().get(0);
        assertEquals("sent", row.status());
        assertEquals(1, row.attempts(), "a 429 is not the message's fault and does not use up its attempts");
    }

    @Test
    void failuresBackOffAndOpenTheBreakerThenTheMessageGoesThrough() throws Exception
    {
        outbox.link(23, 1, 800_201);
        telegram.knownChat(800_201);
        for (int i = 0; i < 4; i++)
        {
            telegram.failNext(500, "Internal Server Error", 0);
        }
        outbox.enqueue(23, NotificationKind.PAYMENT, "invoice:2025-0001:paid", "Invoice paid");
        final TelegramSender sender = drain(quiet().backoffInitialMs(20).backoffMaxMs(200).breakerThreshold(2)
            .breakerOpenMs(300).maxAttempts(10), TelegramContractServer.TOKEN, null);

        assertTrue(sender.breakerOpenings() >= 1, "the breaker opened after two failures in a row");
        final Outbox.Row row = outbox.rows().get(0);
        assertEquals("sent", row.status());
        assertEquals(5, row.attempts());
        assertEquals(1, telegram.delivered().size());
    }

    @Test
    void messagesThatCanNeverGoAreRecordedFailedWithTheReason() throws Exception
    {
        outbox.link(24, 1, 800_301);
        telegram.knownChat(800_301);
        outbox.link(24, 2, 800_302);
        outbox.enqueue(24, NotificationKind.KILL_SWITCH, "seq:9:0", "Kill switch engaged");
        outbox.insertRaw(24, 800_301, "<b>unescaped 1 < 2</b>", "seq:9:1:raw");
        final TelegramSender sender = drain(quiet(), TelegramContractServer.TOKEN, null);

        assertEquals(1, sender.sentCount());
        assertEquals(2, sender.failedCount());
        final List<Outbox.Row> rows = outbox.rows();
        final Outbox.Row toUnknownChat = rows.stream().filter(row -> row.chatId() == 800_302).findFirst().get();
        assertEquals("failed", toUnknownChat.status());
        assertTrue(toUnknownChat.lastError().contains("chat not found"), toUnknownChat.lastError());
        final Outbox.Row badHtml = rows.stream().filter(row -> row.eventKey().endsWith(":raw")).findFirst().get();
        assertEquals("failed", badHtml.status());
        assertTrue(badHtml.lastError().contains("can't parse entities"), badHtml.lastError());
        assertEquals(1, telegram.delivered().size());
    }

    @Test
    void aMessageRecordsWhyWhenItsAttemptsAreUsedUp() throws Exception
    {
        outbox.link(25, 1, 800_401);
        telegram.knownChat(800_401);
        telegram.failNext(502, "Bad Gateway", 0);
        telegram.failNext(502, "Bad Gateway", 0);
        outbox.enqueue(25, NotificationKind.DAILY_PNL, "pnl:2025-03-03", "P&amp;L");
        drain(quiet().backoffInitialMs(10).maxAttempts(2), TelegramContractServer.TOKEN, null);

        final Outbox.Row row = outbox.rows().get(0);
        assertEquals("failed", row.status());
        assertTrue(row.lastError().startsWith("attempts exhausted (2)"), row.lastError());
        assertEquals(0, telegram.delivered().size());
    }

    @Test
    void aWrongTokenFailsNoMessageButStopsSending() throws Exception
    {
        outbox.link(26, 1, 800_501);
        telegram.knownChat(800_501);
        outbox.enqueue(26, NotificationKind.INVOICE, "invoice:2025-0002", "Invoice");
        drain(quiet().breakerThreshold(1).breakerOpenMs(60_000), "1:wrong-token",
            () -> outbox.rowsQuietly().get(0).lastError() != null);

        final Outbox.Row row = outbox.rows().get(0);
        assertEquals("pending", row.status());
        assertEquals(0, row.attempts());
        assertTrue(row.lastError().startsWith("401"), row.lastError());
        assertEquals(0, telegram.delivered().size());
    }
}
