package io.tradingcore.projections;

import io.aeron.exceptions.DriverTimeoutException;
import io.tradingcore.pipeline.SystemProperties;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One projection: the core's inputs and outputs into one {@link Sink}, exactly once. It reads the input journal from
 * its checkpoint, and the outputs from the output journal until it has caught up, then from the core's Aeron stream;
 * each batch goes to the sink with the checkpoint after it, in one write. See projections/README.md for the states and
 * the guarantees.
 * <p>
 * Outputs never overtake inputs: the outputs of an input are handed to the sink only once that input has been, so
 * a sink sees an instrument's definition before the first fill in it. A database that is down makes the projection
 * wait with backoff, holding its batch, never the core: the journals are the buffer. An event the sink refuses is
 * parked with everything after it of the same account; other accounts go on. One thread.
 */
public final class Projection implements AutoCloseable
{
    private static final long STATUS_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long CONNECT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final Context ctx;
    private final Sink sink;
    private final InputSource inputs;
    private final OutputJournalSource journalOutputs;
    private final LiveOutputs liveOutputs;
    private final ProjectionStatus status;
    private final Backoff backoff;
    private final int batchEvents;
    private final long lingerNs;
    private final EventBatch batch = new EventBatch();
    private final Parking parking;
    private final InputSource.InputHandler onInput = this::onInput;
    private final OutputHandler onOutput = this::onOutput;
    private ProjectionState state = ProjectionState.STARTING;
    private Checkpoint applied = Checkpoint.ZERO;
    private long pendingInput;
    private long pendingOutputInput;
    private int pendingOutputIndex;
    private long eventsApplied;
    private long nextStatusNs;
    private long nextConnectNs;
    private boolean liveJoined;

    public Projection(final Sink sink, final Context ctx)
    {
        this.ctx = ctx.conclude();
        this.sink = sink;
        final Path journals = ctx.dataDirectory().resolve("journal");
        inputs = new InputSource(journals.resolve("input"));
        journalOutputs = new OutputJournalSource(journals.resolve("output"));
        liveOutputs = new LiveOutputs(ctx.aeronDirectory().toString(), ctx.channel(), ctx.streamId(),
            throwable -> ctx.log().println(sink.name() + ": " + (throwable instanceof DriverTimeoutException ?
            "the core's media driver stopped (the core ended); following the journal" : "aeron: " + throwable)));
        status = ProjectionStatus.create(ctx.dataDirectory().resolve("projections").resolve(sink.name()), sink.name());
        backoff = new Backoff(ctx.backoffInitialMs(), ctx.backoffMaxMs());
        parking = new Parking(sink, ctx.log());
        batchEvents = ctx.batchEvents() > 0 ? ctx.batchEvents() : sink.preferredBatchEvents();
        lingerNs = TimeUnit.MILLISECONDS.toNanos(ctx.lingerMs());
    }

    /** The checkpoint of the last write. */
    public Checkpoint applied()
    {
        return applied;
    }

    public ProjectionState state()
    {
        return state;
    }

