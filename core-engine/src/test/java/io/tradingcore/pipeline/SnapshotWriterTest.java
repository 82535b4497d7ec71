package io.tradingcore.pipeline;

import io.tradingcore.journal.SnapshotStore;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots leave the engine's thread: a snapshot reaches the disk only once the outputs of its input are published
 * (never ahead of the output journal), the buffers come back for the next one, and a snapshot whose outputs never got
 * published (the core stopped first) is not written at all.
 */
class SnapshotWriterTest
{
    @TempDir
    Path directory;

    @Test
    void writesASnapshotOnlyOnceItsOutputsArePublished() throws Exception
    {
        final SnapshotStore store = SnapshotStore.open(directory);
        final AtomicLong published = new AtomicLong(99);
        final AtomicReference<Throwable> error = new AtomicReference<>();
        try (SnapshotWriter writer = new SnapshotWriter(store, published::get, error::set))
        {
            final ExpandableArrayBuffer buffer = writer.claim();
            assertNotNull(buffer);
            buffer.putLong(0, 42);
            writer.write(100, buffer, Long.BYTES);

            TimeUnit.MILLISECONDS.sleep(200);
            assertTrue(store.list().isEmpty(), "not written while input 100's outputs are unpublished");

            published.set(100);
            awaitSnapshots(store, 1);
            assertEquals(100, store.loadLatest().orElseThrow().sequence());
            assertNotNull(awaitBuffer(writer), "the buffer came back for the next snapshot");
        }
        assertNull(error.get());
    }

    @Test
    void claimsNoBufferWhileBothAreBeingWrittenAndDropsUnpublishedSnapshotsAtClose() throws Exception
    {
        final SnapshotStore store = SnapshotStore.open(directory);
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final SnapshotWriter writer = new SnapshotWriter(store, () -> 0, error::set);
        writer.write(10, writer.claim(), 0);
        writer.write(20, writer.claim(), 0);
        assertNull(writer.claim(), "both buffers wait for the disk: the engine skips this snapshot, it does not wait");

        writer.close();
        assertEquals(List.of(), store.list(), "outputs never published: no snapshot ahead of the output journal");
        assertNull(error.get());
    }

    private static void awaitSnapshots(final SnapshotStore store, final int count) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.list().size() < count && System.nanoTime() < deadline)
        {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assertEquals(count, store.list().size());
    }

    private static ExpandableArrayBuffer awaitBuffer(final SnapshotWriter writer) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ExpandableArrayBuffer buffer;
        while ((buffer = writer.claim()) == null && System.nanoTime() < deadline)
        {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return buffer;
    }
}
