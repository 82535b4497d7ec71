package io.tradingcore.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotStoreTest
{
    @TempDir
    Path dir;

    private final List<String> damage = new ArrayList<>();

    private SnapshotStore open(final int retain)
    {
        return SnapshotStore.open(
            new SnapshotStore.Context().directory(dir).retain(retain).damageListener(damage::add));
    }

    private static byte[] content(final long sequence, final int length)
    {
        return TestPayloads.payload(sequence, length);
    }

    @Test
    void writeListAndLoad()
    {
        final SnapshotStore store = open(10);
        assertTrue(store.loadLatest().isEmpty());
        assertTrue(store.list().isEmpty());

        store.write(300, new UnsafeBuffer(content(300, 100_000)), 0, 100_000);
        final UnsafeBuffer offsetBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(2_000));
        offsetBuffer.putBytes(17, content(100, 1_000));
        store.write(100, offsetBuffer, 17, 1_000);
        store.write(200, new UnsafeBuffer(new byte[0]), 0, 0);

        final List<SnapshotInfo> listed = store.list();
        assertEquals(List.of(100L, 200L, 300L), listed.stream().map(SnapshotInfo::sequence).toList());
        assertEquals(40 + 1_000, listed.get(0).sizeBytes());

        final Snapshot latest = store.loadLatest().orElseThrow();
        assertEquals(300, latest.sequence());
        assertArrayEquals(content(300, 100_000), bytes(latest));

        assertEquals(200, store.loadAtOrBefore(299).orElseThrow().sequence());
        assertEquals(0, store.loadAtOrBefore(200).orElseThrow().data().capacity());
        final Snapshot first = store.loadAtOrBefore(150).orElseThrow();
        assertEquals(100, first.sequence());
        assertArrayEquals(content(100, 1_000), bytes(first));
        assertTrue(store.loadAtOrBefore(99).isEmpty());
        assertTrue(damage.isEmpty(), damage::toString);

        assertEquals(300, SnapshotStore.open(dir).loadLatest().orElseThrow().sequence(), "survives reopen");
    }

    @Test
    void retentionKeepsTheNewest()
    {
        final SnapshotStore store = open(2);
        for (long sequence = 10; sequence <= 50; sequence += 10)
        {
            store.write(sequence, new UnsafeBuffer(content(sequence, 64)), 0, 64);
        }
        assertEquals(List.of(40L, 50L), store.list().stream().map(SnapshotInfo::sequence).toList());
        assertEquals(SnapshotStore.Context.RETAIN_DEFAULT, new SnapshotStore.Context().retain());
    }

    @Test
    void corruptNewestSnapshotIsReportedAndTheOlderOneLoaded() throws Exception
    {
        final SnapshotStore store = open(3);
        store.write(10, new UnsafeBuffer(content(10, 5_000)), 0, 5_000);
        store.write(20, new UnsafeBuffer(content(20, 5_000)), 0, 5_000);
        final Path newest = store.list().get(1).path();
        try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw"))
        {
            file.seek(40 + 1234);
            final int b = file.read();
            file.seek(40 + 1234);
            file.write(b ^ 0x10);
        }

        final Optional<Snapshot> loaded = store.loadLatest();
        assertEquals(10, loaded.orElseThrow().sequence());
        assertArrayEquals(content(10, 5_000), bytes(loaded.get()));
        assertEquals(1, damage.size());
        assertTrue(damage.get(0).contains(newest.getFileName().toString()) && damage.get(0).contains("CRC32C"),
            damage::toString);

        damage.clear();
        try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw"))
        {
            file.setLength(20);
        }
        assertEquals(10, store.loadAtOrBefore(25).orElseThrow().sequence());
        assertTrue(damage.get(0).contains("shorter than its header"), damage::toString);
    }

    @Test
    void interruptedWriteLeavesOnlyATempFileThatIsRemovedOnOpen() throws Exception
    {
        final SnapshotStore store = open(3);
        store.write(10, new UnsafeBuffer(content(10, 100)), 0, 100);
        final Path temp = dir.resolve(SnapshotStore.fileName(20) + SnapshotStore.TEMP_SUFFIX);
        Files.write(temp, new byte[] { 9, 9, 9 });

        final SnapshotStore reopened = open(3);
        assertFalse(Files.exists(temp));
        assertEquals(1, damage.size());
        assertEquals(10, reopened.loadLatest().orElseThrow().sequence());
    }

    private static byte[] bytes(final Snapshot snapshot)
    {
        final byte[] copy = new byte[snapshot.data().capacity()];
        snapshot.data().getBytes(0, copy);
        return copy;
    }
}