    /**
     * Follows the core until {@code running} turns false, or, with {@link Context#once()}, until both journals are
     * applied to their ends.
     */
    public void run(final BooleanSupplier running)
    {
        final IdleStrategy idle = new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(10),
            TimeUnit.MICROSECONDS.toNanos(ctx.maxIdleUs()));
        if (!start(running))
        {
            return;
        }
        long lingerSinceNs = 0;
        while (running.getAsBoolean())
        {
            final int events = fill();
            final boolean moved = pendingInput != applied.lastInput() || pendingOutputInput != applied.outputInput() ||
                pendingOutputIndex != applied.outputIndex();
            if (moved && lingerSinceNs == 0)
            {
                lingerSinceNs = System.nanoTime();
            }
            // Live, a write waits up to the linger for more events: on two cores a write per event (a transaction,
            // a MULTI, an insert each) costs the core more than the few milliseconds of lag it saves.
            if (moved && (state != ProjectionState.LIVE || batch.size() >= batchEvents ||
                System.nanoTime() - lingerSinceNs >= lingerNs))
            {
                if (!write(running))
                {
                    break;
                }
                batch.clear();
                lingerSinceNs = 0;
            }
            updateStatus(false);
            if (events == 0)
            {
                if (!moved && state == ProjectionState.CATCHING_UP && caughtUp())
                {
                    if (ctx.once())
                    {
                        break;
                    }
                    goLiveWhenJoined();
                }
                idle.idle();
            }
            else
            {
                idle.reset();
            }
        }
        state(ProjectionState.STOPPED);
        updateStatus(true);
    }

    /** Drops the sink's data, checkpoint and dead letters: the next {@link #run} rebuilds it from sequence 0. */
    public void rebuild()
    {
        while (true)
        {
            try
            {
                sink.open();
                sink.drop();
                ctx.log().println(sink.name() + ": dropped; rebuilding from sequence 0");
                return;
            }
            catch (final SinkException ex)
            {
                if (!waitForDatabase(ex, () -> true))
                {
                    return;
                }
            }
        }
    }

    /** Events parked now, as of the last start or write. */
    public int parkedCount()
    {
        try
        {
            return sink.parked().size();
        }
        catch (final SinkException ex)
        {
            return (int)parking.parkedEvents();
        }
    }

    /**
     * Applies the parked events again, account by account in stream order; the events of an account from the first
     * that still fails stay parked. The projection must not be running.
     *
     * @return how many were applied.
     */
    public int replayParked()
    {
        if (!start(() -> true))
        {
            return 0;
        }
        return parking.replay();
    }

    /** Opens the sink and reads its checkpoint, waiting with backoff while the database is down. */
    private boolean start(final BooleanSupplier running)
    {
        state(ProjectionState.STARTING);
        while (running.getAsBoolean())
        {
            try
            {
                sink.open();
                applied = sink.checkpoint();
                parking.load(sink.parked());
                pendingInput = applied.lastInput();
                pendingOutputInput = applied.outputInput();
                pendingOutputIndex = applied.outputIndex();
                inputs.resumeAfter(applied.lastInput());
                journalOutputs.resumeAt(applied);
                backoff.reset();
                state(ProjectionState.CATCHING_UP);
                updateStatus(true);
                return true;
            }
            catch (final SinkException ex)
            {
                waitForDatabase(ex, running);
            }
        }
        return false;
    }

    /**
     * Adds to the batch what is there: inputs first, then the outputs of inputs read so far. The batch is emptied when
     * it is written. @return events read.
     */
    private int fill()
    {
        if (state == ProjectionState.LIVE && liveOutputs.lost())
        {
            leaveLive("the core's live stream went away or fell behind");
        }
        int events = inputs.poll(onInput, Math.max(1, batchEvents - batch.size()));
        final int room = Math.max(1, batchEvents - batch.size());
        events += state == ProjectionState.LIVE ?
            liveOutputs.poll(onOutput, room, pendingInput) : journalOutputs.poll(onOutput, room, pendingInput);
        if (events > 0)
        {
            batch.checkpoint(new Checkpoint(pendingInput, pendingOutputInput, pendingOutputIndex));
        }
        return events;
    }

    private void onInput(
        final long sequence, final long timeNs, final DirectBuffer buffer, final int offset, final int length)
    {
        pendingInput = sequence;
        if (sink.wantsInput(EventKeys.templateId(buffer, offset)))
        {
            parking.parkIfBehind(batch, batch.add(sequence, 0, timeNs, buffer, offset, length));
        }
    }

    private void onOutput(
        final long inputSequence, final int index, final long timeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (inputSequence < pendingOutputInput || (inputSequence == pendingOutputInput && index <= pendingOutputIndex))
        {
            return; // the live stream repeating what the journal gave (see LiveOutputs)
        }
        pendingOutputInput = inputSequence;
        pendingOutputIndex = index;
        parking.parkIfBehind(batch, batch.add(inputSequence, index, timeNs, buffer, offset, length));
    }

    /** Writes the batch, retrying while the database is down and parking what it refuses. @return false if stopped. */
    private boolean write(final BooleanSupplier running)
    {
        while (true)
        {
            try
            {
                parking.apply(batch, applied);
                eventsApplied += batch.size();
                applied = batch.checkpoint();
                if (state == ProjectionState.DATABASE_DOWN)
                {
                    ctx.log().println(sink.name() + ": database back after " + backoff.failures() + " attempts");
                    state(ProjectionState.CATCHING_UP);
                }
                backoff.reset();
                return true;
            }
            catch (final SinkException ex)
            {
                if (state == ProjectionState.LIVE)
                {
                    leaveLive("database down");
                }
                if (!waitForDatabase(ex, running))
                {
                    return false;
                }
            }
        }
    }

    private boolean waitForDatabase(final SinkException ex, final BooleanSupplier running)
    {
        if (state != ProjectionState.DATABASE_DOWN)
        {
            ctx.log().println(sink.name() + ": database down, retrying with backoff (the journal keeps everything): " +
                ex.getMessage());
        }
        state(ProjectionState.DATABASE_DOWN);
        final long deadline = System.nanoTime() + backoff.nextDelayNs();
        while (running.getAsBoolean() && System.nanoTime() < deadline)
        {
            updateStatus(false);
            LockSupport.parkNanos(Math.min(STATUS_INTERVAL_NS, deadline - System.nanoTime()));
        }
        return running.getAsBoolean();
    }

    /** True when both journals are read to their ends and everything read is written. */
    private boolean caughtUp()
    {
        return journalOutputs.atEnd() && pendingInput >= inputs.journalEnd();
    }

    /**
     * At the journals' end: subscribes to the core's stream, and goes live once the subscription had joined before
     * this last read of the journal, so that every output is in the journal, on the stream, or both.
     */
    private void goLiveWhenJoined()
    {
        if (liveJoined)
        {
            state(ProjectionState.LIVE);
            ctx.log().println(sink.name() + ": live at " + applied);
            return;
        }
        final long now = System.nanoTime();
        if (now >= nextConnectNs)
        {
            nextConnectNs = now + CONNECT_INTERVAL_NS;
            liveJoined = liveOutputs.connect();
        }
    }

    private void leaveLive(final String why)
    {
        ctx.log().println(sink.name() + ": back to the journal at " + applied + ": " + why);
        liveOutputs.close();
        liveJoined = false;
        journalOutputs.resumeAt(new Checkpoint(pendingInput, pendingOutputInput, pendingOutputIndex));
        state(ProjectionState.CATCHING_UP);
    }

    private void state(final ProjectionState newState)
    {
        state = newState;
        status.state(newState);
    }

    private void updateStatus(final boolean now)
    {
        final long time = System.nanoTime();
        if (!now && time < nextStatusNs)
        {
            return;
        }
        nextStatusNs = time + STATUS_INTERVAL_NS;
        status.set(ProjectionStatus.Counter.LAST_INPUT, applied.lastInput());
        status.set(ProjectionStatus.Counter.LAST_OUTPUT_INPUT, applied.outputInput());
        status.set(ProjectionStatus.Counter.LAG_INPUTS, Math.max(0, inputs.journalEnd() - applied.lastInput()));
        status.set(ProjectionStatus.Counter.EVENTS_APPLIED, eventsApplied);
        status.set(ProjectionStatus.Counter.PARKED, parking.parkedEvents());
        status.set(ProjectionStatus.Counter.HEARTBEAT_MS, System.currentTimeMillis());
        if (ctx.progress() != null)
        {
            ctx.progress().accept(applied.lastInput(), inputs.journalEnd());
        }
    }

    @Override
    public void close()
    {
        liveOutputs.close();
        inputs.close();
        journalOutputs.close();
        status.close();
    }

    /** Progress of a catch-up: inputs applied out of the input journal's length. */
    @FunctionalInterface
    public interface ProgressListener
    {
        void accept(long applied, long total);
    }

    /**
     * A projection's settings, in the style of Aeron's contexts: each also a system property with a documented
     * default, checked once by {@link #conclude()}.
     */
    public static final class Context
    {
        /**
         * The Aeron channel of the core's outputs; default {@value #CHANNEL_DEFAULT}: untethered (see LiveOutputs).
         * While an untethered subscriber sits a whole window behind, the core's publication waits for it, up to the
         * window-limit timeout; then the driver drops it. A projection starved of CPU by a busy core (it runs in
         * SCHED_IDLE) is such a subscriber, so the timeout is short: the core waits at most 20 ms, once, and the
         * projection reads the journal until it has caught up.
         */
        public static final String CHANNEL_PROP_NAME = "tradingcore.projection.channel";
        public static final String CHANNEL_DEFAULT =
            "aeron:ipc?tether=false|untethered-window-limit-timeout=20ms|untethered-resting-timeout=100ms";
        /** The Aeron stream of the core's outputs, the core's {@code tradingcore.aeron.stream}. */
        public static final String STREAM_ID_PROP_NAME = "tradingcore.aeron.stream";
        public static final int STREAM_ID_DEFAULT = 1001;
        /** The core's Aeron directory; default {@code aeron} in the data folder. */
        public static final String AERON_DIR_PROP_NAME = "tradingcore.aeron.dir";
        /** The most events in one write of the sink; 0 (the default): the sink's own preference. */
        public static final String BATCH_EVENTS_PROP_NAME = "tradingcore.projection.batchEvents";
        public static final int BATCH_EVENTS_DEFAULT = 0;
        /** The first wait after the database fails; it doubles up to the maximum. */
        public static final String BACKOFF_INITIAL_MS_PROP_NAME = "tradingcore.projection.backoffInitialMs";
        public static final long BACKOFF_INITIAL_MS_DEFAULT = 100;
        public static final String BACKOFF_MAX_MS_PROP_NAME = "tradingcore.projection.backoffMaxMs";
        public static final long BACKOFF_MAX_MS_DEFAULT = 5_000;
        /**
         * The longest sleep of an idle projection; it backs off to it from spinning. A setting: a busy-spinning
         * projection would take a core of two from the engine.
         */
        /**
         * Live, how long a write may wait for more events; the lag this adds is at most this. Catching up, batches
         * are full and go at once.
         */
        public static final String LINGER_MS_PROP_NAME = "tradingcore.projection.lingerMs";
        public static final long LINGER_MS_DEFAULT = 50;
        /**
         * The longest an idle projection parks between looks, in microseconds: a database projection saves CPU with
         * 1 ms; the gateway's view, which callers wait on, looks more often.
         */
        public static final String MAX_IDLE_US_PROP_NAME = "tradingcore.projection.maxIdleUs";
        public static final long MAX_IDLE_US_DEFAULT = 1_000;

        private boolean concluded;
        private Path dataDirectory;
        private Path aeronDirectory;
        private String channel = SystemProperties.stringValue(CHANNEL_PROP_NAME, CHANNEL_DEFAULT);
        private int streamId = SystemProperties.intValue(STREAM_ID_PROP_NAME, STREAM_ID_DEFAULT);
        private int batchEvents = SystemProperties.intValue(BATCH_EVENTS_PROP_NAME, BATCH_EVENTS_DEFAULT);
        private long backoffInitialMs =
            SystemProperties.longValue(BACKOFF_INITIAL_MS_PROP_NAME, BACKOFF_INITIAL_MS_DEFAULT);
        private long backoffMaxMs = SystemProperties.longValue(BACKOFF_MAX_MS_PROP_NAME, BACKOFF_MAX_MS_DEFAULT);
        private long maxIdleUs = SystemProperties.longValue(MAX_IDLE_US_PROP_NAME, MAX_IDLE_US_DEFAULT);
        private long lingerMs = SystemProperties.longValue(LINGER_MS_PROP_NAME, LINGER_MS_DEFAULT);
        private boolean once;
        private PrintStream log = System.err;
        private ProgressListener progress;

        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (dataDirectory == null)
            {
                throw new IllegalStateException("the data folder is required");
            }
            if (aeronDirectory == null)
            {
                final String property = System.getProperty(AERON_DIR_PROP_NAME);
                aeronDirectory = property != null ? Path.of(property) : dataDirectory.resolve("aeron");
            }
            if (batchEvents < 0)
            {
                throw new IllegalStateException(BATCH_EVENTS_PROP_NAME + " must not be negative: " + batchEvents);
            }
            if (maxIdleUs < 10)
            {
                throw new IllegalStateException(MAX_IDLE_US_PROP_NAME + " must be at least 10 (the shortest park): " +
                    maxIdleUs);
            }
            if (lingerMs < 0)
            {
                throw new IllegalStateException(LINGER_MS_PROP_NAME + " must not be negative: " + lingerMs);
            }
            if (backoffInitialMs < 1 || backoffMaxMs < backoffInitialMs)
            {
                throw new IllegalStateException(BACKOFF_INITIAL_MS_PROP_NAME + " must be at least 1 and at most " +
                    BACKOFF_MAX_MS_PROP_NAME + ": " + backoffInitialMs + ", " + backoffMaxMs);
            }
            concluded = true;
            return this;
        }

        private void settable()
        {
            if (concluded)
            {
                throw new IllegalStateException("context already concluded");
            }
        }

        public Context dataDirectory(final Path dataDirectory)
        {
            settable();
            this.dataDirectory = dataDirectory;
            return this;
        }

        public Path dataDirectory()
        {
            return dataDirectory;
        }

        public Context aeronDirectory(final Path aeronDirectory)
        {
            settable();
            this.aeronDirectory = aeronDirectory;
            return this;
        }

        public Path aeronDirectory()
        {
            return aeronDirectory;
        }

        public Context channel(final String channel)
        {
            settable();
            this.channel = channel;
            return this;
        }

        public String channel()
        {
            return channel;
        }

        public Context streamId(final int streamId)
        {
            settable();
            this.streamId = streamId;
            return this;
        }

        public int streamId()
        {
            return streamId;
        }

        public Context batchEvents(final int batchEvents)
        {
            settable();
            this.batchEvents = batchEvents;
            return this;
        }

        public int batchEvents()
        {
            return batchEvents;
        }

        public Context backoffInitialMs(final long backoffInitialMs)
        {
            settable();
            this.backoffInitialMs = backoffInitialMs;
            return this;
        }

        public long backoffInitialMs()
        {
            return backoffInitialMs;
        }

        public Context backoffMaxMs(final long backoffMaxMs)
        {
            settable();
            this.backoffMaxMs = backoffMaxMs;
            return this;
        }

        public long backoffMaxMs()
        {
            return backoffMaxMs;
        }

        public Context maxIdleUs(final long maxIdleUs)
        {
            settable();
            this.maxIdleUs = maxIdleUs;
            return this;
        }

        public long maxIdleUs()
        {
            return maxIdleUs;
        }

        public Context lingerMs(final long lingerMs)
        {
            settable();
            this.lingerMs = lingerMs;
            return this;
        }

        public long lingerMs()
        {
            return lingerMs;
        }

        /** Catch up to the journals' ends and stop, never going live (batch use, tests, rebuilds). */
        public Context once(final boolean once)
        {
            settable();
            this.once = once;
            return this;
        }

        public boolean once()
        {
            return once;
        }

        /** Where state changes and alerts are written; stderr by default. */
        public Context log(final PrintStream log)
        {
            settable();
            this.log = log;
            return this;
        }

        public PrintStream log()
        {
            return log;
        }

        public Context progress(final ProgressListener progress)
        {
            settable();
            this.progress = progress;
            return this;
        }

        public ProgressListener progress()
        {
            return progress;
        }
    }
}
