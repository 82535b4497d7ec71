package io.tradingcore.projections.business;

import io.tradingcore.cli.CommandLines;
import io.tradingcore.cli.HelpOption;
import io.tradingcore.projections.SinkSettings;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code scripts/business}: the business services that follow the event stream, as one process, until SIGTERM. */
@Command(name = "scripts/business", sortOptions = false, subcommands = AutoComplete.GenerateCompletion.class,
    description = {"Runs the business services that follow the core's event stream: the quota service (orders per " +
        "tenant and day against the tier's quota: a warning at 80%, new orders halted for the rest of the day at " +
        "100% through the core's command ingress, resumed the next day or on an upgrade) and the subscription " +
        "periods' roll (a downgrade takes effect at the period's end)."},
    footer = {"%nPostgreSQL: --config FILE (Java properties: postgres.url, postgres.user, postgres.password or " +
        "postgres.passwordFile), else TC_POSTGRES_URL and the like in the environment, else the data folder's own " +
        "server (scripts/db start --data DIR). Tiers: business/tiers.properties, overridden by the file of " +
        "-Dtradingcore.business.tiersFile.",
        "Exit codes: 0 stopped, 2 bad command line or settings."})
public final class BusinessCommand implements Callable<Integer>
{
    @Mixin
    private HelpOption help;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
        description = "the core's data folder (default: ${DEFAULT-VALUE})")
    private Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "connection settings (Java properties)")
    private Path config;

    private final PrintStream out;

    BusinessCommand(final PrintStream out)
    {
        this.out = out;
    }

    public static void main(final String[] args)
    {
        System.exit(execute(System.out, System.err, args));
    }

    static int execute(final PrintStream out, final PrintStream err, final String... args)
    {
        return CommandLines.execute(new BusinessCommand(out), "scripts/business", out, err, args);
    }

    @Override
    public Integer call() throws Exception
    {
        final SinkSettings settings = SinkSettings.load(config, data, System.getenv());
        final BusinessDatabase database = new BusinessDatabase(settings.require("postgres.url"),
            settings.get("postgres.user", "postgres"), settings.password("postgres"));
        final BusinessService service = new BusinessService(data, database, SubscriptionTiers.load(),
            new QuotaNotices(), out);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            service.close();
            stopped.countDown();
        }, "business-stop"));
        out.println("business: following " + data + " (quotas, subscription periods)");
        stopped.await();
        return 0;
    }
}
