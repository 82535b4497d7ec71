package io.tradingcore.pipeline;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineSnapshot;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.journal.FlushPolicy;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.journal.SnapshotStore;
import io.tradingcore.strategy.StrategyCatalog;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

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
    private AgentRunner commandIngressRunner;
    private BridgeCounters bridgeCounters;
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

    /**
     * Recovers the core from its data folder without starting it.
     *
     * @param context the core's settings, not yet concluded: this concludes them, and the core closes what they made.
     */
    public static TradingCore open(final Context context)
    {
        context.conclude();
        try
        {
            return new TradingCore(context);
        }
        catch (final RuntimeException ex)
        {
            context.close();
            throw ex;
        }
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
        final ErrorHandler countingErrorHandler =
            ComponentErrors.counting(context.errorCounter(), context.errorHandler());
        if (context.aeronEnabled())
        {
            egress = new AeronEgress(context.aeronDirectory(), context.embeddedMediaDriver(),
                context.threadingLayout() == ThreadingLayout.DEDICATED, context.ipcTermLength(),
                context.aeronChannel(), context.aeronStreamId(), countingErrorHandler);
        }
        pipeline = new Pipeline(ingress, venueIngress, context.clock(), engine, output, inputJournal, inputRollClock,
            outputJournal, outputRollClock, snapshots,
            context.snapshotInterval(), egress, context.listeners(), context.publisherThreadAgents(),
            context.ringSize(), context.maxMessageLength(), recovery.lastSequence(), engine.timeNs(),
            context.errorHandler(), context.errorCounter());
        // Before the pipeline's threads run: adding a subscription, publication or counter runs the embedded driver's
        // duty cycle on the calling thread, which must not overlap the core thread that runs it once started.
        final AgentRunner commandIngress = egress != null && context.commandIngressEnabled() ?
            commandIngress(countingErrorHandler) : null;
        bridgeCounters = egress == null ? null : new BridgeCounters(egress.aeron());
        pipeline.start(context.threadingLayout(), IdleStrategies.named(context.idleStrategy()),
            egress == null ? null : egress.invokers());
        if (commandIngress != null)
        {
            commandIngressRunner = commandIngress;
            AgentRunner.startOnThread(commandIngress);
        }
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

    /**
     * The command ingress on a thread of its own: its subscription cannot wake a parked thread the way an ingress
     * offer does, so it polls with a short backoff (100 µs at most) rather than the pipeline's 4 ms park, unless the
     * core busy-spins.
     */
    private AgentRunner commandIngress(final ErrorHandler errorHandler)
    {
        final StatusCounters status = new StatusCounters(egress.aeron(), context.ringSize(), pipeline::lastSequenced,
            pipeline::publishedSequence, context.dataDirectory().resolve("journal").resolve("input"),
            context.dataDirectory().resolve("journal").resolve("output"));
        final CommandIngress commandIngress = new CommandIngress(egress.aeron(), context.commandIngressChannel(),
            context.commandIngressStreamId(), context.commandResponseChannel(), context.commandResponseStreamId(),
            ingress, context.commandAuthenticator(), status, line -> System.err.println("trading core: " + line));
        final IdleStrategy idle = "busy-spin".equals(context.idleStrategy()) ? new BusySpinIdleStrategy() :
            new BackoffIdleStrategy(64, 16, 1_000, 100_000);
        return new AgentRunner(idle, errorHandler, null, commandIngress);
    }

    /** The bridge's counters in the core's CnC file; null before {@link #start()} or without Aeron. */
    public BridgeCounters bridgeCounters()
    {
        return bridgeCounters;
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
            final boolean quiet = ingress.isEmpty() && venueIngress.isEmpty() &&
                pipeline.publishedSequence() == pipeline.lastSequenced() &&
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

    /**
     * A reader of the input journal, at its start, for a component that rebuilds its own state from what the core
     * journaled (the MT5 bridge after a restart). Readers do not disturb the appender; the caller closes it.
     */
    public JournalReader inputJournalReader()
    {
        return inputJournal.reader();
    }

    /** A reader of the output journal, at its start; as {@link #inputJournalReader()}. */
    public JournalReader outputJournalReader()
    {
        return outputJournal.reader();
    }

    /** The output journal's first and last entry sequences, to search it by input sequence (entry header). */
    public long outputJournalFirstSequence()
    {
        return outputJournal.firstSequence();
    }

    public long outputJournalLastSequence()
    {
        return outputJournal.lastSequence();
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
        CloseHelper.close(commandIngressRunner);
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
            CloseHelper.closeAll(outputJournal, inputJournal, context::close);
        }
    }

    /**
     * Settings of a core, in the style of Aeron's contexts: each setting has a {@code *_PROP_NAME} system property
     * and a {@code *_DEFAULT}, read when the context is created ({@link Configuration}); a fluent setter overrides it.
     * {@link #conclude()}, called by {@link TradingCore#open}, checks the settings, fills in the rest and may run only
     * once: a context serves one core, which closes what the context made for it.
     */
    public static final class Context
    {
        /** Where journals, snapshots and Aeron files live; default {@value #DATA_DIR_DEFAULT} (relative). */
        public static final String DATA_DIR_PROP_NAME = "tradingcore.data";
        public static final String DATA_DIR_DEFAULT = "data";

        /** How the pipeline's stages share threads, a {@link ThreadingLayout} name; default SPLIT. */
        public static final String THREADING_PROP_NAME = "tradingcore.threading";
        public static final ThreadingLayout THREADING_DEFAULT = ThreadingLayout.SPLIT;

        /** The pipeline threads' idle strategy ({@link IdleStrategies}); default {@value #IDLE_DEFAULT}. */
        public static final String IDLE_PROP_NAME = "tradingcore.idle";
        public static final String IDLE_DEFAULT = "backoff";

        /** A snapshot every this many inputs, 0 for none; default {@value #SNAPSHOT_INTERVAL_DEFAULT}. */
        public static final String SNAPSHOT_INTERVAL_PROP_NAME = "tradingcore.snapshotInterval";
        public static final long SNAPSHOT_INTERVAL_DEFAULT = 100_000;

        /** Entries of the pipeline's ring buffer, a power of two; default {@value #RING_SIZE_DEFAULT}. */
        public static final String RING_SIZE_PROP_NAME = "tradingcore.ringSize";
        public static final int RING_SIZE_DEFAULT = 8192;

        /** Bytes of the ingress queue, a power of two; default {@value #INGRESS_CAPACITY_DEFAULT} (8 MiB). */
        public static final String INGRESS_CAPACITY_PROP_NAME = "tradingcore.ingressCapacity";
        public static final int INGRESS_CAPACITY_DEFAULT = 8 * 1024 * 1024;

        /**
         * Bytes of the venue lane's queue, a power of two; default {@value #VENUE_INGRESS_CAPACITY_DEFAULT} (4 MiB).
         */
        public static final String VENUE_INGRESS_CAPACITY_PROP_NAME = "tradingcore.venueIngressCapacity";
        public static final int VENUE_INGRESS_CAPACITY_DEFAULT = 4 * 1024 * 1024;

        /** The largest input accepted, in bytes; default {@value #MAX_MESSAGE_LENGTH_DEFAULT}. */
        public static final String MAX_MESSAGE_LENGTH_PROP_NAME = "tradingcore.maxMessageLength";
        public static final int MAX_MESSAGE_LENGTH_DEFAULT = 1024;

        /** Publish the outputs on Aeron; default {@value #AERON_ENABLED_DEFAULT}. */
        public static final String AERON_ENABLED_PROP_NAME = "tradingcore.aeron.enabled";
        public static final boolean AERON_ENABLED_DEFAULT = true;

        /** The Aeron channel of the outputs; default {@value #AERON_CHANNEL_DEFAULT}. */
        public static final String AERON_CHANNEL_PROP_NAME = "tradingcore.aeron.channel";
        public static final String AERON_CHANNEL_DEFAULT = "aeron:ipc";

        /** The Aeron stream of the outputs; default {@value #AERON_STREAM_ID_DEFAULT}. */
        public static final String AERON_STREAM_ID_PROP_NAME = "tradingcore.aeron.stream";
        public static final int AERON_STREAM_ID_DEFAULT = 1001;

        /** The Aeron directory; default {@code aeron} in the data folder. */
        public static final String AERON_DIR_PROP_NAME = "tradingcore.aeron.dir";

        /** Run the media driver inside the core; default {@value #AERON_EMBEDDED_DRIVER_DEFAULT}. */
        public static final String AERON_EMBEDDED_DRIVER_PROP_NAME = "tradingcore.aeron.embeddedDriver";
        public static final boolean AERON_EMBEDDED_DRIVER_DEFAULT = true;

        /** Term length of the embedded driver's publications; default {@value #IPC_TERM_LENGTH_DEFAULT} (4 MiB). */
        public static final String IPC_TERM_LENGTH_PROP_NAME = "tradingcore.aeron.ipcTermLength";
        public static final int IPC_TERM_LENGTH_DEFAULT = 4 * 1024 * 1024;

        /** Take commands from other processes on Aeron ({@link CommandIngress}); needs Aeron enabled; default on. */
        public static final String COMMAND_INGRESS_ENABLED_PROP_NAME = "tradingcore.ingress.enabled";
        public static final boolean COMMAND_INGRESS_ENABLED_DEFAULT = true;

        /**
         * The Aeron channel commands arrive on; default {@value #COMMAND_INGRESS_CHANNEL_DEFAULT}. A UDP channel
         * must name a loopback endpoint unless {@link #COMMAND_INGRESS_ALLOW_REMOTE_PROP_NAME} is set.
         */
        public static final String COMMAND_INGRESS_CHANNEL_PROP_NAME = "tradingcore.ingress.channel";
        public static final String COMMAND_INGRESS_CHANNEL_DEFAULT = "aeron:ipc";

        /** The Aeron stream commands arrive on; default {@value #COMMAND_INGRESS_STREAM_ID_DEFAULT}. */
        public static final String COMMAND_INGRESS_STREAM_ID_PROP_NAME = "tradingcore.ingress.stream";
        public static final int COMMAND_INGRESS_STREAM_ID_DEFAULT = 1002;

        /** Where session answers go; default {@value #COMMAND_RESPONSE_CHANNEL_DEFAULT}. */
        public static final String COMMAND_RESPONSE_CHANNEL_PROP_NAME = "tradingcore.ingress.responseChannel";
        public static final String COMMAND_RESPONSE_CHANNEL_DEFAULT = "aeron:ipc";

        /** The stream of session answers; default {@value #COMMAND_RESPONSE_STREAM_ID_DEFAULT}. */
        public static final String COMMAND_RESPONSE_STREAM_ID_PROP_NAME = "tradingcore.ingress.responseStream";
        public static final int COMMAND_RESPONSE_STREAM_ID_DEFAULT = 1003;

        /**
         * The ingress's clients and their key hashes ({@link ClientKeys}); default {@code <data>/core/ingress-clients}.
         */
        public static final String COMMAND_CLIENTS_FILE_PROP_NAME = "tradingcore.ingress.clientsFile";

        /** Let a UDP ingress channel bind an address other than loopback; default false. */
        public static final String COMMAND_INGRESS_ALLOW_REMOTE_PROP_NAME = "tradingcore.ingress.allowRemote";
        public static final boolean COMMAND_INGRESS_ALLOW_REMOTE_DEFAULT = false;

        private static final int MIN_TERM_LENGTH = 64 * 1024;
        private static final int MAX_TERM_LENGTH = 1024 * 1024 * 1024;

        private Path dataDirectory = Configuration.dataDirectory();
        private ThreadingLayout threadingLayout = Configuration.threadingLayout();
        private String idleStrategy = Configuration.idleStrategy();
        private long snapshotInterval = Configuration.snapshotInterval();
        private int ringSize = Configuration.ringSize();
        private int ingressCapacity = Configuration.ingressCapacity();
        private int venueIngressCapacity = Configuration.venueIngressCapacity();
        private int maxMessageLength = Configuration.maxMessageLength();
        private boolean aeronEnabled = Configuration.aeronEnabled();
        private String aeronChannel = Configuration.aeronChannel();
        private int aeronStreamId = Configuration.aeronStreamId();
        private String aeronDirectory = Configuration.aeronDirectory();
        private boolean embeddedMediaDriver = Configuration.embeddedMediaDriver();
        private int ipcTermLength = Configuration.ipcTermLength();
        private boolean commandIngressEnabled = Configuration.commandIngressEnabled();
        private String commandIngressChannel = Configuration.commandIngressChannel();
        private int commandIngressStreamId = Configuration.commandIngressStreamId();
        private String commandResponseChannel = Configuration.commandResponseChannel();
        private int commandResponseStreamId = Configuration.commandResponseStreamId();
        private Path commandClientsFile = Configuration.commandClientsFile();
        private boolean commandIngressAllowRemote = Configuration.commandIngressAllowRemote();
        private CommandAuthenticator commandAuthenticator;
        private FlushPolicy flushPolicy = Configuration.flushPolicy();
        private String rollCycle = Configuration.rollCycle();
        private EngineClock clock;
        private StrategyCatalog strategyCatalog;
        private ErrorHandler errorHandler;
        private AtomicCounter errorCounter;
        private boolean ownsErrorCounter;
        private boolean concluded;
        private final List<byte[]> referenceData = new ArrayList<>();
        private final List<CoreListener> listeners = new ArrayList<>();
        private final List<Agent> publisherThreadAgents = new ArrayList<>();

        /**
         * Check the settings and fill in defaults, once: a second call throws, as a context serves one core.
         *
         * @return this for a fluent API.
         * @throws IllegalStateException naming the setting and its property when a value is wrong.
         */
        public Context conclude()
        {
            if (concluded)
            {
                throw new IllegalStateException(
                    "TradingCore.Context is already concluded: a context serves one core, give each its own");
            }
            require(null != dataDirectory, "dataDirectory", DATA_DIR_PROP_NAME, "is required");
            require(null != threadingLayout, "threadingLayout", THREADING_PROP_NAME, "is required");
            require(null != idleStrategy, "idleStrategy", IDLE_PROP_NAME, "is required");
            try
            {
                IdleStrategies.named(idleStrategy);
            }
            catch (final IllegalArgumentException ex)
            {
                throw invalid("idleStrategy", IDLE_PROP_NAME, ex.getMessage());
            }
            require(snapshotInterval >= 0, "snapshotInterval", SNAPSHOT_INTERVAL_PROP_NAME,
                "must not be negative (0 = none): " + snapshotInterval);
            require(BitUtil.isPowerOfTwo(ringSize), "ringSize", RING_SIZE_PROP_NAME,
                "must be a power of two: " + ringSize);
            require(BitUtil.isPowerOfTwo(ingressCapacity), "ingressCapacity", INGRESS_CAPACITY_PROP_NAME,
                "must be a power of two: " + ingressCapacity);
            require(BitUtil.isPowerOfTwo(venueIngressCapacity), "venueIngressCapacity",
                VENUE_INGRESS_CAPACITY_PROP_NAME, "must be a power of two: " + venueIngressCapacity);
            // The ingress queues take messages of up to an eighth of their capacity (Agrona's ring buffers).
            final int largestQueued = Math.min(ingressCapacity, venueIngressCapacity) / 8;
            require(maxMessageLength > 0 && maxMessageLength <= largestQueued, "maxMessageLength",
                MAX_MESSAGE_LENGTH_PROP_NAME, "must be 1.." + largestQueued + " (an eighth of the smaller ingress " +
                "queue): " + maxMessageLength);
            require(null != aeronChannel && aeronChannel.startsWith("aeron:"), "aeronChannel", AERON_CHANNEL_PROP_NAME,
                "must be an Aeron channel (aeron:ipc, aeron:udp?endpoint=host:port): " + aeronChannel);
            require(null != commandIngressChannel && commandIngressChannel.startsWith("aeron:"),
                "commandIngressChannel", COMMAND_INGRESS_CHANNEL_PROP_NAME, "must be an Aeron channel: " +
                commandIngressChannel);
            require(null != commandResponseChannel && commandResponseChannel.startsWith("aeron:"),
                "commandResponseChannel", COMMAND_RESPONSE_CHANNEL_PROP_NAME, "must be an Aeron channel: " +
                commandResponseChannel);
            require(commandIngressAllowRemote || LoopbackChannels.isLocal(commandIngressChannel),
                "commandIngressChannel", COMMAND_INGRESS_CHANNEL_PROP_NAME, "binds beyond this host (" +
                commandIngressChannel + "): use a loopback endpoint, or set " + COMMAND_INGRESS_ALLOW_REMOTE_PROP_NAME +
                "=true when other hosts must send commands");
            require(BitUtil.isPowerOfTwo(ipcTermLength) && ipcTermLength >= MIN_TERM_LENGTH &&
                ipcTermLength <= MAX_TERM_LENGTH, "ipcTermLength", IPC_TERM_LENGTH_PROP_NAME,
                "must be a power of two from 64 KiB to 1 GiB: " + ipcTermLength);
            require(null != flushPolicy, "flushPolicy", Journal.Context.FLUSH_PROP_NAME, "is required");
            dataDirectory = dataDirectory.toAbsolutePath().normalize();
            checkJournalSettings();
            if (null == aeronDirectory)
            {
                aeronDirectory = dataDirectory.resolve("aeron").toString();
            }
            if (null == clock)
            {
                clock = EngineClock.wall();
            }
            if (null == commandClientsFile)
            {
                commandClientsFile = dataDirectory.resolve("core").resolve("ingress-clients");
            }
            if (null == commandAuthenticator)
            {
                commandAuthenticator = new ClientKeys(commandClientsFile);
            }
            if (null == strategyCatalog)
            {
                strategyCatalog = ExampleStrategies.catalog();
            }
            if (null == errorHandler)
            {
                errorHandler = ComponentErrors.printing("trading core");
            }
            if (null == errorCounter)
            {
                errorCounter = ComponentErrors.newErrorCounter("trading core");
                ownsErrorCounter = true;
            }
            concluded = true;
            return this;
        }

        /**
         * The journals' own context checks the roll cycle and how large an entry may be; asked here, the answer names
         * the core's setting instead of failing later, half-way through opening the data folder.
         */
        private void checkJournalSettings()
        {
            final Journal.Context journal = new Journal.Context().directory(dataDirectory);
            try
            {
                journal.rollCycle(rollCycle).conclude();
            }
            catch (final IllegalStateException ex)
            {
                throw invalid("rollCycle", Journal.Context.ROLL_CYCLE_PROP_NAME, ex.getMessage());
            }
            final int largestEntry = journal.maxPayloadLength() - InputEvent.INPUT_HEADER;
            require(maxMessageLength <= largestEntry, "maxMessageLength", MAX_MESSAGE_LENGTH_PROP_NAME,
                "must fit in a journal entry (" + Journal.Context.MAX_PAYLOAD_LENGTH_PROP_NAME + " less the " +
                InputEvent.INPUT_HEADER + "-byte time stamp, " + largestEntry + "): " + maxMessageLength);
        }

        private static void require(
            final boolean condition, final String setting, final String property, final String problem)
        {
            if (!condition)
            {
                throw invalid(setting, property, problem);
            }
        }

        private static IllegalStateException invalid(final String setting, final String property, final String problem)
        {
            return new IllegalStateException(setting + " (" + property + ") " + problem);
        }

        private void checkNotConcluded()
        {
            if (concluded)
            {
                throw new IllegalStateException("TradingCore.Context is concluded: its settings can no longer change");
            }
        }

        /**
         * Closes what {@link #conclude()} made for the core, the error counter when none was given; the core calls it
         * when it closes.
         */
        public void close()
        {
            if (ownsErrorCounter)
            {
                CloseHelper.close(errorCounter);
            }
        }

        /** Where journals, snapshots and Aeron files live ({@value #DATA_DIR_PROP_NAME}). */
        public Context dataDirectory(final Path dataDirectory)
        {
            checkNotConcluded();
            this.dataDirectory = dataDirectory;
            return this;
        }

        public Path dataDirectory()
        {
            return dataDirectory;
        }

        /** How the stages share threads ({@value #THREADING_PROP_NAME}). */
        public Context threadingLayout(final ThreadingLayout threadingLayout)
        {
            checkNotConcluded();
            this.threadingLayout = threadingLayout;
            return this;
        }

        public ThreadingLayout threadingLayout()
        {
            return threadingLayout;
        }

        /** backoff (default), yielding, busy-spin or sleeping ({@value #IDLE_PROP_NAME}). */
        public Context idleStrategy(final String idleStrategy)
        {
            checkNotConcluded();
            this.idleStrategy = idleStrategy;
            return this;
        }

        public String idleStrategy()
        {
            return idleStrategy;
        }

        /** Snapshot every N inputs, 0 for none ({@value #SNAPSHOT_INTERVAL_PROP_NAME}). */
        public Context snapshotInterval(final long snapshotInterval)
        {
            checkNotConcluded();
            this.snapshotInterval = snapshotInterval;
            return this;
        }

        public long snapshotInterval()
        {
            return snapshotInterval;
        }

        /** Ring buffer entries, a power of two ({@value #RING_SIZE_PROP_NAME}). */
        public Context ringSize(final int ringSize)
        {
            checkNotConcluded();
            this.ringSize = ringSize;
            return this;
        }

        public int ringSize()
        {
            return ringSize;
        }

        /** Bytes of the ingress queue, a power of two ({@value #INGRESS_CAPACITY_PROP_NAME}). */
        public Context ingressCapacity(final int ingressCapacity)
        {
            checkNotConcluded();
            this.ingressCapacity = ingressCapacity;
            return this;
        }

        public int ingressCapacity()
        {
            return ingressCapacity;
        }

        /** Bytes of the venue lane's queue, a power of two ({@value #VENUE_INGRESS_CAPACITY_PROP_NAME}). */
        public Context venueIngressCapacity(final int venueIngressCapacity)
        {
            checkNotConcluded();
            this.venueIngressCapacity = venueIngressCapacity;
            return this;
        }

        public int venueIngressCapacity()
        {
            return venueIngressCapacity;
        }

        /** Largest input message accepted ({@value #MAX_MESSAGE_LENGTH_PROP_NAME}). */
        public Context maxMessageLength(final int maxMessageLength)
        {
            checkNotConcluded();
            this.maxMessageLength = maxMessageLength;
            return this;
        }

        public int maxMessageLength()
        {
            return maxMessageLength;
        }

        /** Publish outputs on Aeron ({@value #AERON_ENABLED_PROP_NAME}). */
        public Context aeronEnabled(final boolean aeronEnabled)
        {
            checkNotConcluded();
            this.aeronEnabled = aeronEnabled;
            return this;
        }

        public boolean aeronEnabled()
        {
            return aeronEnabled;
        }

        /**
         * {@code aeron:ipc} by default, a UDP channel such as {@code aeron:udp?endpoint=host:port} by setting
         * ({@value #AERON_CHANNEL_PROP_NAME}).
         */
        public Context aeronChannel(final String aeronChannel)
        {
            checkNotConcluded();
            this.aeronChannel = aeronChannel;
            return this;
        }

        public String aeronChannel()
        {
            return aeronChannel;
        }

        /** The outputs' stream ({@value #AERON_STREAM_ID_PROP_NAME}). */
        public Context aeronStreamId(final int aeronStreamId)
        {
            checkNotConcluded();
            this.aeronStreamId = aeronStreamId;
            return this;
        }

        public int aeronStreamId()
        {
            return aeronStreamId;
        }

        /** Default {@code <data>/aeron} ({@value #AERON_DIR_PROP_NAME}). */
        public Context aeronDirectory(final String aeronDirectory)
        {
            checkNotConcluded();
            this.aeronDirectory = aeronDirectory;
            return this;
        }

        public String aeronDirectory()
        {
            return aeronDirectory;
        }

        /** Run the media driver inside the core ({@value #AERON_EMBEDDED_DRIVER_PROP_NAME}). */
        public Context embeddedMediaDriver(final boolean embeddedMediaDriver)
        {
            checkNotConcluded();
            this.embeddedMediaDriver = embeddedMediaDriver;
            return this;
        }

        public boolean embeddedMediaDriver()
        {
            return embeddedMediaDriver;
        }

        /** Take commands from other processes on Aeron ({@value #COMMAND_INGRESS_ENABLED_PROP_NAME}). */
        public Context commandIngressEnabled(final boolean commandIngressEnabled)
        {
            checkNotConcluded();
            this.commandIngressEnabled = commandIngressEnabled;
            return this;
        }

        public boolean commandIngressEnabled()
        {
            return commandIngressEnabled;
        }

        /** The channel commands arrive on ({@value #COMMAND_INGRESS_CHANNEL_PROP_NAME}). */
        public Context commandIngressChannel(final String commandIngressChannel)
        {
            checkNotConcluded();
            this.commandIngressChannel = commandIngressChannel;
            return this;
        }

        public String commandIngressChannel()
        {
            return commandIngressChannel;
        }

        /** The stream commands arrive on ({@value #COMMAND_INGRESS_STREAM_ID_PROP_NAME}). */
        public Context commandIngressStreamId(final int commandIngressStreamId)
        {
            checkNotConcluded();
            this.commandIngressStreamId = commandIngressStreamId;
            return this;
        }

        public int commandIngressStreamId()
        {
            return commandIngressStreamId;
        }

        /** Where session answers go ({@value #COMMAND_RESPONSE_CHANNEL_PROP_NAME}). */
        public Context commandResponseChannel(final String commandResponseChannel)
        {
            checkNotConcluded();
            this.commandResponseChannel = commandResponseChannel;
            return this;
        }

        public String commandResponseChannel()
        {
            return commandResponseChannel;
        }

        /** The stream of session answers ({@value #COMMAND_RESPONSE_STREAM_ID_PROP_NAME}). */
        public Context commandResponseStreamId(final int commandResponseStreamId)
        {
            checkNotConcluded();
            this.commandResponseStreamId = commandResponseStreamId;
            return this;
        }

        public int commandResponseStreamId()
        {
            return commandResponseStreamId;
        }

        /** The ingress's clients and their key hashes ({@value #COMMAND_CLIENTS_FILE_PROP_NAME}). */
        public Context commandClientsFile(final Path commandClientsFile)
        {
            checkNotConcluded();
            this.commandClientsFile = commandClientsFile;
            return this;
        }

        public Path commandClientsFile()
        {
            return commandClientsFile;
        }

        /** Let a UDP ingress bind beyond loopback ({@value #COMMAND_INGRESS_ALLOW_REMOTE_PROP_NAME}). */
        public Context commandIngressAllowRemote(final boolean commandIngressAllowRemote)
        {
            checkNotConcluded();
            this.commandIngressAllowRemote = commandIngressAllowRemote;
            return this;
        }

        public boolean commandIngressAllowRemote()
        {
            return commandIngressAllowRemote;
        }

        /** Who may open a session on the ingress; default {@link ClientKeys} over {@link #commandClientsFile()}. */
        public Context commandAuthenticator(final CommandAuthenticator commandAuthenticator)
        {
            checkNotConcluded();
            this.commandAuthenticator = commandAuthenticator;
            return this;
        }

        public CommandAuthenticator commandAuthenticator()
        {
            return commandAuthenticator;
        }

        /** Term length of the embedded driver's publications ({@value #IPC_TERM_LENGTH_PROP_NAME}). */
        public Context ipcTermLength(final int ipcTermLength)
        {
            checkNotConcluded();
            this.ipcTermLength = ipcTermLength;
            return this;
        }

        public int ipcTermLength()
        {
            return ipcTermLength;
        }

        /**
         * How hard the journals flush: the journal's setting ({@link Journal.Context#FLUSH_PROP_NAME}, default
         * {@link Journal.Context#FLUSH_DEFAULT}: survives a process kill, not a power cut).
         */
        public Context flushPolicy(final FlushPolicy flushPolicy)
        {
            checkNotConcluded();
            this.flushPolicy = flushPolicy;
            return this;
        }

        public FlushPolicy flushPolicy()
        {
            return flushPolicy;
        }

        /**
         * Chronicle roll cycle of the journals: the journal's setting ({@link Journal.Context#ROLL_CYCLE_PROP_NAME},
         * default {@link Journal.Context#ROLL_CYCLE_DEFAULT}).
         */
        public Context rollCycle(final String rollCycle)
        {
            checkNotConcluded();
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
            checkNotConcluded();
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
            checkNotConcluded();
            this.strategyCatalog = strategyCatalog;
            return this;
        }

        public StrategyCatalog strategyCatalog()
        {
            return strategyCatalog;
        }

        /**
         * Told of every error of the pipeline's threads, the snapshot writer and the Aeron client and driver; the
         * first error of a pipeline thread also fails the core ({@link TradingCore#checkHealthy()}). Default: printed
         * with the name "trading core" to standard error.
         */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            checkNotConcluded();
            this.errorHandler = errorHandler;
            return this;
        }

        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        /**
         * Counts the errors the {@link #errorHandler(ErrorHandler)} is told of. Default: a counter in a small counters
         * manager of the context's own, closed with the core; one given here is the caller's to close.
         */
        public Context errorCounter(final AtomicCounter errorCounter)
        {
            checkNotConcluded();
            this.errorCounter = errorCounter;
            return this;
        }

        public AtomicCounter errorCounter()
        {
            return errorCounter;
        }

        /** Admin inputs offered when the journal is empty: instruments, tenants, accounts, limits, strategies. */
        public Context referenceData(final List<byte[]> inputs)
        {
            checkNotConcluded();
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
            checkNotConcluded();
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
            checkNotConcluded();
            publisherThreadAgents.add(agent);
            return this;
        }

        public List<Agent> publisherThreadAgents()
        {
            return publisherThreadAgents;
        }
    }

    /**
     * The settings' values from the system properties, a static getter each, as Aeron's {@code Configuration} has:
     * the property the {@link Context}'s {@code *_PROP_NAME} constant names, or its {@code *_DEFAULT}. A malformed
     * value is refused, naming the property ({@link SystemProperties}). The journals' flush policy and roll cycle are
     * the journal's own settings, read as {@link Journal.Context} reads them.
     */
    public static final class Configuration
    {
        private Configuration()
        {
        }

        public static Path dataDirectory()
        {
            return Path.of(SystemProperties.stringValue(Context.DATA_DIR_PROP_NAME, Context.DATA_DIR_DEFAULT));
        }

        public static ThreadingLayout threadingLayout()
        {
            return SystemProperties.enumValue(Context.THREADING_PROP_NAME, ThreadingLayout.class,
                Context.THREADING_DEFAULT);
        }

        public static String idleStrategy()
        {
            return SystemProperties.stringValue(Context.IDLE_PROP_NAME, Context.IDLE_DEFAULT);
        }

        public static long snapshotInterval()
        {
            return SystemProperties.longValue(Context.SNAPSHOT_INTERVAL_PROP_NAME, Context.SNAPSHOT_INTERVAL_DEFAULT);
        }

        public static int ringSize()
        {
            return SystemProperties.intValue(Context.RING_SIZE_PROP_NAME, Context.RING_SIZE_DEFAULT);
        }

        public static int ingressCapacity()
        {
            return SystemProperties.sizeValue(Context.INGRESS_CAPACITY_PROP_NAME, Context.INGRESS_CAPACITY_DEFAULT);
        }

        public static int venueIngressCapacity()
        {
            return SystemProperties.sizeValue(
                Context.VENUE_INGRESS_CAPACITY_PROP_NAME, Context.VENUE_INGRESS_CAPACITY_DEFAULT);
        }

        public static int maxMessageLength()
        {
            return SystemProperties.sizeValue(Context.MAX_MESSAGE_LENGTH_PROP_NAME, Context.MAX_MESSAGE_LENGTH_DEFAULT);
        }

        public static boolean aeronEnabled()
        {
            return SystemProperties.booleanValue(Context.AERON_ENABLED_PROP_NAME, Context.AERON_ENABLED_DEFAULT);
        }

        public static boolean commandIngressEnabled()
        {
            return SystemProperties.booleanValue(
                Context.COMMAND_INGRESS_ENABLED_PROP_NAME, Context.COMMAND_INGRESS_ENABLED_DEFAULT);
        }

        public static String commandIngressChannel()
        {
            return SystemProperties.stringValue(
                Context.COMMAND_INGRESS_CHANNEL_PROP_NAME, Context.COMMAND_INGRESS_CHANNEL_DEFAULT);
        }

        public static int commandIngressStreamId()
        {
            return SystemProperties.intValue(
                Context.COMMAND_INGRESS_STREAM_ID_PROP_NAME, Context.COMMAND_INGRESS_STREAM_ID_DEFAULT);
        }

        public static String commandResponseChannel()
        {
            return SystemProperties.stringValue(
                Context.COMMAND_RESPONSE_CHANNEL_PROP_NAME, Context.COMMAND_RESPONSE_CHANNEL_DEFAULT);
        }

        public static int commandResponseStreamId()
        {
            return SystemProperties.intValue(
                Context.COMMAND_RESPONSE_STREAM_ID_PROP_NAME, Context.COMMAND_RESPONSE_STREAM_ID_DEFAULT);
        }

        /** Null: in the data folder. */
        public static Path commandClientsFile()
        {
            final String file = SystemProperties.stringValue(Context.COMMAND_CLIENTS_FILE_PROP_NAME, null);
            return file == null ? null : Path.of(file);
        }

        public static boolean commandIngressAllowRemote()
        {
            return SystemProperties.booleanValue(
                Context.COMMAND_INGRESS_ALLOW_REMOTE_PROP_NAME, Context.COMMAND_INGRESS_ALLOW_REMOTE_DEFAULT);
        }

        public static String aeronChannel()
        {
            return SystemProperties.stringValue(Context.AERON_CHANNEL_PROP_NAME, Context.AERON_CHANNEL_DEFAULT);
        }

        public static int aeronStreamId()
        {
            return SystemProperties.intValue(Context.AERON_STREAM_ID_PROP_NAME, Context.AERON_STREAM_ID_DEFAULT);
        }

        /** Null when not set: the context then puts it in the data folder. */
        public static String aeronDirectory()
        {
            return SystemProperties.stringValue(Context.AERON_DIR_PROP_NAME, null);
        }

        public static boolean embeddedMediaDriver()
        {
            return SystemProperties.booleanValue(
                Context.AERON_EMBEDDED_DRIVER_PROP_NAME, Context.AERON_EMBEDDED_DRIVER_DEFAULT);
        }

        public static int ipcTermLength()
        {
            return SystemProperties.sizeValue(Context.IPC_TERM_LENGTH_PROP_NAME, Context.IPC_TERM_LENGTH_DEFAULT);
        }

        public static FlushPolicy flushPolicy()
        {
            return SystemProperties.enumValue(
                Journal.Context.FLUSH_PROP_NAME, FlushPolicy.class, Journal.Context.FLUSH_DEFAULT);
        }

        public static String rollCycle()
        {
            return SystemProperties.stringValue(
                Journal.Context.ROLL_CYCLE_PROP_NAME, Journal.Context.ROLL_CYCLE_DEFAULT);
        }
    }
}
