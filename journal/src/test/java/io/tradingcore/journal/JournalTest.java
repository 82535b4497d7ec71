package io.tradingcore.journal;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest
{
    @TempDir
    Path dir;

    private final List<String> damage = new CopyOnWriteArrayList<>();

    private Journal.Context context()
    {
        return new Journal.Context().directory(dir).damageListener(damage::add);
    }

    @Test
    void roundTripsPayloadsOfVariedSizesFromHeapAndDirectBuffers()
    {
        final int[] sizes = { 0, 1, 7, 8, 23, 24, 100, 1000, 4095, 4096, 4097, 32 * 1024, 64 * 1024 - 1, 64 * 1024 };
        final List<byte[]> written = new ArrayList<>();
        try (Journal journal = Journal.open(context()))
        {
            assertEquals(0, journal.lastSequence());
            assertEquals(0, journal.firstSequence());
            for (int i = 0; i < sizes.length; i++)
            {
                final byte[] payload = TestPayloads.payload(i + 1, sizes[i]);
                written.add(payload);
                final UnsafeBuffer buffer = i % 2 == 0 ?
                    new UnsafeBuffer(ByteBuffer.allocateDirect(sizes[i] + 16)) :
                    new UnsafeBuffer(new byte[sizes[i] + 16]);
                buffer.putBytes(5, payload);
                assertEquals(i + 1, journal.append(buffer, 5, payload.length));
            }
            assertEquals(sizes.length, journal.lastSequence());
            assertEquals(1, journal.firstSequence());

            try (JournalReader reader = journal.reader())
            {
                final Recorder recorder = new Recorder();
                assertEquals(sizes.length, reader.poll(recorder, 100));
                assertEquals(sizes.length, recorder.sequences.size());
                for (int i = 0; i < sizes.length; i++)
                {
                    assertEquals(i + 1, recorder.sequences.get(i));
                    assertArrayEquals(written.get(i), recorder.payloads.get(i), "payload " + (i + 1));
                }
                assertEquals(0, reader.poll(recorder, 100));
                assertEquals(sizes.length + 1, reader.nextSequence());
            }
        }
        assertTrue(damage.isEmpty(), damage::toString);
    }

    @Test
    void entriesFromDirectMemoryAreStoredAsEntriesCopiedFromTheHeap()
    {
        assertTrue(Crc32cOfMemory.AVAILABLE, "the tests run with the project's JVM flags: CRC32C over memory works");
        final int[] sizes = { 0, 1, 3, 4, 7, 8, 31, 32, 33, 64, 100, 1000, 4097 };
        final long[] heads = new long[2];
        for (int copy = 0; copy < 2; copy++)
        {
            try (Journal journal = Journal.open(context().directory(dir.resolve("copy" + copy))))
            {
                for (int i = 0; i < sizes.length; i++)
                {
                    final byte[] payload = TestPayloads.payload(i + 7, sizes[i]);
                    final UnsafeBuffer buffer = copy == 0 ?
                        new UnsafeBuffer(ByteBuffer.allocateDirect(sizes[i] + 16)) :
                        new UnsafeBuffer(new byte[sizes[i] + 16]);
                    buffer.putBytes(3, payload);
                    journal.append(buffer, 3, payload.length);
                }
                final ChainCheck check = journal.verifyChain();
                assertTrue(check.intact(), check::toString);
                heads[copy] = journal.chainHead();
                final Recorder recorder = new Recorder();
                try (JournalReader reader = journal.reader())
                {
                    assertEquals(sizes.length, reader.poll(recorder, 100));
                }
                for (int i = 0; i < sizes.length; i++)
                {
                    assertArrayEquals(TestPayloads.payload(i + 7, sizes[i]), recorder.payloads.get(i));
                }
            }
        }
        assertEquals(heads[1], heads[0], "the same chain head from direct and heap memory");
        assertTrue(damage.isEmpty(), damage::toString);
    }

    @Test
    void sequencesStayDenseAcrossReopenAndRollCycles()
    {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_700_000_000_000L);
        long expected = 0;
        for (int run = 0; run < 3; run++)
        {
            try (Journal journal = Journal.open(context().rollCycle("TEST_SECONDLY").epochClock(clock)))
            {
                assertEquals(expected, journal.lastSequence());
                assertTrue(journal.openReport().clean(), journal.openReport()::toString);
                for (int cycle = 0; cycle < 3; cycle++)
                {
                    for (int i = 0; i < 10; i++)
                    {
                        assertEquals(++expected, journal.append(TestPayloads.buffer(expected, 16), 0, 16));
                    }
                    clock.advance(1_000);
                }
            }
        }
        try (Journal journal = Journal.open(context().rollCycle("TEST_SECONDLY").epochClock(clock).readOnly(true));
            JournalReader reader = journal.reader())
        {
            assertEquals(90, journal.lastSequence());
            assertEquals(1, journal.firstSequence());
            assertEquals(90, journal.openReport().entriesKept());
            final Recorder recorder = new Recorder();
            while (reader.poll(recorder, 7) > 0)
            {
                // drain in small batches to cross cycle boundaries mid-poll
            }
            assertEquals(90, recorder.sequences.size());
            for (int i = 0; i < 90; i++)
            {
                assertEquals(i + 1, recorder.sequences.get(i));
                assertArrayEquals(TestPayloads.payload(i + 1, 16), recorder.payloads.get(i));
            }
        }
        assertEquals(9, TestPayloads.cycleFiles(dir).size(), "one file per roll cycle");
    }

    @Test
    void seeksToFirstMiddleLastAndNotBeyondAcrossCycles()
    {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_700_000_000_000L);
        try (Journal journal = Journal.open(context().rollCycle("TEST_SECONDLY").epochClock(clock)))
        {
            long sequence = 0;
            for (int cycle = 0; cycle < 6; cycle++)
            {
                for (int i = 0; i < 25 + cycle; i++)
                {
                    sequence = journal.append(TestPayloads.buffer(sequence + 1, 8 + i), 0, 8 + i);
                }
                clock.advance(1_000 + cycle * 3_000L);
            }
            final long last = journal.lastSequence();
            assertEquals(165, last);

            try (JournalReader reader = journal.reader())
            {
                for (long s = 1; s <= last; s++)
                {
                    assertTrue(reader.seek(s), "seek " + s);
                    assertEquals(s, reader.nextSequence());
                    final Recorder recorder = new Recorder();
                    assertEquals(1, reader.poll(recorder, 1));
                    assertEquals(s, recorder.sequences.get(0));
                    assertArrayEquals(
                        TestPayloads.payloadFor(s, recorder.payloads.get(0).length), recorder.payloads.get(0));
                }

                assertTrue(reader.seek(80));
                assertFalse(reader.seek(last + 1), "beyond last");
                assertFalse(reader.seek(last + 1000));
                assertFalse(reader.seek(0));
                assertFalse(reader.seek(-5));
                assertEquals(80, reader.nextSequence(), "a failed seek leaves the position alone");
                final Recorder recorder = new Recorder();
                assertEquals(3, reader.poll(recorder, 3));
                assertEquals(List.of(80L, 81L, 82L), recorder.sequences);

                assertTrue(reader.seek(1));
                assertTrue(reader.seek(last));
                recorder.clear();
                assertEquals(1, reader.poll(recorder, 10));
                assertEquals(last, recorder.sequences.get(0));
            }
        }
    }

    @Test
    void readerFollowsTheTailLiveAndReadersAreIndependent()
    {
        try (Journal journal = Journal.open(context()))
        {
            final JournalReader first = journal.reader();
            final JournalReader second = journal.reader();
            final Recorder a = new Recorder();
            final Recorder b = new Recorder();
            assertEquals(0, first.poll(a, 10));
            assertEquals(1, first.nextSequence());

            for (int i = 1; i <= 5; i++)
            {
                journal.append(TestPayloads.buffer(i, 10), 0, 10);
            }
            assertEquals(2, first.poll(a, 2));
            assertEquals(5, second.poll(b, 10));
            assertEquals(3, first.poll(a, 10));
            for (int i = 6; i <= 8; i++)
            {
                journal.append(TestPayloads.buffer(i, 10), 0, 10);
            }
            assertEquals(3, first.poll(a, 10));
            assertTrue(second.seek(2));
            assertEquals(7, second.poll(b, 10));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), a.sequences);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), b.sequences);
            first.close();
            second.close();
        }
    }

    @Test
    void resumeAfterWorksWhenCaughtUp()
    {
        try (Journal journal = Journal.open(context()))
        {
            for (int i = 1; i <= 4; i++)
            {
                journal.append(TestPayloads.buffer(i, 4), 0, 4);
            }
            try (JournalReader reader = journal.reader())
            {
                assertTrue(reader.resumeAfter(2));
                final Recorder recorder = new Recorder();
                assertEquals(2, reader.poll(recorder, 10));
                assertEquals(List.of(3L, 4L), recorder.sequences);

                assertTrue(reader.resumeAfter(4), "caught up: wait for the next one");
                assertEquals(5, reader.nextSequence());
                assertEquals(0, reader.poll(recorder, 10));
                journal.append(TestPayloads.buffer(5, 4), 0, 4);
                assertEquals(1, reader.poll(recorder, 10));
                assertEquals(5L, recorder.sequences.get(2));

                assertFalse(reader.resumeAfter(7));
                assertTrue(reader.resumeAfter(0));
                recorder.clear();
                assertEquals(5, reader.poll(recorder, 10));
            }
        }
    }

    @Test
    void aHandlerThatThrowsSeesTheSameEntryAgain()
    {
        try (Journal journal = Journal.open(context()); JournalReader reader = journal.reader())
        {
            journal.append(TestPayloads.buffer(1, 4), 0, 4);
            journal.append(TestPayloads.buffer(2, 4), 0, 4);
            assertThrows(IllegalStateException.class, () -> reader.poll((s, b, o, l) ->
            {
                throw new IllegalStateException("consumer failed on " + s);
            }, 10));
            assertEquals(1, reader.nextSequence());
            final Recorder recorder = new Recorder();
            assertEquals(2, reader.poll(recorder, 10));
            assertEquals(List.of(1L, 2L), recorder.sequences);
        }
    }

    @Test
    void readOnlyJournalFollowsAnotherInstanceThatAppends()
    {
        try (Journal writer = Journal.open(context()))
        {
            writer.append(TestPayloads.buffer(1, 32), 0, 32);
            try (Journal readOnly = Journal.open(new Journal.Context().directory(dir).readOnly(true));
                JournalReader reader = readOnly.reader())
            {
                final Recorder recorder = new Recorder();
                assertEquals(1, reader.poll(recorder, 10));
                for (int i = 2; i <= 50; i++)
                {
                    writer.append(TestPayloads.buffer(i, 32), 0, 32);
                }
                assertEquals(50, readOnly.lastSequence());
                assertEquals(49, reader.poll(recorder, 100));
                assertEquals(50, recorder.sequences.size());
                assertEquals(50L, recorder.sequences.get(49));
                assertThrows(IllegalStateException.class, () -> readOnly.append(TestPayloads.buffer(0, 1), 0, 1));
            }
        }
    }

    @Test
    void onlyOneAppendingJournalPerDirectory()
    {
        try (Journal first = Journal.open(context()))
        {
            assertEquals(1, first.append(TestPayloads.buffer(1, 1), 0, 1));
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> Journal.open(context()));
            assertTrue(ex.getMessage().contains("already open for appending"), ex.getMessage());
        }
        try (Journal again = Journal.open(context()))
        {
            assertEquals(1, again.lastSequence());
        }
    }

    @Test
    void readOnlyOpenOfMissingJournalFailsClearly()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> Journal.open(new Journal.Context().directory(dir.resolve("nothing")).readOnly(true)));
        assertTrue(ex.getMessage().contains("no journal"), ex.getMessage());
    }

    @Test
    void contextValidatesAndReadsSystemProperties()
    {
        assertThrows(IllegalStateException.class, () -> new Journal.Context().conclude());
        assertThrows(IllegalStateException.class,
            () -> new Journal.Context().directory(dir).rollCycle("HOURLYISH").conclude());
        assertThrows(IllegalStateException.class,
            () -> new Journal.Context().directory(dir).maxPayloadLength(-1).conclude());
        System.setProperty(Journal.Context.FLUSH_PROP_NAME, "batch");
        System.setProperty(Journal.Context.ROLL_CYCLE_PROP_NAME, "FAST_HOURLY");
        try
        {
            final Journal.Context ctx = new Journal.Context().directory(dir).conclude();
            assertEquals(FlushPolicy.BATCH, ctx.flushPolicy());
            assertEquals("FAST_HOURLY", ctx.rollCycle());
            assertThrows(IllegalStateException.class, () -> ctx.flushPolicy(FlushPolicy.NONE));
        }
        finally
        {
            System.clearProperty(Journal.Context.FLUSH_PROP_NAME);
            System.clearProperty(Journal.Context.ROLL_CYCLE_PROP_NAME);
        }
        final Journal.Context defaults = new Journal.Context().directory(dir).conclude();
        assertEquals(FlushPolicy.NONE, defaults.flushPolicy());
        assertEquals("FAST_DAILY", defaults.rollCycle());
        assertFalse(defaults.readOnly());
    }

    @Test
    void rejectsOversizedPayloads()
    {
        try (Journal journal = Journal.open(context().maxPayloadLength(100)))
        {
            assertEquals(100, journal.maxPayloadLength(), "the limit a writer splits its records by");
            assertThrows(IllegalArgumentException.class, () -> journal.append(new UnsafeBuffer(new byte[101]), 0, 101));
            assertEquals(1, journal.append(new UnsafeBuffer(new byte[100]), 0, 100));
        }
    }

    static final class Recorder implements JournalEntryHandler
    {
        final List<Long> sequences = new ArrayList<>();
        final List<byte[]> payloads = new ArrayList<>();

        public void onEntry(final long sequence, final DirectBuffer buffer, final int offset, final int length)
        {
            sequences.add(sequence);
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            payloads.add(copy);
        }

        void clear()
        {
            sequences.clear();
            payloads.clear();
        }
    }
}
