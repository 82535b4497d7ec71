package io.tradingcore.pipeline;

import io.tradingcore.journal.SnapshotStore;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Writes the engine's snapshots to disk on a thread of its own. The engine's thread only copies its state into a
 * buffer (between two inputs, so the snapshot describes the state right after a whole input); the file write and the
 * fsyncs that make it durable took milliseconds on ext4, during which no input moved.
 * <p>
 * A snapshot is written only once the publisher has journaled the outputs of its input: recovery starts after the
 * snapshot's sequence and rewrites only the outputs of the inputs it replays, so a snapshot ahead of the output journal
 * would leave outputs missing from it after a crash. Two buffers take turns; should the disk be so slow that both are
 * still being written when the next snapshot is due, that snapshot is skipped (recovery then replays a little more
 * journal) rather than stalling the engine.
 */
final class SnapshotWriter implements AutoCloseable
{
    private static final int BUFFERS = 2;
    private static final long PUBLISHED_POLL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final SnapshotStore store;
    private final LongSupplier publishedSequence;
    private final ErrorHandler onError;
    private final ArrayBlockingQueue<ExpandableArrayBuffer> freeBuffers = new ArrayBlockingQueue<>(BUFFERS);
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable ->
    {
        final Thread writer = new Thread(runnable, "snapshot-writer");
        writer.setDaemon(true);
        return writer;
    });
    private volatile boolean closed;

    SnapshotWriter(final SnapshotStore store, final LongSupplier publishedSequence, final ErrorHandler onError)
    {
        this.store = store;
        this.publishedSequence = publishedSequence;
        this.onError = onError;
        for (int i = 0; i < BUFFERS; i++)
        {
            freeBuffers.add(new ExpandableArrayBuffer(64 * 1024));
        }
    }

    /** A buffer to copy a snapshot into, or null when both are still being written. Engine thread. */
    ExpandableArrayBuffer claim()
    {
        return freeBuffers.poll();
    }

    /** Hands a claimed buffer holding the snapshot of {@code sequence} to the writer thread. Engine thread. */
    void write(final long sequence, final ExpandableArrayBuffer buffer, final int length)
    {
        thread.execute(() ->
        {
            try
            {
                awaitPublished(sequence);
                if (!closed || publishedSequence.getAsLong() >= sequence)
                {
                    store.write(sequence, buffer, 0, length);
                }
            }
            catch (final RuntimeException ex)
            {
                onError.onError(ex);
            }
            finally
            {
                freeBuffers.add(buffer);
            }
        });
    }

    private void awaitPublished(final long sequence)
    {
        while (publishedSequence.getAsLong() < sequence && !closed)
        {
            LockSupport.parkNanos(PUBLISHED_POLL_NS);
        }
    }

    /** Finishes the snapshots handed over (those whose outputs are published), then stops the thread. */
    @Override
    public void close()
    {
        closed = true;
        thread.shutdown();
        try
        {
            if (!thread.awaitTermination(1, TimeUnit.MINUTES))
            {
                onError.onError(new IllegalStateException("snapshot writer did not finish within a minute"));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
