package io.tradingcore.cli;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.backtest.BacktestFiles;
import io.tradingcore.backtest.BacktestResult;
import io.tradingcore.backtest.BacktestRun;
import io.tradingcore.backtest.BacktestSettings;
import io.tradingcore.backtest.BacktestSweep;
import io.tradingcore.backtest.ParameterGrid;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.marketdata.MalformedTickRowException;
import io.tradingcore.marketdata.Mt5TickFile;
import io.tradingcore.strategy.Strategy;
import io.tradingcore.strategy.StrategyCatalog;
import io.tradingcore.strategy.StrategyParameters;
import io.tradingcore.venue.VenueSettings;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code scripts/backtest}: a strategy over historical MT5 ticks through the same engine and risk checks
 * as live trading, with the simulated venue, as fast as one thread goes; or a parameter sweep.
 */
@Command(name = "scripts/backtest", sortOptions = false,
    customSynopsis = {"scripts/backtest --ticks FILE... --strategy NAME|CLASS --out DIR [options]",
        "       scripts/backtest --list-strategies"},
    description = "Runs a strategy over MT5 tick exports through the same engine and risk checks as live trading, " +
        "with the simulated venue, as fast as one thread goes; or a parameter sweep.",
    subcommands = AutoComplete.GenerateCompletion.class)
