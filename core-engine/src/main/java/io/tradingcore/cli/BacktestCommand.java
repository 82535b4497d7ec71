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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code scripts/backtest}: a strategy over historical MT5 ticks through the same engine and risk checks
 * as live trading, with the simulated venue, as fast as one thread goes; or a parameter sweep.
 */
public final class BacktestCommand
{
    private static final String USAGE = """
        usage: scripts/backtest --ticks FILE... --strategy NAME|CLASS --out DIR [options]
               scripts/backtest --list-strategies

          --ticks FILE...        MT5 tick exports (.csv or .csv.gz), merged in time order; the instrument of
                                 each comes from its file name (EURUSD_20140508.mt5.csv) or --symbol
          --strategy NAME|CLASS  a strategy of --list-strategies, or the class name of a Strategy on the
                                 classpath with a public (StrategyParameters) constructor
          --param k=v            a strategy parameter, repeatable; k=v1,v2,... sweeps every combination
                                 (symbol defaults to the first file's symbol)
          --out DIR              where summary.json, trades.csv, equity.csv, report.html, run.json and journal/ go
                                 (a sweep: one folder per combination and sweep.csv); must not hold a journal
          --tz OFFSET            broker server time of the files, e.g. +02:00 or 3 (default 0, UTC)
          --symbol SYMBOL,...    the instrument of each file, in --ticks order (default: from file names)
          --skip-bad-rows        skip and count malformed rows instead of stopping at the first
          --config FILE          reference data (default: the built-in EURUSD/XAUUSD config, account 1001);
                                 the strategy trades its first account
          --slippage POINTS      market and stop fills this many points worse than the touch (default 0)
          --latency-ms MS        engine time an order takes to reach the venue (default 0)
          --max-fill LOTS        the most one order fills per tick, the rest on later ticks (default: no cap)
          --commission PER_LOT   money charged per lot filled, e.g. 7.00 (default 0)
          --threads N            backtests run at once in a sweep (default min(2, cores))
          --list-strategies      print the known strategy names, one a line
        """;

