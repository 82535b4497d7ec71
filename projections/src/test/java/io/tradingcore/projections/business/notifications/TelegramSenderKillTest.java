package io.tradingcore.projections.business.notifications;

import io.tradingcore.projections.business.BusinessDatabase;
import io.tradingcore.projections.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each alert is sent once across a SIGKILL of the notifier ({@code scripts/notifier} as a child JVM): killed while
 * Telegram holds a message unanswered, then started again, it sends every other message exactly once and the one in
 * flight at most once (it reached Telegram here, so exactly once), recorded failed as "interrupted".
 */
final class TelegramSenderKillTest
{
    private static final int USERS = 8;
    private static final int EVENTS = 3;

    @Test
    void everyAlertIsSentOnceAcrossAKill(@TempDir final Path data) throws Exception
    {
        try (TestDatabase testDatabase = TestDatabase.create("notifykill");
            TelegramContractServer telegram = new TelegramContractServer())
        {
            final BusinessDatabase database = new BusinessDatabase(testDatabase.url(), null, null);
            final Outbox outbox = new Outbox(database);
            for (int user = 1; user <= USERS; user++)
            {
                outbox.link(31, user, 810_000 + user);
                telegram.knownChat(810_000 + user);
            }
            for (int event = 1; event <= EVENTS; event++)
            {
                outbox.enqueue(31, NotificationKind.RISK_ALERT, "seq:" + (100 + event) + ":0",
                    "<b>Alert</b> " + event);
            }
            telegram.holdSend(USERS + 3);
            final Map<String, String> environment = Map.of("TC_POSTGRES_URL", testDatabase.url(),
                "TC_TELEGRAM_BOT_TOKEN", TelegramContractServer.TOKEN, "TC_TELEGRAM_BASE_URL", telegram.baseUrl());
            final Path log = data.resolve("notifier.log");

            final Process first = start(data, log, environment);
            while (!telegram.awaitHeld(100, TimeUnit.MILLISECONDS))
            {
                assertTrue(first.isAlive(), "the notifier stopped before the held message: " + Files.readString(log));
            }
            first.destroyForcibly();
            first.waitFor();
            telegram.release();

            final Process second = start(data, log, environment);
            outbox.awaitSettled();
            second.destroy();
            // SIGTERM: the JVM runs the notifier's shutdown hook, which lets the current message finish, and exits 143.
            final int exit = second.waitFor();
            assertTrue(exit == 0 || exit == 143, "exit " + exit + ": " + Files.readString(log));

            final List<Outbox.Row> rows = outbox.rows();
            assertEquals(USERS * EVENTS, rows.size());
            final Map<String, Integer> deliveries = new HashMap<>();
            for (final TelegramContractServer.Delivered message : telegram.delivered())
            {
                deliveries.merge(message.chatId() + "|" + message.html(), 1, Integer::sum);
            }
            final List<Outbox.Row> interrupted = new ArrayList<>();
            for (final Outbox.Row row : rows)
            {
                final int times = deliveries.getOrDefault(row.chatId() + "|" + row.text(), 0);
                if (row.status().equals("sent"))
                {
                    assertEquals(1, times, "sent exactly once: " + row);
                }
                else
                {
                    assertEquals("failed", row.status(), row.toString());
                    assertEquals(TelegramSender.INTERRUPTED, row.lastError());
                    assertTrue(times <= 1, "at most once: " + row);
                    interrupted.add(row);
                }
            }
            assertEquals(1, interrupted.size(), "only the message in flight at the kill: " + rows);
            assertEquals(USERS * EVENTS, telegram.delivered().size(), "nothing delivered twice, nothing lost");
            assertEquals(List.of(), telegram.violations());
        }
    }

    private static Process start(final Path data, final Path log, final Map<String, String> environment)
        throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String flag : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (flag.startsWith("--add-"))
            {
                command.add(flag);
            }
        }
        command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-Dtradingcore.notifier.pollIntervalMs=20",
            "-cp", System.getProperty("java.class.path"), NotifierCommand.class.getName(), "--data",
            data.toString(), "--no-updates"));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }
}
