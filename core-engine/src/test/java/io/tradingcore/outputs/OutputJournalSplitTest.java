package io.tradingcore.outputs;

import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Output batches over an entry's limit are split between messages into consecutive entries of the same input, and
 * read back joined, byte for byte, on a real journal with a small entry limit.
 */
class OutputJournalSplitTest
{
    private static final int MAX_PAYLOAD = 1024;

    @TempDir
    Path dir;

    private record Entry(long inputSequence, byte[] batch)
    {
    }

    private Journal open()
    {
        return Journal.open(new Journal.Context().directory(dir).maxPayloadLength(MAX_PAYLOAD));
    }

    @Test
    void aBatchThatFitsIsOneEntryAsGiven()
    {
        final byte[] batch = batch(new SplittableRandom(1), 5, 20, 60);
        try (Journal journal = open())
        {
            assertEquals(1, new OutputJournalWriter(journal).append(entry(7, batch), 3, 8 + batch.length));
            final List<Entry> entries = entries(journal);
            assertEquals(1, entries.size());
            assertEquals(7, entries.get(0).inputSequence());
            assertArrayEquals(batch, entries.get(0).batch());
        }
    }

    @Test
    void aLargeBatchIsSplitBetweenMessagesAndReadBackWhole()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final byte[] first = batch(random, 400, 20, 120);
        final byte[] second = batch(random, 3, 20, 60);
        final byte[] third = batch(random, 90, 100, 200);
        try (Journal journal = open())
        {
            final OutputJournalWriter writer = new OutputJournalWriter(journal);
            final int firstEntries = writer.append(entry(5, first), 3, 8 + first.length);
            assertEquals(1, writer.append(entry(6, second), 3, 8 + second.length));
            final int thirdEntries = writer.append(entry(9, third), 3, 8 + third.length);
            assertTrue(firstEntries >= first.length / (MAX_PAYLOAD - 8), "split: " + firstEntries);
            assertTrue(thirdEntries > 1, "split: " + thirdEntries);

            final List<Entry> entries = entries(journal);
            assertEquals(firstEntries + 1 + thirdEntries, entries.size());
            final byte[] joined = new byte[first.length];
            int position = 0;
            for (int i = 0; i < firstEntries; i++)
            {
                final Entry entry = entries.get(i);
                assertEquals(5, entry.inputSequence(), "every piece carries the input sequence");
                assertTrue(8 + entry.batch().length <= MAX_PAYLOAD, "piece within the limit");
                final UnsafeBuffer piece = new UnsafeBuffer(entry.batch());
                OutputBatch.forEach(piece, 0, entry.batch().length, (b, o, l) -> { });
                if (i < firstEntries - 1)
                {
                    final int nextFrame = 4 + new UnsafeBuffer(first).getInt(position + entry.batch().length,
                        ByteOrder.LITTLE_ENDIAN);
                    assertTrue(8 + entry.batch().length + nextFrame > MAX_PAYLOAD,
                        "a piece ends only where the next message would not fit");
                }
                System.arraycopy(entry.batch(), 0, joined, position, entry.batch().length);
                position += entry.batch().length;
            }
            assertArrayEquals(first, joined, "the pieces joined are the batch");

            final List<Entry> batches = batches(journal);
            assertEquals(3, batches.size());
            assertEquals(5, batches.get(0).inputSequence());
            assertArrayEquals(first, batches.get(0).batch());
            assertEquals(6, batches.get(1).inputSequence());
            assertArrayEquals(second, batches.get(1).batch());
            assertEquals(9, batches.get(2).inputSequence());
            assertArrayEquals(third, batches.get(2).batch());
        }
    }

    @Test
    void aMessageLongerThanAnEntryIsCutAndJoinedAgain()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final byte[] small = batch(random, 3, 30, 40);
        final byte[] huge = batch(random, 1, 2_500, 2_500);
        final byte[] batch = new byte[small.length + huge.length + small.length];
        System.arraycopy(small, 0, batch, 0, small.length);
        System.arraycopy(huge, 0, batch, small.length, huge.length);
        System.arraycopy(small, 0, batch, small.length + huge.length, small.length);
        try (Journal journal = open())
        {
            final int written = new OutputJournalWriter(journal).append(entry(11, batch), 3, 8 + batch.length);
            final List<Entry> entries = entries(journal);
            assertEquals(written, entries.size());
            assertTrue(written >= 4, "a 2.5 KB message over 1 KB entries: " + written);
            for (final Entry entry : entries)
            {
                assertEquals(11, entry.inputSequence());
                assertTrue(8 + entry.batch().length <= MAX_PAYLOAD);
            }
            final List<Entry> batches = batches(journal);
            assertEquals(1, batches.size());
            assertArrayEquals(batch, batches.get(0).batch());
            assertEquals(7, OutputBatch.forEach(new UnsafeBuffer(batches.get(0).batch()), 0, batch.length,
                (b, o, l) -> { }));
        }
    }

    @Test
    void anEmptyJournalHasNoBatch()
    {
        try (Journal journal = open(); JournalReader reader = journal.reader())
        {
            assertFalse(new OutputJournalReader(reader).poll((s, b, o, l) -> { }));
        }
    }

    @Test
    void aJournalWithNoRoomForOutputsIsRefused()
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(dir).maxPayloadLength(8)))
        {
            assertThrows(IllegalArgumentException.class, () -> new OutputJournalWriter(journal));
        }
    }

    /** {@code count} framed messages of random bytes, each {@code min..max} bytes long. */
    private static byte[] batch(final SplittableRandom random, final int count, final int min, final int max)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        int length = 0;
        for (int i = 0; i < count; i++)
        {
            final int messageLength = random.nextInt(min, max + 1);
            buffer.putInt(length, messageLength, ByteOrder.LITTLE_ENDIAN);
            for (int j = 0; j < messageLength; j++)
            {
                buffer.putByte(length + 4 + j, (byte)random.nextInt(256));
            }
            length += 4 + messageLength;
        }
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    /** The batch laid out as an entry, at offset 3 of the buffer: the input sequence, then the batch. */
    private static UnsafeBuffer entry(final long inputSequence, final byte[] batch)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[3 + 8 + batch.length]);
        buffer.putLong(3, inputSequence, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(3 + 8, batch);
        return buffer;
    }

    private static List<Entry> entries(final Journal journal)
    {
        final List<Entry> entries = new ArrayList<>();
        try (JournalReader reader = journal.reader())
        {
            while (reader.poll((sequence, buffer, offset, length) ->
            {
                final byte[] batch = new byte[length - 8];
                buffer.getBytes(offset + 8, batch);
                entries.add(new Entry(buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN), batch));
            }, 100) > 0)
            {
                // read to the end
            }
        }
        return entries;
    }

    private static List<Entry> batches(final Journal journal)
    {
        final List<Entry> batches = new ArrayList<>();
        try (JournalReader reader = journal.reader())
        {
            final OutputJournalReader batchReader = new OutputJournalReader(reader);
            while (batchReader.poll((inputSequence, buffer, offset, length) ->
            {
                final byte[] batch = new byte[length];
                buffer.getBytes(offset, batch);
                batches.add(new Entry(inputSequence, batch));
            }))
            {
                // read to the end
            }
        }
        return batches;
    }
}
