package io.tradingcore.backtest;

import io.tradingcore.codec.AttachStrategyDecoder;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.journal.Journal;
import io.tradingcore.marketdata.Mt5TickFile;
import io.tradingcore.marketdata.Mt5TickMerge;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.messages.MessageText;
import io.tradingcore.outputs.OutputJournalWriter;
import io.tradingcore.strategy.StrategyCatalog;
import io.tradingcore.strategy.StrategyParameters;
import io.tradingcore.venue.SimulatedVenue;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one backtest on one thread, doing what the live pipeline does for each input, in the same order:
 * stamp it with the data clock, journal it, let the engine process it, journal the outputs, and show
 * both to the simulated venue. The venue's execution reports then enter as the next inputs, before the
 * next tick, so its answers arrive at the same points in every run and the run is deterministic.
 *
 * <pre>
 *  ticks (merged files) --+--> stamp --> input journal --> Engine --> output journal
 *  venue reports ---------+                                  |            |
 *        ^                                                   v            v
 *        +------------ SimulatedVenue <-- orders (after latency) <-- metrics
 * </pre>
 *
 * Engine time is the data clock (tick time_msc x 10^6, never decreasing); admin inputs before the first
 * tick are stamped 0. With a latency, an order the engine routes reaches the venue at routing time +
 * latency: it is handed over before the first tick at or after that time, fills at the touch the venue
 * then knows, and its reports carry that time. The run's journals use the live layout, so
 * {@code scripts/replay verify} works on {@code OUT/journal}.
 */
public final class BacktestRun
{
    /** The strategy a backtest attaches; the reference data's own strategies are left out. */
    public static final int STRATEGY_ID = 1;

    private static final int INPUT_HEADER = Long.BYTES;
    private static final int OUTPUT_HEADER = OutputJournalWriter.HEADER_LENGTH;
    private static final int TICKS_PER_READ = 4096;

    /** Reading progress, called after every block of ticks. */
    @FunctionalInterface
    public interface ProgressListener
    {
        void onProgress(double fraction, long ticks);
    }

    private final BacktestSettings settings;
    private final Engine engine;
    private final SimulatedVenue venue;
    private final Journal inputJournal;
    private final Journal outputJournal;
    private final OutputJournalWriter outputWriter;
    private final InputMessages messages = new InputMessages();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExpandableArrayBuffer input = new ExpandableArrayBuffer(1024);
    private final ExpandableArrayBuffer output = new ExpandableArrayBuffer(4096);
    private final FrameQueue reports = new FrameQueue();
    private final FrameQueue requests = new FrameQueue();
    private final Int2ObjectHashMap<InstrumentSpec> instruments = new Int2ObjectHashMap<>();
    private final int[] instrumentIdBySource;
    private int outputLength;
    private long sequence;
    private long clockNs;
    private long ticks;
    private long firstTickNs = Long.MIN_VALUE;
    private long day = Long.MIN_VALUE;
    private BacktestMetrics metrics;
    private EngineStateReport.AccountLine account;

    private BacktestRun(final BacktestSettings settings, final StrategyCatalog catalog)
    {
        this.settings = settings;
        engine = new Engine(catalog, this::onOutputBatch);
        venue = new SimulatedVenue(settings.venue(),
            (buffer, offset, length) -> reports.add(0, buffer, offset, length));
        for (final InstrumentSpec spec : settings.referenceData().instrumentsBySymbol().values())
        {
            instruments.put(spec.instrumentId(), spec);
        }
        final List<Mt5TickFile> files = settings.tickFiles();
        instrumentIdBySource = new int[files.size()];
        for (int i = 0; i < files.size(); i++)
        {
            final InstrumentSpec spec = settings.referenceData().instrumentsBySymbol().get(files.get(i).symbol());
            if (spec == null)
            {
                throw new IllegalArgumentException("symbol " + files.get(i).symbol() + " of " +
                    files.get(i).path().getFileName() + " is not defined in " + settings.referenceData().source());
            }
            instrumentIdBySource[i] = spec.instrumentId();
        }
        final Path journals = settings.outDirectory().resolve("journal");
        if (Files.exists(journals))
        {
            throw new IllegalArgumentException(settings.outDirectory() + " already holds a backtest journal: " +
                "remove it or choose another --out folder");
        }
        // No prefetch: a backtest has no latency to protect, and its journals are often verified right after,
        // while they are still in the page cache, which a prefetched journal reads back at half the speed.
        inputJournal = Journal.open(new Journal.Context().directory(journals.resolve("input")).prefetch(false));
        outputJournal = Journal.open(new Journal.Context().directory(journals.resolve("output")).prefetch(false));
        outputWriter = new OutputJournalWriter(outputJournal);
    }