public final class BacktestCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(names = "--ticks", paramLabel = "FILE", arity = "1..*",
        description = {"MT5 tick exports (.csv or .csv.gz), merged in time order; each one's",
            "  instrument from --symbol or its name (EURUSD_20140508.mt5.csv)"})
    private List<Path> ticks = new ArrayList<>();

    @Option(names = "--strategy", paramLabel = "NAME|CLASS",
        description = "a strategy of --list-strategies, or the class name of a Strategy on the classpath with a " +
            "public (StrategyParameters) constructor")
    private String strategy;

    @Option(names = "--param", paramLabel = "k=v", arity = "1..*",
        description = "a strategy parameter, repeatable; k=v1,v2,... sweeps every combination (symbol defaults to " +
            "the first file's symbol)")
    private List<String> parameters = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
        description = {"where summary.json, trades.csv, equity.csv, report.html, run.json",
            "  and journal/ go (a sweep: one folder per combination and sweep.csv);", "  must not hold a journal"})
    private Path out;

    @Option(names = "--tz", paramLabel = "OFFSET", defaultValue = "0", converter = ServerTimeOffset.class,
        description = "broker server time of the files, e.g. +02:00 or 3 (default 0, UTC)")
    private Duration serverTimeOffset;

    @Option(names = "--symbol", paramLabel = "SYMBOL,...", split = "\\s*,\\s*", hideParamSyntax = true,
        description = "the instrument of each file, in --ticks order (default: from file names)")
    private List<String> symbols = new ArrayList<>();

    @Option(names = "--skip-bad-rows", description = "skip and count malformed rows instead of stopping at the first")
    private boolean skipBadRows;

    @Option(names = "--config", paramLabel = "FILE",
        description = "reference data (default: the built-in EURUSD/XAUUSD config, account 1001); the strategy " +
            "trades its first account")
    private Path config;

    @Option(names = "--slippage", paramLabel = "POINTS", defaultValue = "0",
        description = "market and stop fills this many points worse than the touch (default 0)")
    private String slippage;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "0",
        description = "engine time an order takes to reach the venue (default 0)")
    private String latencyMs;

    @Option(names = "--max-fill", paramLabel = "LOTS", defaultValue = "0",
        description = "the most one order fills per tick, the rest on later ticks (default: no cap)")
    private String maxFill;

    @Option(names = "--commission", paramLabel = "PER_LOT", defaultValue = "0",
        description = "money charged per lot filled, e.g. 7.00 (default 0)")
    private String commission;

    @Option(names = "--threads", paramLabel = "N",
        description = "backtests run at once in a sweep (default min(2, cores))")
    private String threads;

    @Option(names = "--list-strategies", description = "print the known strategy names, one a line")
    private boolean listStrategies;

    private final PrintStream stdout;
    private final PrintStream stderr;

    private BacktestCommand(final PrintStream stdout, final PrintStream stderr)
    {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(final String[] args)
    {
        System.exit(run(args));
    }

    static int run(final String[] args)
    {
        return run(args, System.out, System.err);
    }

    /** Runs the command, printing to the given streams; returns the exit code. */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final BacktestCommand command = new BacktestCommand(out, err);
        return CommandLines.prepare(command, "backtest", out, err)
            .setExecutionExceptionHandler((ex, commandLine, parseResult) -> command.failed(ex))
            .execute(args);
    }

    @Override
    public Integer call() throws IOException
    {
        final StrategyCatalog catalog = ExampleStrategies.catalog();
        if (listStrategies)
        {
            catalog.names().forEach(stdout::println);
            return 0;
        }
        return backtest(catalog);
    }

    /** Bad input is one line and exit code 2; a run that cannot finish, exit code 1. */
    private int failed(final Exception ex) throws Exception
    {
        if (ex instanceof MalformedTickRowException)
        {
            stderr.println(); // ends the progress line the bad row interrupted
            stderr.println("backtest: " + ex.getMessage() + " (--skip-bad-rows skips such rows)");
            return 2;
        }
        if (ex instanceof IllegalArgumentException)
        {
            stderr.println("backtest: " + ex.getMessage());
            return 2;
        }
        if (ex instanceof IOException || ex instanceof UncheckedIOException || ex instanceof IllegalStateException)
        {
            stderr.println("backtest: " + ex.getMessage());
            return 1;
        }
        throw ex;
    }

    private int backtest(final StrategyCatalog catalog) throws IOException
    {
        required("--strategy", strategy);
        required("--out", out);
        if (ticks.isEmpty())
        {
            throw mistake("--ticks FILE... is required");
        }
        registerClass(catalog, strategy);
        final ReferenceData referenceData = config == null ? ReferenceData.defaults() : ReferenceData.load(config);
        final List<Mt5TickFile> files = tickFiles(referenceData);
        final VenueSettings venue = new VenueSettings(
            fixed(commission, FixedPoint.MONEY_DIGITS, "--commission"),
            fixed(maxFill, FixedPoint.QUANTITY_DIGITS, "--max-fill"),
            fixed(slippage, 0, "--slippage"));
        final long latencyNs = fixed(latencyMs, 6, "--latency-ms");
        final ParameterGrid grid = ParameterGrid.parse(parameters)
            .withDefault("symbol", files.get(0).symbol());
        final BacktestSettings settings = new BacktestSettings(files, strategy, grid.parametersText(
            grid.combinations().get(0)), referenceData, venue, latencyNs, out);

        if (grid.isSweep())
        {
            final int threadCount = (int)fixed(threads == null ?
                Integer.toString(Math.min(2, Runtime.getRuntime().availableProcessors())) : threads, 0, "--threads");
            stdout.printf("sweep: %d combinations on %d threads%n", grid.combinations().size(), threadCount);
            BacktestSweep.run(settings, grid, catalog, threadCount, result -> stdout.printf(
                "  %-40s net %s, trades %s, %,.0f ticks/s%n", result.outDirectory().getFileName(),
                result.value("net_pnl"), result.value("trades"), result.ticksPerSecond()));
            stdout.println("sweep summary: " + out.resolve("sweep.csv"));
            return 0;
        }
        final Progress progress = new Progress(stderr, "ticks");
        final BacktestResult result = BacktestRun.run(settings, catalog, progress::update);
        progress.finish(result.ticks());
        BacktestFiles.write(result);
        print(result);
        return 0;
    }

    private void print(final BacktestResult result)
    {
        stdout.println();
        stdout.println("== backtest summary ==");
        for (final String[] row : BacktestFiles.summaryRows(result))
        {
            stdout.printf("%-36s %s%n", row[0], row[1]);
        }
        stdout.printf("%-36s %,.0f ticks/s (%,d ticks in %.2f s; in run.json, not summary.json)%n",
            "engine throughput", result.ticksPerSecond(), result.ticks(), result.wallNanos() / 1e9);
        stdout.println();
        stdout.println("files:     " + result.outDirectory().resolve("summary.json") +
            ", trades.csv, equity.csv, run.json");
        stdout.println("replay it: scripts/replay verify --data " + result.outDirectory());
    }

    private List<Mt5TickFile> tickFiles(final ReferenceData referenceData)
    {
        if (!symbols.isEmpty() && symbols.size() != ticks.size())
        {
            throw mistake("--symbol names " + symbols.size() + " symbols for " + ticks.size() +
                " tick files: give one per file, in --ticks order");
        }
        final List<Mt5TickFile> files = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i++)
        {
            files.add(BacktestSettings.tickFile(ticks.get(i), symbols.isEmpty() ? null : symbols.get(i),
                referenceData, serverTimeOffset, skipBadRows));
        }
        return files;
    }

    /** --tz: a broker's server time as an offset from UTC, "+02:00", "-5" or "3". */
    static final class ServerTimeOffset implements CommandLine.ITypeConverter<Duration>
    {
        @Override
        public Duration convert(final String text)
        {
            try
            {
                final String signed = text.startsWith("+") || text.startsWith("-") || text.equals("Z") ? text :
                    "+" + text;
                return signed.equals("+0") ? Duration.ZERO :
                    Duration.ofSeconds(ZoneOffset.of(signed).getTotalSeconds());
            }
            catch (final DateTimeException ex)
            {
                throw new CommandLine.TypeConversionException("'" + text +
                    "' is not an offset like +02:00, -5 or 3");
            }
        }
    }

    /**
     * A strategy given by class name joins the catalog under that name, built by its public
     * (StrategyParameters) constructor; replays then need the same registration.
     */
    static void registerClass(final StrategyCatalog catalog, final String name)
    {
        if (catalog.contains(name))
        {
            return;
        }
        final Constructor<? extends Strategy> constructor;
        try
        {
            final Class<?> type = Class.forName(name);
            if (!Strategy.class.isAssignableFrom(type))
            {
                throw new IllegalArgumentException("class " + name + " does not implement " + Strategy.class.getName());
            }
            constructor = type.asSubclass(Strategy.class).getConstructor(StrategyParameters.class);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalArgumentException("unknown strategy '" + name + "': not one of " +
                String.join(", ", catalog.names()) + " and no such class on the classpath");
        }
        catch (final NoSuchMethodException ex)
        {
            throw new IllegalArgumentException("strategy class " + name
                + " has no public (StrategyParameters) constructor");
        }
        catalog.register(name, parameters ->
        {
            try
            {
                return constructor.newInstance(parameters);
            }
            catch (final InvocationTargetException ex)
            {
                if (ex.getCause() instanceof RuntimeException runtime)
                {
                    throw runtime;
                }
                throw new IllegalStateException(ex.getCause());
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new IllegalArgumentException("cannot build " + name + ": " + ex.getMessage());
            }
        });
    }

    private void required(final String option, final Object value)
    {
        if (value == null)
        {
            throw mistake(option + " is required");
        }
    }

    private long fixed(final String text, final int digits, final String option)
    {
        final long value;
        try
        {
            value = FixedPoint.parse(text, digits);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw mistake(option + " must be a plain decimal number, got '" + text + "'");
        }
        if (value < 0)
        {
            throw mistake(option + " must not be negative, got '" + text + "'");
        }
        return value;
    }

    private CommandLine.ParameterException mistake(final String message)
    {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
