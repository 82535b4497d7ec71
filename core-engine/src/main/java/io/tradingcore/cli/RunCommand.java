package io.tradingcore.cli;

import io.tradingcore.config.ReferenceData;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.marketdata.MalformedTickRowException;
import io.tradingcore.marketdata.Mt5TickFile;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.pipeline.EngineClock;
import io.tradingcore.pipeline.ThreadingLayout;
import io.tradingcore.pipeline.TradingCore;
import io.tradingcore.venue.VenueConnection;
import io.tradingcore.venue.VenueSettings;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code scripts/run}: the main job on embedded defaults. Until the MT5 bridge exists it replays a
 * tick file straight into the core, with the example strategy trading against the simulated venue,
 * and prints what happened. On a data folder that already holds a journal it recovers and carries
 * on after the last tick it journaled.
 */
public final class RunCommand
{
    private static final String USAGE = """
        usage: scripts/run [--data DIR] [--ticks FILE] [--symbol SYMBOL] [--config FILE]
                           [--clock wall|data] [--threading SHARED|SPLIT|DEDICATED] [--idle backoff|yielding|busy-spin]

          --data DIR        data folder for journals and snapshots (default ./data)
          --ticks FILE      an MT5 tick export (.csv or .csv.gz; default the shipped EURUSD sample)
          --symbol SYMBOL   the instrument of the file (default: from the file name, as MT5 names exports)
          --config FILE     reference data for a new data folder (default: the built-in config with
                            EURUSD and XAUUSD, one demo account and the ma-crossover strategy)
          --clock           engine time from the ticks' own times (default: a replay runs in market
                            time, so rate limits and the stale-market guard mean what they say) or
                            from the wall clock, as a live feed would
          --threading       how pipeline stages share threads (default SPLIT: two threads)
          --idle            idle strategy of the pipeline threads (default backoff)
        """;