    private BacktestCommand()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args));
    }

    static int run(final String[] args)
    {
        try
        {
            final Arguments arguments = new Arguments(args,
                Set.of("strategy", "out", "tz", "symbol", "config", "slippage", "latency-ms", "max-fill", "commission",
                    "threads"),
                Set.of("skip-bad-rows", "list-strategies"), Set.of("ticks", "param"));
            if (arguments.help())
            {
                System.out.print(USAGE);
                return 0;
            }
            if (!arguments.words().isEmpty())
            {
                throw new Arguments.UsageException("unexpected argument '" + arguments.words().get(0) + "'");
            }
            final StrategyCatalog catalog = ExampleStrategies.catalog();
            if (arguments.flag("list-strategies"))
            {
                catalog.names().forEach(System.out::println);
                return 0;
            }
            return backtest(arguments, catalog);
        }
        catch (final Arguments.UsageException ex)
        {
            System.err.println("backtest: " + ex.getMessage() + " (see --help)");
            return 2;
        }
        catch (final MalformedTickRowException ex)
        {
            System.err.println(); // ends the progress line the bad row interrupted
            System.err.println("backtest: " + ex.getMessage() + " (--skip-bad-rows skips such rows)");
            return 2;
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("backtest: " + ex.getMessage());
            return 2;
        }
        catch (final IOException | UncheckedIOException | IllegalStateException ex)
        {
            System.err.println("backtest: " + ex.getMessage());
            return 1;
        }
    }

    private static int backtest(final Arguments arguments, final StrategyCatalog catalog) throws IOException
    {
        final String strategy = required(arguments, "strategy");
        final Path out = Path.of(required(arguments, "out"));
        if (arguments.list("ticks").isEmpty())
        {
            throw new Arguments.UsageException("--ticks FILE... is required");
        }
        registerClass(catalog, strategy);
        final String config = arguments.get("config", null);
        final ReferenceData referenceData = config == null ? ReferenceData.defaults() : ReferenceData.load(Path.of(config));
        final List<Mt5TickFile> files = tickFiles(arguments, referenceData);
        final VenueSettings venue = new VenueSettings(
            money(arguments.get("commission", "0"), "--commission"),
            fixed(arguments.get("max-fill", "0"), FixedPoint.QUANTITY_DIGITS, "--max-fill"),
            fixed(arguments.get("slippage", "0"), 0, "--slippage"));
        final long latencyNs = fixed(arguments.get("latency-ms", "0"), 6, "--latency-ms");
        final ParameterGrid grid = ParameterGrid.parse(arguments.list("param"))
            .withDefault("symbol", files.get(0).symbol());
        final BacktestSettings settings = new BacktestSettings(files, strategy, grid.parametersText(
            grid.combinations().get(0)), referenceData, venue, latencyNs, out);

        if (grid.isSweep())
        {
            final int threads = (int)fixed(arguments.get("threads",
                Integer.toString(Math.min(2, Runtime.getRuntime().availableProcessors()))), 0, "--threads");
            System.out.printf("sweep: %d combinations on %d threads%n", grid.combinations().size(), threads);
            BacktestSweep.run(settings, grid, catalog, threads, result -> System.out.printf(
                "  %-40s net %s, trades %s, %,.0f ticks/s%n", result.outDirectory().getFileName(),
                result.value("net_pnl"), result.value("trades"), result.ticksPerSecond()));
            System.out.println("sweep summary: " + out.resolve("sweep.csv"));
            return 0;
        }
        final Progress progress = new Progress(System.err, "ticks");
        final BacktestResult result = BacktestRun.run(settings, catalog, progress::update);
        progress.finish(result.ticks());
        BacktestFiles.write(result);
        print(result);
        return 0;
    }

    private static void print(final BacktestResult result)
    {
        System.out.println();
        System.out.println("== backtest summary ==");
        for (final String[] row : BacktestFiles.summaryRows(result))
        {
            System.out.printf("%-36s %s%n", row[0], row[1]);
        }
        System.out.printf("%-36s %,.0f ticks/s (%,d ticks in %.2f s; in run.json, not summary.json)%n",
            "engine throughput", result.ticksPerSecond(), result.ticks(), result.wallNanos() / 1e9);
        System.out.println();
        System.out.println("files:     " + result.outDirectory().resolve("summary.json") + ", trades.csv, equity.csv, run.json");
        System.out.println("replay it: scripts/replay verify --data " + result.outDirectory());
    }

    private static List<Mt5TickFile> tickFiles(final Arguments arguments, final ReferenceData referenceData)
    {
        final List<String> paths = arguments.list("ticks");
        final String symbolOption = arguments.get("symbol", null);
        final String[] symbols = symbolOption == null ? new String[0] : symbolOption.split(",");
        if (symbolOption != null && symbols.length != paths.size())
        {
            throw new Arguments.UsageException("--symbol names " + symbols.length + " symbols for " + paths.size() +
                " tick files: give one per file, in --ticks order");
        }
        final Duration offset = serverTimeOffset(arguments.get("tz", "0"));
        final boolean skipBadRows = arguments.flag("skip-bad-rows");
        final List<Mt5TickFile> files = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++)
        {
            files.add(BacktestSettings.tickFile(Path.of(paths.get(i)), symbols.length == 0 ? null : symbols[i].trim(),
                referenceData, offset, skipBadRows));
        }
        return files;
    }

    private static Duration serverTimeOffset(final String text)
    {
        try
        {
            final String signed = text.startsWith("+") || text.startsWith("-") || text.equals("Z") ? text : "+" + text;
            return signed.equals("+0") ? Duration.ZERO : Duration.ofSeconds(ZoneOffset.of(signed).getTotalSeconds());
        }
        catch (final DateTimeException ex)
        {
            throw new Arguments.UsageException("--tz must be an offset like +02:00, -5 or 3, got '" + text + "'");
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
            throw new IllegalArgumentException("strategy class " + name + " has no public (StrategyParameters) constructor");
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

    private static String required(final Arguments arguments, final String name)
    {
        final String value = arguments.get(name, null);
        if (value == null)
        {
            throw new Arguments.UsageException("--" + name + " is required");
        }
        return value;
    }

    private static long money(final String text, final String option)
    {
        return fixed(text, FixedPoint.MONEY_DIGITS, option);
    }

    private static long fixed(final String text, final int digits, final String option)
    {
        try
        {
            final long value = FixedPoint.parse(text, digits);
            if (value < 0)
            {
                throw new Arguments.UsageException(option + " must not be negative, got '" + text + "'");
            }
            return value;
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new Arguments.UsageException(option + " must be a plain decimal number, got '" + text + "'");
        }
    }
}