    /**
     * Runs the backtest and writes its journals to {@code OUT/journal}; the summary files are written by
     * {@link BacktestFiles}.
     *
     * @throws IllegalArgumentException for a strategy the catalog cannot build with these parameters, an
     *         instrument the reference data lacks, or an output folder that already holds a journal
     * @throws io.tradingcore.marketdata.MalformedTickRowException for a bad row, unless skipped
     */
    public static BacktestResult run(
        final BacktestSettings settings, final StrategyCatalog catalog, final ProgressListener progress)
        throws IOException
    {
        // Built once here so that a bad name or parameter is a clear error, not a reject deep in the journal.
        catalog.create(settings.strategyName(), StrategyParameters.parse(settings.parameters()));
        Files.createDirectories(settings.outDirectory());
        final BacktestRun run = new BacktestRun(settings, catalog);
        try
        {
            return run.execute(progress);
        }
        finally
        {
            run.inputJournal.close();
            run.outputJournal.close();
        }
    }

    private BacktestResult execute(final ProgressListener progress) throws IOException
    {
        final long started = System.nanoTime();
        final UnsafeBuffer referenceInput = new UnsafeBuffer(new byte[0]);
        for (final byte[] reference : settings.referenceData().inputs())
        {
            referenceInput.wrap(reference);
            if (header.wrap(referenceInput, 0).templateId() != AttachStrategyDecoder.TEMPLATE_ID)
            {
                input.putBytes(INPUT_HEADER, reference);
                process(reference.length);
            }
        }
        account = firstAccount();
        process(messages.attachStrategy(input, INPUT_HEADER, STRATEGY_ID, account.tenantId(), account.accountId(),
            settings.strategyName(), settings.parameters()));
        requireAttached();
        metrics = new BacktestMetrics(account.accountId(), instruments);

        long rowsSkipped = 0;
        try (Mt5TickMerge merge = Mt5TickMerge.open(settings.tickFiles()))
        {
            while (merge.read(this::onTick, TICKS_PER_READ) > 0)
            {
                progress.onProgress((double)merge.bytesRead() / Math.max(1, merge.sizeBytes()), ticks);
            }
            for (int i = 0; i < merge.sourceCount(); i++)
            {
                rowsSkipped += merge.source(i).rowsSkipped();
            }
        }
        settle(Long.MAX_VALUE);
        if (!metrics.started())
        {
            throw new IllegalArgumentException("the tick files hold no ticks");
        }
        final EngineStateReport.AccountLine last = accountLine(engine.report());
        metrics.onDayEnd(clockNs, last.balance(), last.equity());
        final List<SummaryField> summary = new ArrayList<>(describe(rowsSkipped));
        summary.addAll(metrics.summary(clockNs, last.balance(), last.equity()));
        final String stateHash = engine.stateHash();
        summary.add(SummaryField.text("state_hash", "state hash", stateHash));
        inputJournal.flush();
        outputJournal.flush();
        return new BacktestResult(settings.outDirectory(), summary, metrics.trades(), metrics.equityCurve(), ticks,
            sequence, rowsSkipped, stateHash, System.nanoTime() - started);
    }

    private List<SummaryField> describe(final long rowsSkipped)
    {
        final List<SummaryField> fields = new ArrayList<>();
        fields.add(SummaryField.text("strategy", "strategy", settings.strategyName()));
        fields.add(SummaryField.text("parameters", "parameters", settings.parameters()));
        final StringBuilder files = new StringBuilder();
        for (final Mt5TickFile file : settings.tickFiles())
        {
            files.append(files.length() == 0 ? "" : " ").append(file.path().getFileName()).append(" (")
                .append(file.symbol()).append(')');
        }
        fields.add(SummaryField.text("tick_files", "tick files", files.toString()));
        fields.add(SummaryField.text("account", "account", account.accountId() + " " + account.currency()));
        fields.add(SummaryField.text("first_tick_utc", "first tick (UTC)", BacktestFiles.utc(firstTickNs)));
        fields.add(SummaryField.text("last_tick_utc", "last tick (UTC)", BacktestFiles.utc(clockNs)));
        fields.add(SummaryField.number("ticks_processed", "ticks processed", Long.toString(ticks)));
        fields.add(SummaryField.number("rows_skipped", "malformed rows skipped", Long.toString(rowsSkipped)));
        fields.add(SummaryField.number("inputs", "inputs journaled", Long.toString(sequence)));
        fields.add(SummaryField.number("slippage_points", "slippage (points)",
            Long.toString(settings.venue().slippagePoints())));
        fields.add(SummaryField.number("latency_ms", "latency (ms)",
            FixedPoint.format(settings.latencyNs() / 1_000, 3)));
        fields.add(SummaryField.number("max_fill_lots", "max fill per tick (lots, 0 = no cap)",
            FixedPoint.formatQuantity(settings.venue().maxFillQuantity())));
        fields.add(SummaryField.number("commission_per_lot", "commission per lot",
            BacktestMetrics.money(settings.venue().commissionPerLot())));
        return fields;
    }