    private RunCommand()
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
                Set.of("data", "ticks", "symbol", "config", "clock", "threading", "idle"), Set.of());
            if (arguments.help())
            {
                System.out.print(USAGE);
                return 0;
            }
            if (!arguments.words().isEmpty())
            {
                throw new Arguments.UsageException("unexpected argument '" + arguments.words().get(0) + "'");
            }
            return new RunCommandJob(arguments).call();
        }
        catch (final Arguments.UsageException ex)
        {
            System.err.println("run: " + ex.getMessage() + " (see --help)");
            return 2;
        }
        catch (final MalformedTickRowException | IllegalArgumentException | IllegalStateException ex)
        {
            System.err.println("run: " + ex.getMessage());
            return 1;
        }
        catch (final UncheckedIOException ex)
        {
            System.err.println("run: " + ex.getCause().getMessage());
            return 1;
        }
    }

    /** One run: its settings, the core, the feed and the summary. */
    private static final class RunCommandJob
    {
        private final Path data;
        private final Path ticks;
        private final String symbolOption;
        private final ReferenceData referenceData;
        private final TradingCore.Context context;
        private final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        private final RunTally tally = new RunTally();

        RunCommandJob(final Arguments arguments)
        {
            final Path home = Path.of(System.getProperty("tradingcore.home", "."));
            data = Path.of(arguments.get("data", "data"));
            ticks = Path.of(arguments.get("ticks", home.resolve("samples").resolve("EURUSD_20140508.mt5.csv.gz").toString()));
            if (!Files.isRegularFile(ticks))
            {
                throw new IllegalArgumentException("tick file " + ticks + " not found");
            }
            symbolOption = arguments.get("symbol", null);
            final String config = arguments.get("config", null);
            referenceData = config == null ? ReferenceData.defaults() : ReferenceData.load(Path.of(config));
            context = new TradingCore.Context()
                .dataDirectory(data)
                .referenceData(referenceData.inputs())
                .clock(EngineClock.named(arguments.get("clock", "data")))
                .threadingLayout(parseLayout(arguments.get("threading", "SPLIT")))
                .idleStrategy(arguments.get("idle", "backoff"))
                .listener(venue)
                .listener(tally)
                .publisherThreadAgent(venue);
        }

        private static ThreadingLayout parseLayout(final String name)
        {
            try
            {
                return ThreadingLayout.valueOf(name.toUpperCase());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new Arguments.UsageException("--threading must be SHARED, SPLIT or DEDICATED, got '" + name + "'");
            }
        }

        int call()
        {
            final String symbol = symbolOption != null ? symbolOption : Mt5TickFile.symbolFromFileName(ticks);
            final TradingCore core = TradingCore.open(context);
            long started = System.nanoTime();
            final EngineStateReport recovered;
            final long fed;
            final long skipped;
            try
            {
                System.out.println("data folder: " + core.dataDirectory() + " (" + core.recovery() + ")");
                recovered = core.report();
                final Instrument instrument = instrumentFor(symbol, recovered);
                venue.connect(core.ingress());
                venue.reconcile(recovered);
                core.start();
                started = System.nanoTime();
                final Feed feed = new Feed(core, instrument);
                feed.run();
                fed = feed.fed;
                skipped = feed.skipped;
                core.awaitQuiescent(Duration.ofSeconds(120), venue::isSettled);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            catch (final java.util.concurrent.TimeoutException ex)
            {
                throw new IllegalStateException(ex.getMessage());
            }
            finally
            {
                core.close();
            }
            final double seconds = (System.nanoTime() - started) / 1e9;
            printSummary(core, fed, skipped, seconds);
            return 0;
        }

        private record Instrument(int id, String symbol, int digits, long lastTickTimeMsc, long lastBid, long lastAsk)
        {
        }

        private Instrument instrumentFor(final String symbol, final EngineStateReport recovered)
        {
            for (final EngineStateReport.InstrumentLine line : recovered.instruments())
            {
                if (line.symbol().equals(symbol))
                {
                    return new Instrument(line.instrumentId(), symbol, line.digits(), line.lastTickTimeMsc(), line.bid(),
                        line.ask());
                }
            }
            if (recovered.lastSequence() == 0)
            {
                final InstrumentSpec spec = referenceData.instrumentsBySymbol().get(symbol);
                if (spec != null)
                {
                    return new Instrument(spec.instrumentId(), symbol, spec.digits(), 0, 0, 0);
                }
                throw new IllegalArgumentException("symbol " + symbol + " of " + ticks.getFileName() + " is not defined in " +
                    referenceData.source() + " (known: " + referenceData.instrumentsBySymbol().keySet() +
                    "); pass --symbol or add an instrument line to a --config file");
            }
            throw new IllegalArgumentException("symbol " + symbol + " is not defined in the journal of " + data +
                " (known: " + recovered.instruments().stream().map(EngineStateReport.InstrumentLine::symbol).toList() +
                "); use another --data folder for new reference data");
        }

        /** Reads the tick file into the core, after what the journal already holds of it. */
        private final class Feed
        {
            private final TradingCore core;
            private final Instrument instrument;
            private final InputMessages messages = new InputMessages();
            private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
            private boolean resumed;
            long fed;
            long skipped;

            Feed(final TradingCore core, final Instrument instrument)
            {
                this.core = core;
                this.instrument = instrument;
                resumed = instrument.lastTickTimeMsc() == 0;
            }

            void run()
            {
                final Progress progress = new Progress(System.err, "ticks");
                try (Mt5TickReader reader = Mt5TickFile.builder(ticks).digits(instrument.digits())
                    .symbol(instrument.symbol()).build().open())
                {
                    while (reader.read(this::onTick, 4096) > 0)
                    {
                        core.checkHealthy();
                        progress.update((double)reader.bytesRead() / Math.max(1, reader.sizeBytes()), fed);
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
                progress.finish(fed);
                if (skipped > 0)
                {
                    System.out.printf("resumed: %,d ticks of %s were already in the journal%n", skipped,
                        ticks.getFileName());
                }
            }

            private void onTick(final long timeMsc, final long bid, final long ask, final long last, final long volume,
                final int flags)
            {
                if (!resumed)
                {
                    // Skip what a previous run journaled: everything up to and including its last tick.
                    if (timeMsc < instrument.lastTickTimeMsc())
                    {
                        skipped++;
                        return;
                    }
                    if (timeMsc == instrument.lastTickTimeMsc())
                    {
                        skipped++;
                        resumed = bid == instrument.lastBid() && ask == instrument.lastAsk();
                        return;
                    }
                    resumed = true;
                }
                final int length = messages.marketTick(buffer, 0, instrument.id(), timeMsc, bid, ask, last, volume, flags);
                if ((fed & 63) == 0)
                {
                    // As fast as the core goes, but not further ahead: the venue's reports queue behind the ticks.
                    core.awaitBacklogBelow(256, 8 * 1024);
                }
                core.offerBlocking(buffer, 0, length);
                fed++;
            }
        }

        private void printSummary(final TradingCore core, final long fed, final long skipped, final double seconds)
        {
            final EngineStateReport report = core.report();
            System.out.println();
            System.out.println("== run summary ==");
            System.out.printf("ticks fed           %,d from %s%n", fed, ticks.getFileName());
            System.out.printf("inputs this run     %,d (ticks, venue reports%s)%n", tally.inputs,
                core.recovery().lastSequence() == 0 ? ", reference data" : "");
            System.out.printf("orders              %,d accepted, %,d rejected%n", tally.ordersAccepted, tally.ordersRejected);
            System.out.printf("fills               %,d%n", tally.fills);
            if (tally.riskAlerts > 0)
            {
                System.out.printf("risk alerts         %,d (%s)%n", tally.riskAlerts, tally.lastAlert);
            }
            if (!tally.rejectsByReason.isEmpty())
            {
                System.out.println("rejects by reason   " + tally.rejectsByReason);
            }
            System.out.println("positions:");
            if (report.positions().isEmpty())
            {
                System.out.println("  (none)");
            }
            for (final EngineStateReport.PositionLine position : report.positions())
            {
                System.out.println("  account " + position.accountId() + "  " + position);
            }
            for (final EngineStateReport.AccountLine account : report.accounts())
            {
                System.out.printf("account %d  balance %s %s, equity %s, realized P&L %s, unrealized %s, commission %s%n",
                    account.accountId(), FixedPoint.formatMoney(account.balance()), account.currency(),
                    FixedPoint.formatMoney(account.equity()), FixedPoint.formatMoney(account.realizedPnl()),
                    FixedPoint.formatMoney(account.unrealizedPnl()), FixedPoint.formatMoney(account.commission()));
            }
            System.out.printf("input journal       %,d entries, %s on disk%n", core.inputJournalSize(),
                megabytes(directorySize(core.dataDirectory().resolve("journal").resolve("input"))));
            System.out.printf("throughput          %,.0f ticks/s (%,d ticks in %.2f s, first tick to drained)%n",
                fed / seconds, fed, seconds);
            System.out.println("state hash          " + core.stateHash());
            System.out.println();
            System.out.println("replay it:  scripts/replay verify --data " + data);
        }

        private static String megabytes(final long bytes)
        {
            return String.format("%.1f MB", bytes / 1e6);
        }

        private static long directorySize(final Path directory)
        {
            try (Stream<Path> files = Files.walk(directory))
            {
                return files.filter(Files::isRegularFile).mapToLong(file ->
                {
                    try
                    {
                        return Files.size(file);
                    }
                    catch (final IOException ex)
                    {
                        return 0;
                    }
                }).sum();
            }
            catch (final IOException ex)
            {
                return 0;
            }
        }
    }
}
