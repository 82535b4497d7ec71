package io.tradingcore.journal;

import net.openhft.chronicle.queue.impl.TableStore;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.queue.impl.table.AbstractTSQueueLock;
import net.openhft.chronicle.queue.impl.table.Metadata;
import net.openhft.chronicle.queue.impl.table.SingleTableBuilder;
import net.openhft.chronicle.threads.Pauser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes the appending {@link Journal} the only writer of its directory.
 * <p>
 * The journal numbers entries itself, so two writers would hand out the same sequence twice. An OS file lock on
 * {@value #LOCK_FILE} keeps a second writer out, in this process or any other, and the OS drops it when the holder
 * dies however it dies.
 * <p>
 * Holding that lock also proves that any Chronicle write lock found set in {@code metadata.cq4t} is stale: its
 * holder died inside an append. Chronicle only frees such a lock itself when the recorded pid no longer has a
 * {@code /proc} entry, and otherwise waits 1.5 x its timeout (15 s by default) on the first append and then gives up
 * if the pid looks alive, which it does for an unreaped zombie or when a restarted container hands the new process
 * the dead one's pid. So the lock is cleared here, before Chronicle opens the queue, and reported.
 */
final class WriterLock implements AutoCloseable
{
    static final String LOCK_FILE = "journal.writer.lock";

    private static final String CHRONICLE_METADATA_FILE = SingleChronicleQueue.QUEUE_METADATA_FILE;

    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    static WriterLock acquire(final Path directory)
    {
        final Path file = directory.resolve(LOCK_FILE);
        FileChannel channel = null;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (null == lock)
            {
                throw new IllegalStateException(
                    "journal " + directory + " is already open for appending by another process");
            }
            return new WriterLock(channel, lock);
        }
        catch (final OverlappingFileLockException ex)
        {
            closeQuietly(channel);
            throw new IllegalStateException(
                "journal " + directory + " is already open for appending in this process", ex);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock journal " + directory, ex);
        }
    }

    /**
     * Clear Chronicle's write lock if a dead writer left it set.
     *
     * @return what was found, in words, or null when the lock was free.
     */
    static String clearStaleChronicleLock(final Path directory)
    {
        final Path metadata = directory.resolve(CHRONICLE_METADATA_FILE);
        if (!Files.exists(metadata))
        {
            return null;
        }
        // The metadata file names Chronicle classes by alias; the aliases exist once the builder has registered them.
        SingleChronicleQueueBuilder.addAliases();
        final TableStore<Metadata.NoMeta> tableStore =
            SingleTableBuilder.binary(metadata, Metadata.NoMeta.INSTANCE).readOnly(false).build();
        try (TableStoreWriteLock chronicleLock = new TableStoreWriteLock(tableStore, Pauser::balanced, 0L))
        {
            final long holder = chronicleLock.lockedBy();
            if (holder == AbstractTSQueueLock.UNLOCKED)
            {
                return null;
            }
            chronicleLock.forceUnlock();
            final int pid = (int)holder;
            return "journal " + directory + ": the previous writer (pid " + pid +
                (pid == ProcessHandle.current().pid() ? ", the same pid as this process, so a reused pid" : "") +
                ") died while appending; its unfinished entry was never published to readers and is discarded";
        }
        finally
        {
            tableStore.close();
        }
    }

    public void close()
    {
        try
        {
            lock.release();
        }
        catch (final IOException ignore)
        {
            // The channel close below releases the lock as well.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // Nothing more can be done; the OS frees the lock when the process exits.
            }
        }
    }
}
