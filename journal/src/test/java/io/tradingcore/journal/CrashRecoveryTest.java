package io.tradingcore.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.threads.Pauser;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal after a writer died (SIGKILL from a real child JVM) and after its tail bytes were damaged.
 */
class CrashRecoveryTest
{
    @TempDir
    Path temp;

    private final List<String> damage = new CopyOnWriteArrayList<>();

    private Journal.Context context(final Path dir)
    {
        return new Journal.Context().directory(dir).damageListener(damage::add);
    }

    @Test
    void writerKilledWhileAppendingLeavesEveryEntryIntactAndAppendsContinue() throws Exception
    {
        final Path dir = temp.resolve("journal");
        long lastKnown = 0;
        for (int round = 0; round < 2; round++)
        {
            final Process child = ChildWriter.start("loop", dir);
            try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
            {
                final String start = out.readLine();
                assertEquals("START " + lastKnown, start,
                    () -> "child resumes after the last entry; its stderr: " + childErrors(dir));
                long appended = 0;
                String line;
                while (appended < lastKnown + 1_000 && (line = out.readLine()) != null)
                {
                    appended = Long.parseLong(line.substring("APPENDED ".length()));
                }

                // Another process follows the live journal read-only while the child appends, and after it dies.
                try (Journal follower = Journal.open(context(dir).readOnly(true));
                    JournalReader reader = follower.reader())
                {
                    final EntryChecker checker = new EntryChecker(1);
                    while (checker.next <= lastKnown + 2_000)
                    {
                        if (reader.poll(checker, 1_000) == 0)
                        {
                            Thread.sleep(1);
                        }
                    }
                    while (appended < lastKnown + 3_000 && (line = out.readLine()) != null)
                    {
                        appended = Long.parseLong(line.substring("APPENDED ".length()));
                    }
                    assertTrue(appended >= lastKnown + 3_000, "child appended " + appended);
                    child.destroyForcibly();
                    // Reap it, so its pid is gone from /proc as it would be under a supervisor.
                    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                    while (reader.poll(checker, 10_000) > 0)
                    {
                        assertTrue(checker.next <= follower.lastSequence() + 1);
                    }
                    assertTrue(checker.next > appended, "the follower read everything the child appended");
                    assertEquals(follower.lastSequence() + 1, checker.next);
                }
                lastKnown = appended;
            }

            final long openStart = System.nanoTime();
            try (Journal journal = Journal.open(context(dir)))
            {
                final long openMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openStart);
                assertTrue(openMs < 5_000, "open took " + openMs + " ms");
                final long last = journal.lastSequence();
                assertTrue(last >= lastKnown, "last " + last + " >= reported " + lastKnown);
                assertEquals(last, journal.openReport().lastSequence());
                assertEquals(0, journal.openReport().damagedEntries(), journal.openReport()::toString);

                verifyEveryEntry(journal, last);

                final long next = journal.append(TestPayloads.buffer(last + 1, ChildWriter.payloadLength(last + 1)), 0,
                    ChildWriter.payloadLength(last + 1));
                assertEquals(last + 1, next);
                lastKnown = next;
            }
            try (Journal journal = Journal.open(context(dir)))
            {
                assertEquals(lastKnown, journal.lastSequence());
                verifyEveryEntry(journal, lastKnown);
            }
        }
        assertTrue(damage.stream().noneMatch((d) -> d.contains("damaged")), damage::toString);
    }

    @Test
    void writerKilledInsideADocumentHoldingTheWriteLockIsRecoveredQuickly() throws Exception
    {
        final Path dir = temp.resolve("journal");
        final Process child = ChildWriter.start("midwrite", dir);
        try (BufferedReader out =
            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
        {
            assertEquals("READY", out.readLine());
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));

        final long openStart = System.nanoTime();
        try (Journal journal = Journal.open(context(dir)))
        {
            final long appendStart = System.nanoTime();
            assertEquals(11, journal.append(TestPayloads.buffer(11, ChildWriter.payloadLength(11)), 0,
                ChildWriter.payloadLength(11)));
            final long openMs = TimeUnit.NANOSECONDS.toMillis(appendStart - openStart);
            final long appendMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appendStart);
            assertTrue(openMs < 5_000 && appendMs < 5_000, "open " + openMs + " ms, first append " + appendMs + " ms");

            final JournalOpenReport report = journal.openReport();
            assertEquals(10, report.lastSequence());
            assertFalse(report.clean());
            assertTrue(report.damage().get(0).contains("died while appending"), report::toString);
            assertEquals(report.damage(), damage, "reported to the listener exactly once");
            verifyEveryEntry(journal, 11);
        }
    }

    @Test
    void staleWriteLockHeldByALivePidIsClearedWithoutChroniclesLongWait()
    {
        // A reused pid (container restart) or an unreaped zombie looks alive to Chronicle; this process stands in.
        final Path dir = temp.resolve("journal");
        try (Journal journal = Journal.open(context(dir)))
        {
            journal.append(TestPayloads.buffer(1, 10), 0, 10);
        }
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).build())
        {
            final TableStoreWriteLock lock = new TableStoreWriteLock(queue.metaStore(), Pauser::balanced, 1_000L);
            lock.lock();
            assertTrue(lock.locked());
        }

        final long start = System.nanoTime();
        try (Journal journal = Journal.open(context(dir)))
        {
            assertEquals(2, journal.append(TestPayloads.buffer(2, 10), 0, 10));
            final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms < 5_000, "took " + ms + " ms");
            assertTrue(journal.openReport().damage().get(0).contains("reused pid"), journal.openReport()::toString);
        }
    }

    @Test
    void writerKilledWhileCreatingACycleFileCostsNoWaitAndLosesNothing() throws Exception
    {
        // A writer killed between creating the next cycle's file and writing its first header leaves a file of
        // zeros: Chronicle waits its timeout (10 s) for that header on every look at the cycle, so each open took
        // some 30 s and a core restarted within that time never got going (the core's SIGKILL test saw it).
        final Path dir = temp.resolve("journal");
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_700_000_000_000L);
        try (Journal journal = Journal.open(context(dir).rollCycle("TEST_SECONDLY").epochClock(clock)))
        {
            for (int i = 1; i <= 5; i++)
            {
                journal.append(TestPayloads.buffer(i, ChildWriter.payloadLength(i)), 0, ChildWriter.payloadLength(i));
            }
        }
        clock.advance(1_000);
        final Path unfinished = createCycleFileWithoutItsFirstHeader(dir, clock);

        final long readStart = System.nanoTime();
        try (Journal journal = Journal.open(context(dir).rollCycle("TEST_SECONDLY").epochClock(clock).readOnly(true)))
        {
            assertEquals(5, journal.lastSequence());
            assertTrue(journal.openReport().damage().get(0).contains("unfinished"), journal.openReport()::toString);
        }
        final long readMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - readStart);
        assertTrue(readMs < 3_000, "read-only open took " + readMs + " ms");
        assertTrue(Files.exists(unfinished), "a read-only open leaves the directory as it is");

        damage.clear();
        final long start = System.nanoTime();
        try (Journal journal = Journal.open(context(dir).rollCycle("TEST_SECONDLY").epochClock(clock)))
        {
            assertEquals(5, journal.lastSequence());
            assertEquals(6, journal.append(TestPayloads.buffer(6, ChildWriter.payloadLength(6)), 0,
                ChildWriter.payloadLength(6)));
            final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms < 3_000, "open and first append took " + ms + " ms");
            assertTrue(damage.get(0).contains("unfinished"), damage::toString);
            verifyEveryEntry(journal, 6);
        }
        assertTrue(Files.exists(unfinished.resolveSibling(unfinished.getFileName() + ".unfinished")),
            "the unfinished file is set aside, not deleted");
    }

    /**
     * What the killed writer left: Chronicle created the clock's cycle file and listed it, and the file's first
     * header (Chronicle's metadata, written before any entry) never got its bytes.
     */
    private static Path createCycleFileWithoutItsFirstHeader(final Path dir, final CachedEpochClock clock)
        throws Exception
    {
        final Path file;
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(TestRollCycles.TEST_SECONDLY).timeProvider(clock::time).build())
        {
            final SingleChronicleQueueStore store = queue.storeForCycle(queue.cycle(), queue.epoch(), true, null);
            file = store.file().toPath();
            queue.closeStore(store);
        }
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw"))
        {
            raw.writeLong(0L);
        }
        return file;
    }

    @Test
    void corruptedLastEntryIsReportedNeverDeliveredAndItsSequenceIsReused() throws Exception
    {
        final Path dir = temp.resolve("journal");
        try (Journal journal = Journal.open(context(dir)))
        {
            for (int i = 1; i <= 20; i++)
            {
                journal.append(TestPayloads.buffer(i, 200), 0, 200);
            }
        }
        flipByteInside(dir, TestPayloads.payload(20, 200), 50);

        try (Journal journal = Journal.open(context(dir)))
        {
            final JournalOpenReport report = journal.openReport();
            assertEquals(19, report.lastSequence(), report::toString);
            assertEquals(19, journal.lastSequence());
            assertEquals(1, report.damagedEntries());
            assertEquals(19, report.entriesKept());
            assertTrue(report.damage().get(0).contains("CRC32C checksum mismatch"), report::toString);
            assertTrue(report.damage().stream().anyMatch((d) -> d.contains("appends continue at sequence 20")),
                report::toString);
            assertEquals(report.damage(), damage);
            damage.clear();

            try (JournalReader reader = journal.reader())
            {
                final JournalTest.Recorder recorder = new JournalTest.Recorder();
                assertEquals(19, reader.poll(recorder, 100));
                assertEquals(0, reader.poll(recorder, 100));
                assertEquals(19L, recorder.sequences.get(18));
                assertEquals(1, damage.size(), "the reader reports the damaged entry it steps over");

                assertEquals(20, journal.append(TestPayloads.buffer(2020, 200), 0, 200));
                assertEquals(1, reader.poll(recorder, 100));
                assertEquals(20L, recorder.sequences.get(19));
                assertArrayEquals(TestPayloads.payload(2020, 200), recorder.payloads.get(19));

                assertEquals(21, journal.append(TestPayloads.buffer(21, 200), 0, 200));
                for (long s = 1; s <= 21; s++)
                {
                    assertTrue(reader.seek(s), "seek " + s);
                    recorder.clear();
                    assertEquals(1, reader.poll(recorder, 1));
                    assertEquals(s, recorder.sequences.get(0));
                }
            }
        }
    }

    @Test
    void corruptedSequenceFieldIsCaughtByTheChecksum() throws Exception
    {
        final Path dir = temp.resolve("journal");
        try (Journal journal = Journal.open(context(dir)))
        {
            for (int i = 1; i <= 5; i++)
            {
                journal.append(TestPayloads.buffer(i, 64), 0, 64);
            }
        }
        // The sequence field sits header length - 8 bytes before the payload; turn 5 into 6.
        flipByteInside(dir, TestPayloads.payload(5, 64), EntryFrame.SEQUENCE_OFFSET - EntryFrame.HEADER_LENGTH,
            (byte)0x03);
        try (Journal journal = Journal.open(context(dir)))
        {
            assertEquals(4, journal.lastSequence());
            assertTrue(journal.openReport().damage().get(0).contains("checksum"), journal.openReport()::toString);
        }
    }

    @Test
    void lastEntryCutOffOrNeverWrittenToDiskIsReportedAndAppendsStayVisible() throws Exception
    {
        for (final int zeroedBytes : new int[] { 4, 4 + EntryFrame.HEADER_LENGTH + 200 })
        {
            damage.clear();
            final Path dir = temp.resolve("journal-" + zeroedBytes);
            try (Journal journal = Journal.open(context(dir)))
            {
                for (int i = 1; i <= 20; i++)
                {
                    journal.append(TestPayloads.buffer(i, 200), 0, 200);
                }
            }
            // Zero the Chronicle header (4 bytes before our frame header) and maybe the whole entry.
            zeroBytes(dir, TestPayloads.payload(20, 200), -4 - EntryFrame.HEADER_LENGTH, zeroedBytes);

            try (Journal journal = Journal.open(context(dir)); JournalReader reader = journal.reader())
            {
                final JournalOpenReport report = journal.openReport();
                assertEquals(19, report.lastSequence(), report::toString);
                assertTrue(report.damage().get(0).contains("is empty"), report::toString);
                assertEquals(20, journal.append(TestPayloads.buffer(20, 200), 0, 200));
                assertEquals(21, journal.append(TestPayloads.buffer(21, 200), 0, 200));
                final JournalTest.Recorder recorder = new JournalTest.Recorder();
                assertEquals(21, reader.poll(recorder, 100), "entries after the repaired slot are visible");
                assertEquals(21L, recorder.sequences.get(20));
                assertTrue(reader.seek(21));
            }
            try (Journal journal = Journal.open(context(dir)))
            {
                assertEquals(21, journal.lastSequence());
                assertTrue(journal.openReport().clean(), journal.openReport()::toString);
            }
        }
    }

    static void zeroBytes(final Path dir, final byte[] payload, final int offset, final int count) throws Exception
    {
        final List<Path> files = TestPayloads.cycleFiles(dir);
        assertEquals(1, files.size());
        try (RandomAccessFile file = new RandomAccessFile(files.get(0).toFile(), "rw"))
        {
            final byte[] content = new byte[(int)Math.min(file.length(), 4 * 1024 * 1024)];
            file.readFully(content);
            final int at = indexOf(content, payload);
            assertTrue(at > 0, "payload found in " + files.get(0));
            file.seek(at + offset);
            file.write(new byte[count]);
        }
    }

    private static String childErrors(final Path dir)
    {
        try
        {
            return Files.readString(dir.resolveSibling("child-stderr.log"));
        }
        catch (final java.io.IOException ex)
        {
            return ex.toString();
        }
    }

    private static void verifyEveryEntry(final Journal journal, final long last)
    {
        try (JournalReader reader = journal.reader())
        {
            final EntryChecker checker = new EntryChecker(1);
            while (reader.poll(checker, 10_000) > 0)
            {
                assertTrue(checker.next <= last + 1);
            }
            assertEquals(last + 1, checker.next, "entries 1.." + last + " all delivered");
        }
    }

    /**
     * Checks that entries arrive densely from a given sequence with the content {@link ChildWriter} gives them.
     */
    static final class EntryChecker implements JournalEntryHandler
    {
        long next;
        private final byte[] copy = new byte[512];

        EntryChecker(final long first)
        {
            next = first;
        }

        public void onEntry(
            final long sequence, final org.agrona.DirectBuffer buffer, final int offset, final int length)
        {
            assertEquals(next, sequence);
            assertEquals(ChildWriter.payloadLength(sequence), length, "length of " + sequence);
            buffer.getBytes(offset, copy, 0, length);
            assertArrayEquals(TestPayloads.payload(sequence, length), java.util.Arrays.copyOf(copy, length),
                "payload of " + sequence);
            next++;
        }
    }

    private static void flipByteInside(final Path dir, final byte[] payload, final int offset) throws Exception
    {
        flipByteInside(dir, payload, offset, (byte)0xFF);
    }

    /**
     * Find the payload in the single cycle file and XOR one byte at {@code offset} from its start.
     */
    static void flipByteInside(final Path dir, final byte[] payload, final int offset, final byte mask) throws Exception
    {
        final List<Path> files = TestPayloads.cycleFiles(dir);
        assertEquals(1, files.size());
        try (RandomAccessFile file = new RandomAccessFile(files.get(0).toFile(), "rw"))
        {
            final byte[] content = new byte[(int)Math.min(file.length(), 4 * 1024 * 1024)];
            file.readFully(content);
            final int at = indexOf(content, payload);
            assertTrue(at > 0, "payload found in " + files.get(0));
            file.seek(at + offset);
            final int original = file.read();
            file.seek(at + offset);
            file.write(original ^ (mask & 0xFF));
        }
        assertTrue(Files.exists(dir));
    }

    static int indexOf(final byte[] content, final byte[] pattern)
    {
        outer:
        for (int i = 0; i <= content.length - pattern.length; i++)
        {
            for (int j = 0; j < pattern.length; j++)
            {
                if (content[i + j] != pattern[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
