package io.tradingcore.projections.business.notifications;

import io.tradingcore.cli.CommandLines;
import io.tradingcore.cli.HelpOption;
import io.tradingcore.projections.SinkSettings;
import io.tradingcore.projections.business.BusinessDatabase;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code scripts/notifier --data DIR}: the notification service as its own process. It sends the outbox to Telegram
 * ({@link TelegramSender}) and links chats that send the bot {@code /start CODE} ({@link TelegramUpdates}, on a
 * second thread) until stopped (SIGTERM or Ctrl-C end it after the current message).
 */
@Command(name = "scripts/notifier", sortOptions = false, subcommands = AutoComplete.GenerateCompletion.class,
    description = {"Sends the business.notification_outbox to Telegram (rate limited, retried, at most once per " +
        "event) and links users' chats through the one-time codes they send the bot."},
    footer = {"%nSettings: --config FILE (Java properties), else the environment (TC_ and the name in upper case " +
        "with underscores), else the data folder's servers: postgres.url, postgres.user, postgres.password or " +
        "postgres.passwordFile; telegram.bot.token (TC_TELEGRAM_BOT_TOKEN) or telegram.bot.tokenFile, " +
        "telegram.base.url (TC_TELEGRAM_BASE_URL, default " + TelegramClient.DEFAULT_BASE_URL + ").",
        "Exit codes: 0 stopped, 2 bad command line or settings."})
public final class NotifierCommand implements Callable<Integer>
{
    @Mixin
    private HelpOption help;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
        description = "the data folder, for its servers' settings (default: ${DEFAULT-VALUE})")
    private Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "settings (Java properties)")
    private Path config;

    @Option(names = "--no-updates", description = "do not poll getUpdates (another process links the chats)")
    private boolean noUpdates;

    @Option(names = "--updates-timeout", paramLabel = "SECONDS", defaultValue = "25",
        description = "getUpdates long-polling timeout (default: ${DEFAULT-VALUE})")
    private int updatesTimeout;

    private final PrintStream out;
    private final PrintStream err;

    NotifierCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args)
    {
        System.exit(execute(System.out, System.err, args));
    }

    static int execute(final PrintStream out, final PrintStream err, final String... args)
    {
        return CommandLines.execute(new NotifierCommand(out, err), "scripts/notifier", out, err, args);
    }

    /** The bot token: {@code telegram.bot.token}, else the file {@code telegram.bot.tokenFile}; never the repo. */
    static String botToken(final SinkSettings settings)
    {
        final String token = settings.get("telegram.bot.token", null);
        if (token != null)
        {
            return token.strip();
        }
        final String file = settings.get("telegram.bot.tokenFile", null);
        if (file == null)
        {
            throw new IllegalArgumentException("no bot token: set TC_TELEGRAM_BOT_TOKEN or telegram.bot.tokenFile");
        }
        try
        {
            return Files.readString(Path.of(file)).strip();
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read telegram.bot.tokenFile " + file + ": " + ex.getMessage(),
                ex);
        }
    }

    @Override
    public Integer call() throws Exception
    {
        final SinkSettings settings = SinkSettings.load(config, data, System.getenv());
        final BusinessDatabase database = new BusinessDatabase(settings.require("postgres.url"),
            settings.get("postgres.user", null), settings.password("postgres"));
        final TelegramClient client = new TelegramClient(
            settings.get("telegram.base.url", TelegramClient.DEFAULT_BASE_URL), botToken(settings),
            Duration.ofSeconds(10));
        final TelegramSender sender = new TelegramSender(database, client, new TelegramSender.Context().log(err));
        final AtomicBoolean running = new AtomicBoolean(true);
        final CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            running.set(false);
            try
            {
                finished.await(15, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ignored)
            {
                Thread.currentThread().interrupt();
            }
        }, "notifier-stop"));
        Thread updates = null;
        if (!noUpdates)
        {
            final TelegramUpdates inbox = new TelegramUpdates(database, client, err);
            updates = new Thread(() ->
            {
                try
                {
                    inbox.run(running::get, updatesTimeout);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }, "notifier-updates");
            updates.setDaemon(true);
            updates.start();
        }
        err.println("notifier: sending");
        try
        {
            sender.run(running::get);
        }
        finally
        {
            finished.countDown();
        }
        out.printf("notifier: %d sent, %d failed%n", sender.sentCount(), sender.failedCount());
        return 0;
    }
}
