package io.tradingcore.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;
import net.openhft.chronicle.queue.rollcycles.SparseRollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A durable, append-only log of opaque entries on Chronicle Queue.
 * <p>
 * Each entry gets a dense sequence number assigned here: the first entry ever appended is 1, then 2, 3, ...
 * continuing across restarts and roll cycles. Entries are stored one Chronicle document each, framed by
 * {@link EntryFrame} (sequence, length, CRC32C, hash chain), so damage is detected rather than replayed, and an edit
 * that also fixes the CRC is still found by {@link #verifyChain()}.
 * <p>
 * Threading: {@link #append}, {@link #flush} and {@link #retainFrom} from one thread at a time (the journaller);
 * {@link #lastSequence} from any thread; each {@link JournalReader} by one thread at a time. Only one appending
 * journal may be open on a directory (across processes); any number of {@link Context#readOnly(boolean) read-only}
 * ones may follow it. An appending journal also runs a thread of its own, parked except while it faults in the
 * chunk of the file the appender has just entered ({@link ChunkPrefetch}).
 */
public final class Journal implements AutoCloseable
{
    /**
     * How long a read-only journal lets Chronicle wait for a cycle file's first header before taking the cycle as
     * not there yet (Chronicle's own 10 s, three times on opening, stalled readers of a journal whose writer died
     * creating a cycle file): a live writer writes that header within microseconds of creating the file.
     */
    private static final long READ_ONLY_HEADER_WAIT_MS = 200;

    private final Context ctx;
    private final Path directory;
    private final SingleChronicleQueue queue;
    private final WriterLock writerLock;
    private final ExcerptAppender appender;
    private final EntryFrame frame;
    private final ChunkPrefetch chunkPrefetch;
    private final SequenceLocator locator;
    private final JournalOpenReport openReport;
    private final FlushPolicy flushPolicy;
    private final int maxPayloadLength;
    private final int flushBatchEntries;
    private final long flushBatchIntervalNs;

    private volatile long lastSequence;
    private volatile long firstSequence;
    private long chain;
    private int unflushedEntries;
    private long lastFlushNs;
    private boolean closed;

    private Journal(final Context ctx)
    {
        this.ctx = ctx;
        this.directory = ctx.directory();
        this.flushPolicy = ctx.flushPolicy();
        this.maxPayloadLength = ctx.maxPayloadLength();
        this.flushBatchEntries = ctx.flushBatchEntries();
        this.flushBatchIntervalNs = TimeUnit.MILLISECONDS.toNanos(ctx.flushBatchIntervalMs());

        final List<String> damage = new ArrayList<>();
        WriterLock writerLock = null;
        SingleChronicleQueue queue = null;
        SequenceLocator locator = null;
        try
        {
            if (ctx.readOnly())
            {
                if (!Files.exists(directory.resolve(SingleChronicleQueue.QUEUE_METADATA_FILE)))
                {
                    throw new IllegalStateException("no journal to read at " + directory);
                }
                damage.addAll(UnfinishedCycleFiles.describe(directory));
            }
            else
            {
                Files.createDirectories(directory);
                writerLock = WriterLock.acquire(directory);
                final String staleLock = WriterLock.clearStaleChronicleLock(directory);
                if (null != staleLock)
                {
                    damage.add(staleLock);
                }
                damage.addAll(UnfinishedCycleFiles.setAside(directory));
            }

            final EpochClock clock = ctx.epochClock();
            final TimeProvider timeProvider = clock::time;
            final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(ctx.chronicleRollCycle())
                .timeProvider(timeProvider)
                .readOnly(ctx.readOnly())
                .syncMode(ctx.readOnly() || flushPolicy == FlushPolicy.NONE ? SyncMode.NONE : SyncMode.SYNC);
            if (ctx.readOnly())
            {
                builder.timeoutMS(READ_ONLY_HEADER_WAIT_MS);
            }
            queue = builder.build();

            final String brokenTail = TailRepair.inspect(queue, !ctx.readOnly());
            if (null != brokenTail)
            {
                damage.add(brokenTail);
            }

            locator = new SequenceLocator(queue);
            final long last = locator.lastSequence(damage);
            final int damagedEntries = locator.damagedAtTail();
            final long first = last == 0 ? 0 : locator.firstSequence();
            this.lastSequence = last;
            this.firstSequence = first;
            // Appends continue the chain from the last kept entry, past any damaged tail.
            this.chain = locator.lastChain();
            if (damagedEntries > 0)
            {
                damage.add("journal " + directory + ": kept entries up to sequence " + last + "; " + damagedEntries +
                    " damaged entr" + (damagedEntries == 1 ? "y" : "ies") + " after it will not be delivered" +
                    (ctx.readOnly() ? "" : " and appends continue at sequence " + (last + 1)));
            }
            this.openReport =
                new JournalOpenReport(first, last, last == 0 ? 0 : last - first + 1, damagedEntries, damage);
            for (final String description : damage)
            {
                ctx.damageListener().onDamage(description);
            }

            if (ctx.readOnly())
            {
                this.appender = null;
                this.frame = null;
                this.chunkPrefetch = null;
            }
            else
            {
                this.appender = queue.createAppender();
                // Opened on one thread, appended on another (the journaller); the contract is one thread at a time.
                this.appender.singleThreadedCheckDisabled(true);
                this.frame = new EntryFrame();
                this.chunkPrefetch = ctx.prefetch() ?
                    new ChunkPrefetch("journal-prefetch-" + directory.getFileName()) : null;
            }
            this.queue = queue;
            this.writerLock = writerLock;
            this.locator = locator;
            this.lastFlushNs = System.nanoTime();
        }
        catch (final IOException ex)
        {
            closeAll(locator, queue, writerLock);
            throw new UncheckedIOException("cannot open journal " + directory, ex);
        }
        catch (final RuntimeException | Error ex)
        {
            closeAll(locator, queue, writerLock);
            throw ex;
        }
    }

    /**
     * Open (or create, unless read-only) the journal in the context's directory, checking its tail for damage.
     *
     * @param ctx settings; {@link Context#conclude()} is called if it was not yet.
     * @return the open journal.
     */
    public static Journal open(final Context ctx)
    {
        ctx.conclude();
        return new Journal(ctx);
    }

    /**
     * Append an entry; it is visible to readers (in any process) when this returns, and on disk as the
     * {@link FlushPolicy} says.
     *
     * @param buffer holding the payload.
     * @param offset of the payload in the buffer.
     * @param length of the payload, 0 to {@link Context#maxPayloadLength()}.
     * @return the sequence given to the entry.
     */
    public long append(final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == appender)
        {
            throw new IllegalStateException("journal " + directory + " is open read-only");
        }
        if (closed)
        {
            throw new IllegalStateException("journal " + directory + " is closed");
        }
        if (length < 0 || length > maxPayloadLength)
        {
            throw new IllegalArgumentException("payload length " + length + " outside 0.." + maxPayloadLength);
        }

        final long sequence = lastSequence + 1;
        // The header is built apart and the payload copied once, straight into the queue, when it is in direct
        // memory (the ring buffer's entries are); otherwise the whole frame is built first and copied in.
        final boolean headerOnly = frame.encodeHeader(sequence, chain, buffer, offset, length);
        final int frameLength = headerOnly ?
            EntryFrame.HEADER_LENGTH : frame.encode(sequence, chain, buffer, offset, length);
        final DocumentContext dc = appender.writingDocument();
        try
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.unsafeWrite(frame.address(), frameLength);
            if (headerOnly)
            {
                bytes.unsafeWrite(buffer.addressOffset() + offset, length);
            }
            if (null != chunkPrefetch)
            {
                chunkPrefetch.afterWrite(bytes);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            dc.rollbackOnClose();
            throw ex;
        }
        finally
        {
            dc.close();
        }

        chain = frame.storedChain();
        lastSequence = sequence;
        if (firstSequence == 0)
        {
            firstSequence = sequence;
        }
        afterAppend();
        return sequence;
    }

    private void afterAppend()
    {
        switch (flushPolicy)
        {
            case EVERY_ENTRY:
                appender.sync();
                break;

            case BATCH:
                if (++unflushedEntries >= flushBatchEntries || System.nanoTime() - lastFlushNs >= flushBatchIntervalNs)
                {
                    forceToDisk();
                }
                break;

            default:
                break;
        }
    }

    /**
     * Force everything appended so far to disk now, for {@link FlushPolicy#BATCH} (call it when the journaller goes
     * idle so a quiet period does not leave a batch unflushed) and {@link FlushPolicy#EVERY_ENTRY}. Does nothing
     * under {@link FlushPolicy#NONE}, which leaves write-back to the OS.
     */
    public void flush()
    {
        if (null != appender && !closed && flushPolicy != FlushPolicy.NONE)
        {
            forceToDisk();
        }
    }

    private void forceToDisk()
    {
        appender.sync();
        unflushedEntries = 0;
        lastFlushNs = System.nanoTime();
    }

    /**
     * @return the sequence of the last valid entry, 0 when empty. For a read-only journal this looks at the files,
     * so it sees what another process appended.
     */
    public long lastSequence()
    {
        if (null != appender)
        {
            return lastSequence;
        }
        synchronized (locator)
        {
            lastSequence = locator.lastSequence(null);
            return lastSequence;
        }
    }

    /**
     * @return the largest payload {@link #append} accepts ({@link Context#maxPayloadLength()}): a writer whose records
     * can be longer splits them by this.
     */
    public int maxPayloadLength()
    {
        return maxPayloadLength;
    }

    /**
     * @return the sequence of the oldest retained entry (1 unless retention removed files), 0 when empty.
     */
    public long firstSequence()
    {
        if (null != appender)
        {
            return firstSequence;
        }
        synchronized (locator)
        {
            firstSequence = locator.firstSequence();
            return firstSequence;
        }
    }

    /**
     * @return the chain value of the last entry (the chain head, a fingerprint of the whole history up to it), as
     * stored; {@link #verifyChain()} proves it. The appending thread, or any thread for a read-only journal.
     */
    public long chainHead()
    {
        if (null != appender)
        {
            return chain;
        }
        synchronized (locator)
        {
            locator.lastSequence(null);
            return locator.lastChain();
        }
    }

    /**
     * Walk every retained entry, recompute its hash chain value and compare it with the stored one: the check that an
     * entry was edited in place, even with its CRC recomputed. Reads the whole journal; allocation-free per entry.
     *
     * @return the first entry whose chain (or CRC, or sequence order) breaks, or intact with the chain head.
     */
    public ChainCheck verifyChain()
    {
        if (closed)
        {
            throw new IllegalStateException("journal " + directory + " is closed");
        }
        return new ChainWalk(queue).run();
    }

    /**
     * @return a new reader positioned at the start of the journal; close it when done.
     */
    public JournalReader reader()
    {
        if (closed)
        {
            throw new IllegalStateException("journal " + directory + " is closed");
        }
        return new JournalReader(this, queue, ctx.damageListener());
    }

    /**
     * @return what open found: entries kept, last good sequence and damage, if any, in words.
     */
    public JournalOpenReport openReport()
    {
        return openReport;
    }

    public Path directory()
    {
        return directory;
    }

    /**
     * Delete roll-cycle files that hold only entries before {@code sequence}, typically the sequence a snapshot
     * covers. The file holding the last entry is never deleted, so sequences keep counting after a restart. Readers
     * positioned in a deleted file skip ahead to the oldest retained entry.
     *
     * @return the number of files deleted.
     */
    public int retainFrom(final long sequence)
    {
        if (null == appender)
        {
            throw new IllegalStateException("journal " + directory + " is open read-only");
        }
        int deleted = 0;
        synchronized (locator)
        {
            final int[] cycles = locator.refreshCycles();
            for (int i = 0; i < cycles.length - 1; i++)
            {
                final long nextCycleFirst = locator.firstSequenceOf(cycles[i + 1]);
                if (nextCycleFirst == 0 || nextCycleFirst > sequence)
                {
                    break;
                }
                final SingleChronicleQueueStore store = queue.storeForCycle(cycles[i], queue.epoch(), false, null);
                if (null == store)
                {
                    continue;
                }
                final File file = store.file();
                queue.closeStore(store);
                try
                {
                    if (Files.deleteIfExists(file.toPath()))
                    {
                        deleted++;
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("cannot delete " + file + " of journal " + directory, ex);
                }
            }
            firstSequence = locator.firstSequence();
        }
        return deleted;
    }

    /**
     * Flush as the policy says, then release the files and the writer lock.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        if (null != appender)
        {
            flush();
            if (null != chunkPrefetch)
            {
                chunkPrefetch.close();
            }
        }
        closed = true;
        closeAll(locator, queue, writerLock);
        // Chronicle unmaps and unlocks on a background thread; wait for it, so that a journal closed
        // is a journal released and the next open of the folder, here or in another process, finds
        // no lock of ours still held (under load the release lagged past Chronicle's 10 s lock wait).
        BackgroundResourceReleaser.releasePendingResources();
    }

    boolean isClosed()
    {
        return closed;
    }

    private static void closeAll(
        final SequenceLocator locator, final SingleChronicleQueue queue, final WriterLock writerLock)
    {
        if (null != locator)
        {
            locator.close();
        }
        if (null != queue)
        {
            queue.close();
        }
        if (null != writerLock)
        {
            writerLock.close();
        }
    }

    /**
     * Settings of a {@link Journal}. Every setting can also come from a system property, read when the context is
     * created; a setter overrides it.
     */
    public static final class Context
    {
        /**
         * Directory of the journal's files. No default: required.
         */
        public static final String DIRECTORY_PROP_NAME = "tradingcore.journal.dir";

        /**
         * Chronicle roll cycle name (any of {@code RollCycles}, {@code LargeRollCycles}, {@code SparseRollCycles},
         * {@code TestRollCycles}, {@code LegacyRollCycles}); one file per cycle.
         */
        public static final String ROLL_CYCLE_PROP_NAME = "tradingcore.journal.rollCycle";
        public static final String ROLL_CYCLE_DEFAULT = "FAST_DAILY";

        /**
         * {@link FlushPolicy} name.
         */
        public static final String FLUSH_PROP_NAME = "tradingcore.journal.flush";
        public static final FlushPolicy FLUSH_DEFAULT = FlushPolicy.NONE;

        /**
         * Under {@link FlushPolicy#BATCH}: force to disk after this many entries.
         */
        public static final String FLUSH_BATCH_ENTRIES_PROP_NAME = "tradingcore.journal.flushBatchEntries";
        public static final int FLUSH_BATCH_ENTRIES_DEFAULT = 1024;

        /**
         * Under {@link FlushPolicy#BATCH}: force to disk on the first append this long after the last force.
         */
        public static final String FLUSH_BATCH_INTERVAL_MS_PROP_NAME = "tradingcore.journal.flushBatchIntervalMs";
        public static final long FLUSH_BATCH_INTERVAL_MS_DEFAULT = 10;

        /**
         * Largest payload {@link Journal#append} accepts, at most {@value EntryFrame#MAX_PAYLOAD_LENGTH}.
         */
        public static final String MAX_PAYLOAD_LENGTH_PROP_NAME = "tradingcore.journal.maxPayloadLength";
        public static final int MAX_PAYLOAD_LENGTH_DEFAULT = 1024 * 1024;

        /**
         * Open for reading only (replay, audit, a projection in another process).
         */
        public static final String READ_ONLY_PROP_NAME = "tradingcore.journal.readOnly";
        public static final boolean READ_ONLY_DEFAULT = false;

        /**
         * Fault in each chunk of the file ahead of the appender ({@link ChunkPrefetch}): appends without page-fault
         * stalls, at the price of reading back at half speed while the pages stay in the page cache.
         */
        public static final String PREFETCH_PROP_NAME = "tradingcore.journal.prefetch";
        public static final boolean PREFETCH_DEFAULT = true;

        private Path directory;
        private String rollCycle = System.getProperty(ROLL_CYCLE_PROP_NAME, ROLL_CYCLE_DEFAULT);
        private FlushPolicy flushPolicy;
        private int flushBatchEntries = Integer.getInteger(FLUSH_BATCH_ENTRIES_PROP_NAME, FLUSH_BATCH_ENTRIES_DEFAULT);
        private long flushBatchIntervalMs =
            Long.getLong(FLUSH_BATCH_INTERVAL_MS_PROP_NAME, FLUSH_BATCH_INTERVAL_MS_DEFAULT);
        private int maxPayloadLength = Integer.getInteger(MAX_PAYLOAD_LENGTH_PROP_NAME, MAX_PAYLOAD_LENGTH_DEFAULT);
        private boolean readOnly = Boolean.parseBoolean(
            System.getProperty(READ_ONLY_PROP_NAME, Boolean.toString(READ_ONLY_DEFAULT)));
        private boolean prefetch = Boolean.parseBoolean(
            System.getProperty(PREFETCH_PROP_NAME, Boolean.toString(PREFETCH_DEFAULT)));
        private EpochClock epochClock;
        private DamageListener damageListener;
        private RollCycle chronicleRollCycle;
        private boolean concluded;

        public Context()
        {
            final String dir = System.getProperty(DIRECTORY_PROP_NAME);
            if (null != dir)
            {
                directory = Paths.get(dir);
            }
            final String flush = System.getProperty(FLUSH_PROP_NAME);
            flushPolicy = null == flush ? FLUSH_DEFAULT : FlushPolicy.valueOf(flush.trim().toUpperCase());
        }

        /**
         * Check the settings and fill in defaults; safe to call more than once.
         *
         * @return this for a fluent API.
         */
        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (null == directory)
            {
                throw new IllegalStateException("journal directory is required (or -D" + DIRECTORY_PROP_NAME + ")");
            }
            directory = directory.toAbsolutePath().normalize();
            chronicleRollCycle = resolveRollCycle(rollCycle);
            if (null == flushPolicy)
            {
                throw new IllegalStateException("flush policy is required");
            }
            if (flushBatchEntries < 1)
            {
                throw new IllegalStateException("flushBatchEntries must be at least 1: " + flushBatchEntries);
            }
            if (flushBatchIntervalMs < 0)
            {
                throw new IllegalStateException("flushBatchIntervalMs must not be negative: " + flushBatchIntervalMs);
            }
            if (maxPayloadLength < 0 || maxPayloadLength > EntryFrame.MAX_PAYLOAD_LENGTH)
            {
                throw new IllegalStateException(
                    "maxPayloadLength must be 0.." + EntryFrame.MAX_PAYLOAD_LENGTH + ": " + maxPayloadLength);
            }
            if (null == epochClock)
            {
                epochClock = SystemEpochClock.INSTANCE;
            }
            if (null == damageListener)
            {
                damageListener = DamageListener.STDERR;
            }
            concluded = true;
            return this;
        }

        private static RollCycle resolveRollCycle(final String name)
        {
            if (null == name || name.isBlank())
            {
                throw new IllegalStateException("roll cycle name is required");
            }
            final String wanted = name.trim().toUpperCase();
            final List<Class<? extends Enum<?>>> families = List.of(
                RollCycles.class, LargeRollCycles.class, SparseRollCycles.class, TestRollCycles.class,
                LegacyRollCycles.class);
            for (final Class<? extends Enum<?>> family : families)
            {
                for (final Enum<?> constant : family.getEnumConstants())
                {
                    if (constant.name().equals(wanted))
                    {
                        return (RollCycle)constant;
                    }
                }
            }
            throw new IllegalStateException("unknown Chronicle roll cycle: " + name);
        }

        private void checkNotConcluded()
        {
            if (concluded)
            {
                throw new IllegalStateException("context already concluded");
            }
        }

        public Context directory(final Path directory)
        {
            checkNotConcluded();
            this.directory = directory;
            return this;
        }

        public Path directory()
        {
            return directory;
        }

        /**
         * @param name of a Chronicle roll cycle, e.g. {@code FAST_DAILY} (default), {@code FAST_HOURLY},
         *             {@code TEST_SECONDLY} for tests.
         */
        public Context rollCycle(final String name)
        {
            checkNotConcluded();
            this.rollCycle = name;
            return this;
        }

        public String rollCycle()
        {
            return rollCycle;
        }

        RollCycle chronicleRollCycle()
        {
            return chronicleRollCycle;
        }

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

        public Context flushBatchEntries(final int entries)
        {
            checkNotConcluded();
            this.flushBatchEntries = entries;
            return this;
        }

        public int flushBatchEntries()
        {
            return flushBatchEntries;
        }

        public Context flushBatchIntervalMs(final long intervalMs)
        {
            checkNotConcluded();
            this.flushBatchIntervalMs = intervalMs;
            return this;
        }

        public long flushBatchIntervalMs()
        {
            return flushBatchIntervalMs;
        }

        public Context maxPayloadLength(final int length)
        {
            checkNotConcluded();
            this.maxPayloadLength = length;
            return this;
        }

        public int maxPayloadLength()
        {
            return maxPayloadLength;
        }

        /**
         * @param readOnly true for tools that only read (replay, audit, projections); such a journal never takes the
         *                 writer lock and can follow a journal another process appends to.
         */
        public Context readOnly(final boolean readOnly)
        {
            checkNotConcluded();
            this.readOnly = readOnly;
            return this;
        }

        public boolean readOnly()
        {
            return readOnly;
        }

        /**
         * @param prefetch false where appends need no protection from page-fault stalls and the journal is read back
         *                 soon after (a backtest, then its verify); an appending journal only.
         */
        public Context prefetch(final boolean prefetch)
        {
            checkNotConcluded();
            this.prefetch = prefetch;
            return this;
        }

        public boolean prefetch()
        {
            return prefetch;
        }

        /**
         * @param epochClock decides which roll cycle (file) an append lands in; the system clock by default, a
         *                   controllable one in tests.
         */
        public Context epochClock(final EpochClock epochClock)
        {
            checkNotConcluded();
            this.epochClock = epochClock;
            return this;
        }

        public EpochClock epochClock()
        {
            return epochClock;
        }

        /**
         * @param listener told of damage found on open and by readers; {@link DamageListener#STDERR} by default.
         */
        public Context damageListener(final DamageListener listener)
        {
            checkNotConcluded();
            this.damageListener = listener;
            return this;
        }

        public DamageListener damageListener()
        {
            return damageListener;
        }
    }
}
