package io.tradingcore.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkPrefetchTest
{
    private static final int PAYLOAD = 1_000;

    @TempDir
    Path dir;

    /**
     * Chronicle extends the cycle file by a chunk when the appender reaches the end of the one it has mapped; the
     * part of the new chunk past the old one is then in the page cache before the appender gets there. Without the
     * prefetch nothing has touched it: the appender's own faults read around only some megabytes past where it
     * writes (checked: this test fails with the prefetch thread left uninformed).
     */
    @Test
    void theNextChunkIsInThePageCacheBeforeTheAppenderReachesIt() throws Exception
    {
        final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(PAYLOAD));
        try (Journal journal = Journal.open(new Journal.Context().directory(dir)))
        {
            journal.append(payload, 0, PAYLOAD);
            final Path cycleFile = cycleFile();
            final long firstChunkEnd = Files.size(cycleFile);
            while (Files.size(cycleFile) == firstChunkEnd)
            {
                journal.append(payload, 0, PAYLOAD);
            }
            final long secondChunkEnd = Files.size(cycleFile);

            final long deadline = System.nanoTime() + 10_000_000_000L;
            boolean cached = resident(cycleFile, firstChunkEnd, secondChunkEnd);
            while (!cached && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
                cached = resident(cycleFile, firstChunkEnd, secondChunkEnd);
            }
            assertTrue(cached, "bytes " + firstChunkEnd + ".." + secondChunkEnd + " of " + cycleFile.getFileName() +
                " not in the page cache, the appender at " + journal.lastSequence() * (PAYLOAD + 36L));
        }
    }

    @Test
    void anAppendingJournalStopsItsPrefetchThreadOnCloseAndAReadOnlyOneStartsNone()
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(dir)))
        {
            journal.append(new UnsafeBuffer(new byte[8]), 0, 8);
            assertEquals(1, prefetchThreads());
            try (Journal reader = Journal.open(new Journal.Context().directory(dir).readOnly(true)))
            {
                assertEquals(1, reader.lastSequence());
                assertEquals(1, prefetchThreads());
            }
        }
        assertEquals(0, prefetchThreads());
    }

    @Test
    void aJournalOpenedWithoutPrefetchStartsNoThreadAndStillAppends()
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(dir).prefetch(false)))
        {
            assertEquals(1, journal.append(new UnsafeBuffer(new byte[8]), 0, 8));
            assertEquals(0, prefetchThreads());
        }
    }

    private Path cycleFile() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /** {@link MappedByteBuffer#isLoaded()} asks the kernel (mincore) without touching a page. */
    private static boolean resident(final Path file, final long from, final long to) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            return channel.map(FileChannel.MapMode.READ_ONLY, from, to - from).isLoaded();
        }
    }

    private long prefetchThreads()
    {
        final String name = "journal-prefetch-" + dir.getFileName();
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name)).count();
    }
}