    // ---------------------------------------------------------------- the loop

    private void onTick(final int source, final long timeMsc, final long bid, final long ask, final long last,
        final long volume, final int flags)
    {
        final long tickNs = Math.max(clockNs, timeMsc * 1_000_000L);
        if (firstTickNs == Long.MIN_VALUE)
        {
            firstTickNs = tickNs;
            day = Math.floorDiv(tickNs, BacktestMetrics.NANOS_PER_DAY);
            metrics.start(tickNs, accountLine(engine.report()).balance());
        }
        final long tickDay = Math.floorDiv(tickNs, BacktestMetrics.NANOS_PER_DAY);
        if (tickDay != day)
        {
            final EngineStateReport.AccountLine line = accountLine(engine.report());
            metrics.onDayEnd((day + 1) * BacktestMetrics.NANOS_PER_DAY - 1, line.balance(), line.equity());
            day = tickDay;
        }
        settle(tickNs);
        clockNs = Math.max(clockNs, tickNs);
        process(messages.marketTick(input, INPUT_HEADER, instrumentIdBySource[source], timeMsc, bid, ask, last,
            volume, flags));
        ticks++;
        settle(clockNs);
    }

    /**
     * Hands the venue every order due by {@code untilNs} and feeds the engine every report that results,
     * reports first so that each enters at the time the venue made it.
     */
    private void settle(final long untilNs)
    {
        while (true)
        {
            if (!reports.isEmpty())
            {
                final int length = reports.headLength();
                input.putBytes(INPUT_HEADER, reports.buffer(), reports.headOffset(), length);
                reports.remove();
                process(length);
            }
            else if (!requests.isEmpty() && requests.headDueNs() <= untilNs)
            {
                clockNs = Math.max(clockNs, requests.headDueNs());
                venue.onOutput(requests.buffer(), requests.headOffset(), requests.headLength());
                requests.remove();
            }
            else
            {
                return;
            }
        }
    }

    /** One input, already at {@code INPUT_HEADER} in {@link #input}: journal, engine, journal, venue. */
    private void process(final int length)
    {
        sequence++;
        input.putLong(0, clockNs, ByteOrder.LITTLE_ENDIAN);
        inputJournal.append(input, 0, INPUT_HEADER + length);
        outputLength = 0;
        engine.onInput(sequence, clockNs, input, INPUT_HEADER, length);
        venue.onInput(sequence, clockNs, input, INPUT_HEADER, length);
        if (outputLength == 0)
        {
            return;
        }
        outputWriter.append(output, 0, OUTPUT_HEADER + outputLength);
        final int end = OUTPUT_HEADER + outputLength;
        for (int position = OUTPUT_HEADER; position < end; )
        {
            final int messageLength = output.getInt(position, ByteOrder.LITTLE_ENDIAN);
            final int offset = position + Integer.BYTES;
            if (metrics != null)
            {
                metrics.onOutput(output, offset, messageLength);
            }
            if (header.wrap(output, offset).templateId() == OrderRoutedDecoder.TEMPLATE_ID)
            {
                requests.add(clockNs + settings.latencyNs(), output, offset, messageLength);
            }
            position = offset + messageLength;
        }
    }

    private void onOutputBatch(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
    {
        output.putLong(0, inputSequence, ByteOrder.LITTLE_ENDIAN);
        output.putBytes(OUTPUT_HEADER, buffer, offset, length);
        outputLength = length;
    }

    // ---------------------------------------------------------------- set-up checks

    private EngineStateReport.AccountLine firstAccount()
    {
        final List<EngineStateReport.AccountLine> accounts = engine.report().accounts();
        if (accounts.isEmpty())
        {
            throw new IllegalArgumentException(settings.referenceData().source() + " defines no account to trade");
        }
        return accounts.get(0);
    }

    private EngineStateReport.AccountLine accountLine(final EngineStateReport report)
    {
        for (final EngineStateReport.AccountLine line : report.accounts())
        {
            if (line.accountId() == account.accountId())
            {
                return line;
            }
        }
        throw new IllegalStateException("account " + account.accountId() + " disappeared");
    }

    /** The engine answers a strategy it cannot start with a reject or an alert on the attach input. */
    private void requireAttached()
    {
        final int end = OUTPUT_HEADER + outputLength;
        for (int position = OUTPUT_HEADER; outputLength > 0 && position < end; )
        {
            final int messageLength = output.getInt(position, ByteOrder.LITTLE_ENDIAN);
            final int offset = position + Integer.BYTES;
            final int templateId = header.wrap(output, offset).templateId();
            if (templateId == InputRejectedDecoder.TEMPLATE_ID || templateId == RiskAlertDecoder.TEMPLATE_ID)
            {
                throw new IllegalArgumentException("strategy " + settings.strategyName() + " did not start: " +
                    MessageText.describe(output, offset, messageLength));
            }
            position = offset + messageLength;
        }
    }
}
