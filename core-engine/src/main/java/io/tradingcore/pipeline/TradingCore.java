package io.tradingcore.pipeline;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineSnapshot;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.journal.FlushPolicy;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.SnapshotStore;
import io.tradingcore.strategy.StrategyCatalog;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The trading core as a library: a data folder, an engine, its journals and pipeline.
 *
 * <pre>{@code
 * try (TradingCore core = TradingCore.launch(new TradingCore.Context().dataDirectory(Path.of("data"))))
 * {
 *     core.offer(buffer, 0, length);   // any SBE input, from any thread
 * }
 * }</pre>
 *
 * {@link #open} recovers the engine (latest snapshot plus the input journal's tail) without
 * starting anything, so callers can look at the recovered state; {@link #start} starts the
 * pipeline threads. {@link #close} stops them, writes a snapshot and closes the journals.
 */
public final class TradingCore implements AutoCloseable
{
    private static final int BACK_PRESSURED_YIELDS = 8;
    private static final long BACK_PRESSURED_PARK_NS = 50_000;

    private final Context context;
    private final Journal inputJournal;
    private final Journal outputJournal;
    private final JournalRollClock inputRollClock = new JournalRollClock();
    private final JournalRollClock outputRollClock = new JournalRollClock();
    private final SnapshotStore snapshots;
    private final Engine engine;
    private final OutputSwitch output = new OutputSwitch();
    private final Ingress ingress;
    private final Ingress venueIngress;
    private final RecoveryReport recovery;
    private AeronEgress egress;
    private Pipeline pipeline;
    private boolean closed;

    private TradingCore(final Context context)
    {
        this.context = context;
        final Path data = context.dataDirectory();
        Journal input = null;
        Journal output = null;
        try
        {
            input = Journal.open(journalContext(data.resolve("journal").resolve("input"), inputRollClock));
            output = Journal.open(journalContext(data.resolve("journal").resolve("output"), outputRollClock));
            inputJournal = input;
            outputJournal = output;
            snapshots = SnapshotStore.open(data.resolve("snapshots"));
            engine = new Engine(context.strategyCatalog(), this.output);
            recovery = Recovery.recover(engine, this.output, inputJournal, outputJournal, snapshots);
            ingress = new Ingress(context.ingressCapacity(), context.maxMessageLength());
            venueIngress = new Ingress(context.venueIngressCapacity(), context.maxMessageLength());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(output, input);
            throw ex;
        }
    }

    private Journal.Context journalContext(final Path directory, final JournalRollClock rollClock)
    {
        return new Journal.Context()
            .directory(directory)
            .epochClock(rollClock)
            .flushPolicy(context.flushPolicy())
            .rollCycle(context.rollCycle());
    }

    /** Recovers the core from its data folder without starting it. */
    public static TradingCore open(final Context context)
    {
        return new TradingCore(context.conclude());
    }

    /** Recovers and starts. */
    public static TradingCore launch(final Context context)
    {
        final TradingCore core = open(context);
        try
        {
            core.start();
        }
        catch (final RuntimeException ex)
        {
            core.close();
            throw ex;
        }
        return core;
    }

    /**
     * Starts the pipeline. On a data folder with an empty journal the context's reference data is
     * offered first, as ordinary journaled inputs; on an existing journal it is not offered again
     * (the journal is the record: change reference data with admin inputs).
     */
    public synchronized TradingCore start()
    {
        if (pipeline != null)
        {
            throw new IllegalStateException("already started");
        }
        if (context.aeronEnabled())
        {
            egress = new AeronEgress(context.aeronDirectory(), context.embeddedMediaDriver(),
                context.threadingLayout() == ThreadingLayout.DEDICATED, context.ipcTermLength(),
                context.aeronChannel(), context.aeronStreamId());
        }
        pipeline = new Pipeline(ingress, venueIngress, context.clock(), engine, output, inputJournal, inputRollClock,
            outputJournal, outputRollClock, snapshots,
            context.snapshotInterval(), egress, context.listeners(), context.publisherThreadAgents(),
            context.ringSize(), context.maxMessageLength(), recovery.lastSequence(), engine.timeNs());
        pipeline.start(context.threadingLayout(), IdleStrategies.named(context.idleStrategy()),
            egress == null ? null : egress.invokers());
        // Reference data opens a new journal. A first start killed half-way through it left the
        // first inputs journaled: offer the rest, so a journal never holds half a configuration.
        final List<byte[]> referenceData = context.referenceData();
        for (long i = recovery.lastSequence(); i < referenceData.size(); i++)
        {
            final byte[] input = referenceData.get((int)i);
            offerBlocking(new UnsafeBuffer(input), 0, input.length);
        }
        return this;
    }

    /** Queues an input (SBE, header included) from any thread; see {@link Ingress} for the codes. */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return ingress.offer(buffer, offset, length);
    }

    /**
     * Offers, waiting while the core is back-pressured; throws if it is closed or failed. The wait yields a few
     * times, then parks for short spells: a full ingress holds milliseconds of work, so a producer asleep for
     * a park, however much it oversleeps, costs the core nothing, whereas one that kept yielding would take CPU
     * from the very threads it waits for.
     */
    public void offerBlocking(final DirectBuffer buffer, final int offset, final int length)
    {
        int refusals = 0;
        while (true)
        {
            final long result = ingress.offer(buffer, offset, length);
            if (result == Ingress.OK)
            {
                return;
            }
            if (result != Ingress.BACK_PRESSURED)
            {
                throw new IllegalStateException("input refused: " + Ingress.describe(result));
            }
            checkHealthy();
            backOff(++refusals);
        }
    }

    /** A producer's wait for the core, its {@code attempt}th in a row: a few yields, then short parks. */
    private static void backOff(final int attempt)
    {
        if (attempt <= BACK_PRESSURED_YIELDS)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(BACK_PRESSURED_PARK_NS);
        }
    }

    public Ingress ingress()
    {
        return ingress;
    }

    /**
     * The lane for venues' execution reports. The sequencer takes from it before the {@link #ingress()}: a venue's
     * fills and cancels are the truth about positions and must not queue behind a client that floods the core with
     * orders (the pre-trade checks of those very orders need them).
     */
    public Ingress venueIngress()
    {
        return venueIngress;
    }

    /** What recovery found and did when this core opened. */
    public RecoveryReport recovery()
    {
        return recovery;
    }

    /** Sequence of the last input whose outputs are journaled and published. */
    public long publishedSequence()
    {
        return pipeline == null ? recovery.lastSequence() : pipeline.publishedSequence();
    }

    /**
     * Waits while more than {@code maxInFlight} sequenced inputs are not yet published or the
     * ingress holds more than {@code maxQueuedBytes}: a fast producer (a file replay) uses it to keep
     * the core's queues short, so that replies such as a venue's reports are not stuck behind it. It waits as
     * {@link #offerBlocking} does, a few yields and then short parks, for the same reason: a producer that only
     * yields takes CPU from the threads it waits for, and gains no throughput by it.
     */
    public void awaitBacklogBelow(final long maxInFlight, final int maxQueuedBytes)
    {
        int waits = 0;
        while (ingress.queuedBytes() > maxQueuedBytes ||
            pipeline.lastSequenced() - pipeline.publishedSequence() > maxInFlight)
        {
            checkHealthy();
            backOff(++waits);
        }
    }

    /** Sequence of the last input given a sequence number. */
    public long lastSequenced()
    {
        return pipeline == null ? recovery.lastSequence() : pipeline.lastSequenced();
    }

    /**
     * Waits until everything offered so far is journaled, processed and published and the
     * {@code settled} check (e.g. "the venue has nothing pending") holds, twice in a row.
     */
    public void awaitQuiescent(final Duration timeout, final java.util.function.BooleanSupplier settled)
        throws TimeoutException, InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        int quietChecks = 0;
        while (quietChecks < 2)
        {
            checkHealthy();
            final boolean quiet = ingress.isEmpty() && venueIngress.isEmpty() && pipeline.publishedSequence() == pipeline.lastSequenced() &&
                settled.getAsBoolean();
            quietChecks = quiet ? quietChecks + 1 : 0;
            if (System.nanoTime() > deadline)
            {
                throw new TimeoutException("core not quiescent after " + timeout + ": sequenced " +
                    pipeline.lastSequenced() + ", published " + pipeline.publishedSequence());
            }
            TimeUnit.MILLISECONDS.sleep(quiet ? 20 : 2);
        }
    }

    /** Throws if a pipeline stage failed. */
    public void checkHealthy()
    {
        final Throwable failure = pipeline == null ? null : pipeline.failure();
        if (failure != null)
        {
            throw new IllegalStateException("trading core failed: " + failure, failure);
        }
    }

    /** The engine's books. Only while the pipeline is not running: before start or after close. */
    public synchronized EngineStateReport report()
    {
        requireStopped();
        return engine.report();
    }

    /** The engine's state hash. Only while the pipeline is not running. */
    public synchronized String stateHash()
    {
        requireStopped();
        return engine.stateHash();
    }

    private void requireStopped()
    {
        if (pipeline != null && !closed)
        {
            throw new IllegalStateException("the engine's state belongs to its thread while the core runs");
        }
    }

    public long inputJournalSize()
    {
        return inputJournal.lastSequence();
    }

    public Path dataDirectory()
    {
        return context.dataDirectory();
    }

    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        ingress.close();
        venueIngress.close();
        CloseHelper.close(pipeline);
        CloseHelper.close(egress);
        try
        {
            // Like the periodic ones, the closing snapshot may not run ahead of the output journal: stopped between
            // the engine and the publisher, the core leaves the last inputs to recovery instead.
            if (pipeline != null && pipeline.failure() == null && engine.lastSequence() > 0 &&
                pipeline.publishedSequence() == engine.lastSequence())
            {
                final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 * 1024);
                final int length = EngineSnapshot.write(engine, buffer);
                snapshots.write(engine.lastSequence(), buffer, 0, length);
            }
        }
        finally
        {
            CloseHelper.closeAll(outputJournal, inputJournal);
        }
    }

    /**
     * Settings of a core, Aeron-style: fluent setters, each also read from a system property with
     * a documented default, and {@link #conclude()} to validate.
     */
    public static final class Context
    {
        public static final String DATA_DIR_PROP = "tradingcore.data";
        public static final String THREADING_PROP = "tradingcore.threading";
        public static final String IDLE_PROP = "tradingcore.idle";
        public static final String SNAPSHOT_INTERVAL_PROP = "tradingcore.snapshotInterval";
        public static final String RING_SIZE_PROP = "tradingcore.ringSize";
        public static final String AERON_ENABLED_PROP = "tradingcore.aeron.enabled";
        public static final String AERON_CHANNEL_PROP = "tradingcore.aeron.channel";
        public static final String AERON_STREAM_PROP = "tradingcore.aeron.stream";
        public static final String AERON_DIR_PROP = "tradingcore.aeron.dir";
        public static final String AERON_EMBEDDED_PROP = "tradingcore.aeron.embeddedDriver";
        public static final String FLUSH_PROP = "tradingcore.journal.flush";
        public static final String ROLL_CYCLE_PROP = "tradingcore.journal.rollCycle";

        private Path dataDirectory = Path.of(System.getProperty(DATA_DIR_PROP, "data"));
        private ThreadingLayout threadingLayout =
            ThreadingLayout.valueOf(System.getProperty(THREADING_PROP, "SPLIT").toUpperCase());
        private String idleStrategy = System.getProperty(IDLE_PROP, "backoff");
        private long snapshotInterval = Long.getLong(SNAPSHOT_INTERVAL_PROP, 100_000);
        private int ringSize = Integer.getInteger(RING_SIZE_PROP, 8192);
        private int ingressCapacity = 8 * 1024 * 1024;
        private int venueIngressCapacity = 4 * 1024 * 1024;
        private int maxMessageLength = 1024;
        private boolean aeronEnabled = Boolean.parseBoolean(System.getProperty(AERON_ENABLED_PROP, "true"));
        private String aeronChannel = System.getProperty(AERON_CHANNEL_PROP, "aeron:ipc");
        private int aeronStreamId = Integer.getInteger(AERON_STREAM_PROP, 1001);
        private String aeronDirectory = System.getProperty(AERON_DIR_PROP);
        private boolean embeddedMediaDriver = Boolean.parseBoolean(System.getProperty(AERON_EMBEDDED_PROP, "true"));
        private int ipcTermLength = 4 * 1024 * 1024;
        private FlushPolicy flushPolicy = FlushPolicy.valueOf(System.getProperty(FLUSH_PROP, "NONE").toUpperCase());
        private String rollCycle = System.getProperty(ROLL_CYCLE_PROP, "FAST_DAILY");
        private EngineClock clock;
        private StrategyCatalog strategyCatalog;
        private final List<byte[]> referenceData = new ArrayList<>();
        private final List<CoreListener> listeners = new ArrayList<>();
        private final List<Agent> publisherThreadAgents = new ArrayList<>();

        public Context conclude()
        {
            if (dataDirectory == null)
            {
                throw new IllegalArgumentException("a data directory is required");
            }
            dataDirectory = dataDirectory.toAbsolutePath().normalize();
            if (Integer.bitCount(ringSize) != 1)
            {
                throw new IllegalArgumentException("ring size must be a power of two, got " + ringSize);
            }
            if (snapshotInterval < 0)
            {
                throw new IllegalArgumentException("snapshot interval cannot be negative (0 = none)");
            }
            IdleStrategies.named(idleStrategy);
            if (aeronDirectory == null)
            {
                aeronDirectory = dataDirectory.resolve("aeron").toString();
            }
            if (clock == null)
            {
                clock = EngineClock.wall();
            }
            if (strategyCatalog == null)
            {
                strategyCatalog = ExampleStrategies.catalog();
            }
            return this;
        }

        /** Where journals, snapshots and Aeron files live; default {@code ./data} ({@value #DATA_DIR_PROP}). */
        public Context dataDirectory(final Path dataDirectory)
        {
            this.dataDirectory = dataDirectory;
            return this;
        }

        public Path dataDirectory()
        {
            return dataDirectory;
        }

        /** Default SPLIT ({@value #THREADING_PROP}). */
        public Context threadingLayout(final ThreadingLayout threadingLayout)
        {
            this.threadingLayout = threadingLayout;
            return this;
        }

        public ThreadingLayout threadingLayout()
        {
            return threadingLayout;
        }

        /** backoff (default), yielding, busy-spin or sleeping ({@value #IDLE_PROP}). */
        public Context idleStrategy(final String idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        public String idleStrategy()
        {
            return idleStrategy;
        }

        /** Snapshot every N inputs, 0 for none; default 100,000 ({@value #SNAPSHOT_INTERVAL_PROP}). */
        public Context snapshotInterval(final long snapshotInterval)
        {
            this.snapshotInterval = snapshotInterval;
            return this;
        }

        public long snapshotInterval()
        {
            return snapshotInterval;
        }

        /** Ring buffer entries, a power of two; default 8192 ({@value #RING_SIZE_PROP}). */
        public Context ringSize(final int ringSize)
        {
            this.ringSize = ringSize;
            return this;
        }

        public int ringSize()
        {
            return ringSize;
        }

        /** Bytes of the ingress queue; default 8 MiB. */
        public Context ingressCapacity(final int ingressCapacity)
        {
            this.ingressCapacity = ingressCapacity;
            return this;
        }

        public int ingressCapacity()
        {
            return ingressCapacity;
        }

        /** Bytes of the venue lane's queue; default 4 MiB. */
        public Context venueIngressCapacity(final int venueIngressCapacity)
        {
            this.venueIngressCapacity = venueIngressCapacity;
            return this;
        }

        public int venueIngressCapacity()
        {
            return venueIngressCapacity;
        }

        /** Largest input message accepted; default 1024 bytes. */
        public Context maxMessageLength(final int maxMessageLength)
        {
            this.maxMessageLength = maxMessageLength;
            return this;
        }

        public int maxMessageLength()
        {
            return maxMessageLength;
        }

        /** Publish outputs on Aeron; default true ({@value #AERON_ENABLED_PROP}). */
        public Context aeronEnabled(final boolean aeronEnabled)
        {
            this.aeronEnabled = aeronEnabled;
            return this;
        }

        public boolean aeronEnabled()
        {
            return aeronEnabled;
        }

        /** Default {@code aeron:ipc}; a UDP channel such as {@code aeron:udp?endpoint=host:port} by setting. */
        public Context aeronChannel(final String aeronChannel)
        {
            this.aeronChannel = aeronChannel;
            return this;
        }

        public String aeronChannel()
        {
            return aeronChannel;
        }

        /** Default 1001 ({@value #AERON_STREAM_PROP}). */
        public Context aeronStreamId(final int aeronStreamId)
        {
            this.aeronStreamId = aeronStreamId;
            return this;
        }

        public int aeronStreamId()
        {
            return aeronStreamId;
        }

        /** Default {@code <data>/aeron} ({@value #AERON_DIR_PROP}). */
        public Context aeronDirectory(final String aeronDirectory)
        {
            this.aeronDirectory = aeronDirectory;
            return this;
        }

        public String aeronDirectory()
        {
            return aeronDirectory;
        }

        /** Run the media driver inside the core; default true ({@value #AERON_EMBEDDED_PROP}). */
        public Context embeddedMediaDriver(final boolean embeddedMediaDriver)
        {
            this.embeddedMediaDriver = embeddedMediaDriver;
            return this;
        }

        public boolean embeddedMediaDriver()
        {
            return embeddedMediaDriver;
        }

        public Context ipcTermLength(final int ipcTermLength)
        {
            this.ipcTermLength = ipcTermLength;
            return this;
        }

        public int ipcTermLength()
        {
            return ipcTermLength;
        }

        /** How hard the journals flush; default NONE: survives a process kill, not a power cut ({@value #FLUSH_PROP}). */
        public Context flushPolicy(final FlushPolicy flushPolicy)
        {
            this.flushPolicy = flushPolicy;
            return this;
        }

        public FlushPolicy flushPolicy()
        {
            return flushPolicy;
        }

        /** Chronicle roll cycle of the journals; default FAST_DAILY ({@value #ROLL_CYCLE_PROP}). */
        public Context rollCycle(final String rollCycle)
        {
            this.rollCycle = rollCycle;
            return this;
        }

        public String rollCycle()
        {
            return rollCycle;
        }

        /** The sequencer's clock: {@link EngineClock#wall()} (default) or {@link EngineClock#data()}. */
        public Context clock(final EngineClock clock)
        {
            this.clock = clock;
            return this;
        }

        public EngineClock clock()
        {
            return clock;
        }

        /** The strategies that AttachStrategy inputs may name; default the examples. */
        public Context strategyCatalog(final StrategyCatalog strategyCatalog)
        {
            this.strategyCatalog = strategyCatalog;
            return this;
        }

        public StrategyCatalog strategyCatalog()
        {
            return strategyCatalog;
        }

        /** Admin inputs offered when the journal is empty: instruments, tenants, accounts, limits, strategies. */
        public Context referenceData(final List<byte[]> inputs)
        {
            referenceData.addAll(inputs);
            return this;
        }

        public List<byte[]> referenceData()
        {
            return referenceData;
        }

        /** Sees every input and output on the publisher thread. */
        public Context listener(final CoreListener listener)
        {
            listeners.add(listener);
            return this;
        }

        public List<CoreListener> listeners()
        {
            return listeners;
        }

        /** Extra work for the publisher's thread, such as a simulated venue's pending reports. */
        public Context publisherThreadAgent(final Agent agent)
        {
            publisherThreadAgents.add(agent);
            return this;
        }

        public List<Agent> publisherThreadAgents()
        {
            return publisherThreadAgents;
        }
    }
}
