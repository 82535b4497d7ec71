package io.tradingcore.projections.business.billing;

import io.tradingcore.cli.CommandLines;
import io.tradingcore.cli.HelpOption;
import io.tradingcore.projections.SinkSettings;
import io.tradingcore.projections.business.BusinessDatabase;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code scripts/billing --data DIR [--period 2026-12]}: makes the month's invoices that do not exist yet and prints
 * what it issued. Safe to run again, and from two places at once. Exit 0 when every tenant has its invoice, 1 when
 * some could not be made, 2 on a bad command line or settings.
 */
@Command(name = "scripts/billing", sortOptions = false, subcommands = AutoComplete.GenerateCompletion.class,
    description = {"Makes each subscribed tenant's invoice for a month (its tier, the month's usage, overage and " +
        "tax), numbered without gaps, and prints what it issued. A tenant that has its invoice already gets no " +
        "second one."},
    footer = {"%nSettings: --config FILE (Java properties: postgres.url, postgres.user, postgres.password or " +
        "postgres.passwordFile, business.issuer, business.taxBps), else TC_POSTGRES_URL, TC_BUSINESS_ISSUER, " +
        "TC_BUSINESS_TAXBPS and the like in the environment, else the data folder's own server (scripts/db start " +
        "--data DIR); the issuer and tax also as -Dtradingcore.business.issuer and -Dtradingcore.business.taxBps.",
        "Exit codes: 0 ok, 1 some invoices could not be made, 2 bad command line or settings."})
public final class BillingCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
        description = "the core's data folder (default: ${DEFAULT-VALUE})")
    private Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "connection settings (Java properties)")
    private Path config;

    @Option(names = "--period", paramLabel = "YYYY-MM", description = "the month to bill (default: last month, UTC)")
    private String period;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Clock clock;

    BillingCommand(final PrintStream out, final PrintStream err, final Map<String, String> environment,
        final Clock clock)
    {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.clock = clock;
    }

    public static void main(final String[] args)
    {
        System.exit(execute(System.out, System.err, System.getenv(), Clock.systemUTC(), args));
    }

    static int execute(final PrintStream out, final PrintStream err, final Map<String, String> environment,
        final Clock clock, final String... args)
    {
        return CommandLines.execute(new BillingCommand(out, err, environment, clock), "scripts/billing", out, err,
            args);
    }

    @Override
    public Integer call() throws Exception
    {
        final YearMonth month = month();
        final SinkSettings settings = SinkSettings.load(config, data, environment);
        final Billing.Context ctx = new Billing.Context().clock(clock);
        ctx.issuer(settings.get("business.issuer", ctx.issuer()));
        final String taxBps = settings.get("business.taxBps", null);
        if (taxBps != null)
        {
            try
            {
                ctx.taxBps(Integer.parseInt(taxBps.strip()));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("business.taxBps must be whole basis points: " + taxBps, ex);
            }
        }
        final BusinessDatabase database = new BusinessDatabase(settings.require("postgres.url"),
            settings.get("postgres.user", "postgres"), settings.password("postgres"));
        final BillingRun run = new Billing(ctx.database(database)).run(month);
        out.printf("billing %s: issuer %s, tax %s%n", month, ctx.issuer(), Rupiah.percent(ctx.taxBps()));
        if (!run.usageAvailable())
        {
            out.println("no usage: this database has no public.usage (the postgres projection has not run here), " +
                "so the invoices have no usage or overage lines");
        }
        for (final Invoice invoice : run.issued())
        {
            out.printf("issued %s  tenant %d  %s  %s (%d lines)%n", invoice.number(), invoice.tenantId(),
                Rupiah.format(invoice.total()), invoice.status(), invoice.lines().size());
        }
        for (final Map.Entry<Integer, String> failure : run.failed().entrySet())
        {
            err.printf("failed tenant %d: %s%n", failure.getKey(), failure.getValue());
        }
        out.printf("%d issued, %d already issued, %d failed%n", run.issued().size(), run.alreadyIssued().size(),
            run.failed().size());
        return run.failed().isEmpty() ? 0 : 1;
    }

    private YearMonth month()
    {
        if (period == null)
        {
            return YearMonth.now(clock).minusMonths(1);
        }
        try
        {
            return YearMonth.parse(period);
        }
        catch (final DateTimeParseException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--period must be YYYY-MM: " + period);
        }
    }
}
