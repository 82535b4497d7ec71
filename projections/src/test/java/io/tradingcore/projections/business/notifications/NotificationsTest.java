package io.tradingcore.projections.business.notifications;

import io.tradingcore.projections.business.BusinessDatabase;
import io.tradingcore.projections.postgres.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Linking a chat through a one-time code sent to the bot, per-user preferences, and the outbox's fan-out. */
final class NotificationsTest
{
    private static TestDatabase testDatabase;
    private static BusinessDatabase database;
    private static Notifications notifications;
    private static Outbox outbox;
    private static TelegramContractServer telegram;
    private static TelegramUpdates updates;

    @BeforeAll
    static void start() throws Exception
    {
        testDatabase = TestDatabase.create("notify");
        database = new BusinessDatabase(testDatabase.url(), null, null);
        notifications = new Notifications(database);
        outbox = new Outbox(database);
        telegram = new TelegramContractServer();
        updates = new TelegramUpdates(database, new TelegramClient(telegram.baseUrl(), TelegramContractServer.TOKEN,
            Duration.ofSeconds(5)), new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stop() throws Exception
    {
        telegram.close();
        testDatabase.close();
    }

    @Test
    void aCodeSentToTheBotLinksTheChatOnce() throws Exception
    {
        final Notifications.LinkCode code = notifications.linkCode(11, 1101);
        assertEquals(600, code.expiresInSeconds());
        assertFalse(notifications.preferences(11, 1101).linked());

        telegram.userSends(900_001, "/start " + code.code());
        telegram.userSends(900_002, "/start " + code.code());
        telegram.userSends(900_003, "hello bot");
        assertEquals(1, updates.pollOnce(0));
        assertTrue(notifications.preferences(11, 1101).linked());
        assertEquals(1, outbox.enqueue(11, NotificationKind.KILL_SWITCH, "seq:1:0", "<b>Kill switch</b> engaged"));
        assertEquals(900_001, outbox.rows().get(outbox.rows().size() - 1).chatId());

        // The offset was stored: a new poller does not apply the same updates again.
        assertEquals(0, new TelegramUpdates(database, new TelegramClient(telegram.baseUrl(),
            TelegramContractServer.TOKEN, Duration.ofSeconds(5)), new PrintStream(OutputStream.nullOutputStream()))
            .pollOnce(0));
    }

    @Test
    void anExpiredCodeLinksNothing() throws Exception
    {
        final Notifications.LinkCode code = notifications.linkCode(12, 1201);
        try (Connection connection = database.connect();
            PreparedStatement expire = connection.prepareStatement(
                "UPDATE telegram_link_codes SET expires_at = now() - interval '1 second' WHERE code = ?"))
        {
            expire.setString(1, code.code());
            expire.executeUpdate();
        }
        telegram.userSends(900_010, "/start " + code.code());
        assertEquals(0, updates.pollOnce(0));
        assertFalse(notifications.preferences(12, 1201).linked());
    }

    @Test
    void preferencesDecideWhoIsToldAndAnEventIsQueuedOnce() throws Exception
    {
        outbox.link(13, 1301, 900_101);
        outbox.link(13, 1302, 900_102);
        outbox.link(14, 1401, 900_201);
        notifications.setPreferences(13, 1302, Map.of(NotificationKind.DAILY_PNL, false));
        assertEquals(Boolean.FALSE, notifications.preferences(13, 1302).enabled().get(NotificationKind.DAILY_PNL));
        assertEquals(Boolean.TRUE, notifications.preferences(13, 1302).enabled().get(NotificationKind.RISK_ALERT));

        assertEquals(1, outbox.enqueue(13, NotificationKind.DAILY_PNL, "pnl:2025-01-31", "P&amp;L: 10.00"));
        assertEquals(2, outbox.enqueue(13, NotificationKind.RISK_ALERT, "seq:42:1", "<b>Risk</b>"));
        assertEquals(0, outbox.enqueue(13, NotificationKind.RISK_ALERT, "seq:42:1", "<b>Risk</b>"));

        final List<Outbox.Row> tenant13 = outbox.rows().stream().filter(row -> row.eventKey().startsWith("pnl:") ||
            row.eventKey().startsWith("seq:42:")).toList();
        assertEquals(List.of("pnl:2025-01-31:1301", "seq:42:1:1301", "seq:42:1:1302"),
            tenant13.stream().map(Outbox.Row::eventKey).toList());
        assertTrue(tenant13.stream().allMatch(row -> row.status().equals("pending")));

        notifications.setPreferences(13, 1302, Map.of(NotificationKind.DAILY_PNL, true));
        assertEquals(2, outbox.enqueue(13, NotificationKind.DAILY_PNL, "pnl:2025-02-01", "P&amp;L: 11.00"));
    }

    @Test
    void aMessageTooLongForTelegramIsRefusedAtOnce()
    {
        assertThrows(IllegalArgumentException.class,
            () -> outbox.enqueue(15, NotificationKind.INVOICE, "invoice:1", "x".repeat(4097)));
    }

    @Test
    void escapingKeepsEveryValueText()
    {
        assertEquals("a &lt;b&gt; &amp; \"c\"", TelegramHtml.escape("a <b> & \"c\""));
        assertEquals("&quot;x&quot; &amp;", TelegramHtml.attribute("\"x\" &"));
        assertEquals("<b>&lt;EUR&gt;</b>", TelegramHtml.bold("<EUR>"));
    }
}
