package io.tradingcore.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The running hash chain: it continues across reopen, roll cycles and tail repair, and it finds edits of the files,
 * including one whose CRC was recomputed so that only the chain can tell.
 */
class HashChainTest
{
    @TempDir
    Path dir;

    private final List<String> damage = new CopyOnWriteArrayList<>();

    private Journal.Context context()
    {
        return new Journal.Context().directory(dir).damageListener(damage::add);
    }

    @Test
    void xxh64MatchesTheReferenceLibrary()
    {
        // Expected values from libxxhash 0.8.1's XXH64(data, length, seed).
        assertEquals(0xef46db3751d8e999L, xxh64(new byte[0], 0));
        assertEquals(0x44bc2cf5ad770999L, xxh64("abc".getBytes(StandardCharsets.US_ASCII), 0));
        assertEquals(0xfbcea83c8a378bf1L,
            xxh64("Nobody inspects the spammish repetition".getBytes(StandardCharsets.US_ASCII), 0));
        assertEquals(0xf7c67301db6713f0L, xxh64(counting(64), 0));
        assertEquals(0x5ef63339845139feL, xxh64(counting(64), 0x123456789abcdef0L));
        assertEquals(0x68c99975ef4cd258L, xxh64(counting(101), 0xfedcba9876543210L));
        assertEquals(0x8778b28063fb3b84L, xxh64(counting(13), 7));
    }

    @Test
    void xxh64GivesTheSameValuesOverDirectMemoryAtAnOffsetAndRefusesBytesOutsideTheBuffer()
    {
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(128));
        final int offset = 7;
        direct.putBytes(offset, counting(101));
        assertEquals(0x68c99975ef4cd258L, HashChain.xxh64(0xfedcba9876543210L, direct, offset, 101));
        assertEquals(0x8778b28063fb3b84L, HashChain.xxh64(7, direct, offset, 13));
        assertThrows(IndexOutOfBoundsException.class, () -> HashChain.xxh64(0, direct, 100, 29));
        assertThrows(IndexOutOfBoundsException.class,
            () -> HashChain.xxh64(0, new UnsafeBuffer(new byte[16]), 0, 17));
    }

    @Test
    void chainContinuesAcrossReopenAndRollCycles()
    {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_700_000_000_000L);
        long expectedChain = HashChain.SEED;
        long sequence = 0;
        for (int run = 0; run < 3; run++)
        {
            try (Journal journal = Journal.open(context().rollCycle("TEST_SECONDLY").epochClock(clock)))
            {
                assertEquals(expectedChain, journal.chainHead(), "chain recovered on open, run " + run);
                for (int cycle = 0; cycle < 3; cycle++)
                {
                    for (int i = 0; i < 10; i++)
                    {
                        sequence++;
                        final int length = 8 + i * 7;
                        assertEquals(sequence, journal.append(TestPayloads.buffer(sequence, length), 0, length));
                        expectedChain = next(expectedChain, sequence, TestPayloads.payload(sequence, length));
                        assertEquals(expectedChain, journal.chainHead());
                    }
                    clock.advance(1_000);
                }
            }
        }
        try (Journal journal = Journal.open(context().rollCycle("TEST_SECONDLY").epochClock(clock).readOnly(true)))
        {
            final ChainCheck check = journal.verifyChain();
            assertTrue(check.intact(), check::toString);
            assertEquals(90, check.entries());
            assertEquals(90, check.headSequence());
            assertEquals(expectedChain, check.head());
            assertEquals(expectedChain, journal.chainHead());
            assertEquals(HashChain.hex(expectedChain), check.headHex());
        }
        assertEquals(9, TestPayloads.cycleFiles(dir).size(), "one file per roll cycle");
        assertTrue(damage.isEmpty(), damage::toString);
    }

    @Test
    void chainContinuesFromTheLastKeptEntryAfterTailRepair() throws Exception
    {
        long expectedChain = HashChain.SEED;
        try (Journal journal = Journal.open(context()))
        {
            for (int i = 1; i <= 20; i++)
            {
                journal.append(TestPayloads.buffer(i, 200), 0, 200);
                if (i < 20)
                {
                    expectedChain = next(expectedChain, i, TestPayloads.payload(i, 200));
                }
            }
        }
        CrashRecoveryTest.flipByteInside(dir, TestPayloads.payload(20, 200), 50, (byte)0xFF);

        try (Journal journal = Journal.open(context()))
        {
            assertEquals(19, journal.lastSequence());
            assertEquals(expectedChain, journal.chainHead(), "chain of entry 19, the last kept");
            final ChainCheck damaged = journal.verifyChain();
            assertEquals(20, damaged.firstBroken(), damaged::toString);
            assertTrue(damaged.problem().contains("checksum"), damaged::toString);
            assertEquals(expectedChain, damaged.head());

            assertEquals(20, journal.append(TestPayloads.buffer(2020, 200), 0, 200));
            assertEquals(21, journal.append(TestPayloads.buffer(21, 200), 0, 200));
            expectedChain = next(expectedChain, 20, TestPayloads.payload(2020, 200));
            expectedChain = next(expectedChain, 21, TestPayloads.payload(21, 200));
            assertEquals(expectedChain, journal.chainHead());

            final ChainCheck repaired = journal.verifyChain();
            assertTrue(repaired.intact(), repaired::toString);
            assertEquals(21, repaired.entries());
            assertEquals(expectedChain, repaired.head());
        }
    }

    @Test
    void chainContinuesPastAnEmptyHeaderFilledByTailRepair() throws Exception
    {
        long expectedChain = HashChain.SEED;
        try (Journal journal = Journal.open(context()))
        {
            for (int i = 1; i <= 10; i++)
            {
                journal.append(TestPayloads.buffer(i, 100), 0, 100);
                if (i < 10)
                {
                    expectedChain = next(expectedChain, i, TestPayloads.payload(i, 100));
                }
            }
        }
        CrashRecoveryTest.zeroBytes(dir, TestPayloads.payload(10, 100), -4 - EntryFrame.HEADER_LENGTH, 4);
        try (Journal journal = Journal.open(context()))
        {
            assertTrue(journal.openReport().damage().get(0).contains("is empty"), journal.openReport()::toString);
            assertEquals(expectedChain, journal.chainHead());
            assertEquals(10, journal.append(TestPayloads.buffer(10, 100), 0, 100));
            expectedChain = next(expectedChain, 10, TestPayloads.payload(10, 100));
        }
        try (Journal journal = Journal.open(context().readOnly(true)))
        {
            final ChainCheck check = journal.verifyChain();
            assertTrue(check.intact(), check::toString);
            assertEquals(10, check.headSequence());
            assertEquals(expectedChain, check.head());
        }
    }

    @Test
    void afterRetentionTheCheckStartsFromTheFirstRetainedEntry()
    {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_700_000_000_000L);
        long expectedChain = HashChain.SEED;
        try (Journal journal = Journal.open(context().rollCycle("TEST_SECONDLY").epochClock(clock)))
        {
            for (int sequence = 1; sequence <= 30; sequence++)
            {
                journal.append(TestPayloads.buffer(sequence, 24), 0, 24);
                expectedChain = next(expectedChain, sequence, TestPayloads.payload(sequence, 24));
                if (sequence % 10 == 0)
                {
                    clock.advance(1_000);
                }
            }
            assertEquals(2, journal.retainFrom(25));
            final ChainCheck check = journal.verifyChain();
            assertTrue(check.intact(), check::toString);
            assertEquals(10, check.entries(), "entries 21..30");
            assertEquals(30, check.headSequence());
            assertEquals(expectedChain, check.head());
        }
    }

    @Test
    void anEditWithItsChecksumRecomputedIsFoundOnlyByTheChain() throws Exception
    {
        appendEntries(30, 64);
        final long intactHead;
        try (Journal journal = Journal.open(context().readOnly(true)))
        {
            intactHead = journal.verifyChain().head();
        }
        editInPlaceWithValidChecksum(TestPayloads.payload(12, 64), 5);

        try (Journal journal = Journal.open(context().readOnly(true)); JournalReader reader = journal.reader())
        {
            assertTrue(journal.openReport().clean(), journal.openReport()::toString);
            final JournalTest.Recorder recorder = new JournalTest.Recorder();
            assertEquals(30, reader.poll(recorder, 100), "the CRC is valid, so every entry is delivered");
            assertEquals(TestPayloads.payload(12, 64)[5] ^ 0x40, recorder.payloads.get(11)[5], "the edit reads back");
            assertTrue(damage.isEmpty(), damage::toString);

            final ChainCheck check = journal.verifyChain();
            assertFalse(check.intact());
            assertEquals(12, check.firstBroken(), check::toString);
            assertEquals(11, check.entries());
            assertEquals(11, check.headSequence());
            assertTrue(check.problem().contains("does not follow"), check::toString);
            assertNotEquals(intactHead, check.head());
        }
    }

    @Test
    void aFlippedPayloadByteIsReportedAtThatEntry() throws Exception
    {
        appendEntries(30, 64);
        CrashRecoveryTest.flipByteInside(dir, TestPayloads.payload(17, 64), 33, (byte)0x01);
        try (Journal journal = Journal.open(context().readOnly(true)))
        {
            final ChainCheck check = journal.verifyChain();
            assertEquals(17, check.firstBroken(), check::toString);
            assertEquals(16, check.headSequence());
            assertTrue(check.problem().contains("CRC32C checksum mismatch"), check::toString);
        }
    }

    @Test
    void entriesWrittenBeforeTheChainStayReadableAndTheChainStartsAfterThem()
    {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(RollCycles.FAST_DAILY).build();
            ExcerptAppender appender = queue.createAppender())
        {
            for (int sequence = 1; sequence <= 3; sequence++)
            {
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(legacyFrame(sequence, TestPayloads.payload(sequence, 40)));
                }
            }
        }
        long expectedChain = HashChain.SEED;
        try (Journal journal = Journal.open(context()))
        {
            assertEquals(3, journal.lastSequence());
            assertEquals(HashChain.SEED, journal.chainHead());
            for (int sequence = 4; sequence <= 6; sequence++)
            {
                assertEquals(sequence, journal.append(TestPayloads.buffer(sequence, 40), 0, 40));
                expectedChain = next(expectedChain, sequence, TestPayloads.payload(sequence, 40));
            }
            try (JournalReader reader = journal.reader())
            {
                final JournalTest.Recorder recorder = new JournalTest.Recorder();
                assertEquals(6, reader.poll(recorder, 100));
                for (int i = 0; i < 6; i++)
                {
                    assertEquals(i + 1, recorder.sequences.get(i));
                    assertArrayEquals(TestPayloads.payload(i + 1, 40), recorder.payloads.get(i));
                }
            }
            final ChainCheck check = journal.verifyChain();
            assertTrue(check.intact(), check::toString);
            assertEquals(6, check.entries());
            assertEquals(expectedChain, check.head());
        }
        assertTrue(damage.isEmpty(), damage::toString);
    }

    private void appendEntries(final int count, final int length)
    {
        try (Journal journal = Journal.open(context()))
        {
            for (int i = 1; i <= count; i++)
            {
                journal.append(TestPayloads.buffer(i, length), 0, length);
            }
        }
    }

    /**
     * Change one payload byte and write a CRC32C that matches the changed frame, as a deliberate editor would.
     */
    private void editInPlaceWithValidChecksum(final byte[] payload, final int offset) throws Exception
    {
        final List<Path> files = TestPayloads.cycleFiles(dir);
        assertEquals(1, files.size());
        try (RandomAccessFile file = new RandomAccessFile(files.get(0).toFile(), "rw"))
        {
            final byte[] content = new byte[(int)file.length()];
            file.readFully(content);
            final int at = CrashRecoveryTest.indexOf(content, payload);
            assertTrue(at > 0, "payload found");
            content[at + offset] ^= 0x40;
            final int frame = at - EntryFrame.HEADER_LENGTH;
            final CRC32C crc = new CRC32C();
            crc.update(content, frame, EntryFrame.CRC_OFFSET);
            crc.update(content, frame + EntryFrame.RESERVED_OFFSET,
                at + payload.length - frame - EntryFrame.RESERVED_OFFSET);
            ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(frame + EntryFrame.CRC_OFFSET, (int)crc.getValue());
            file.seek(frame);
            file.write(content, frame, at + payload.length - frame);
        }
    }

    /**
     * A frame as the journal wrote it before the hash chain: flags 0, 24-byte header.
     */
    private static byte[] legacyFrame(final long sequence, final byte[] payload)
    {
        final int headerLength = EntryFrame.BASE_HEADER_LENGTH;
        final ByteBuffer frame = ByteBuffer.allocate(headerLength + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.put(0, (byte)1).put(1, (byte)0).putShort(2, (short)headerLength).putInt(4, payload.length)
            .putLong(8, sequence).putInt(16, 0).putInt(20, 0).put(headerLength, payload);
        final CRC32C crc = new CRC32C();
        crc.update(frame.array(), 0, EntryFrame.CRC_OFFSET);
        crc.update(frame.array(), EntryFrame.RESERVED_OFFSET, frame.capacity() - EntryFrame.RESERVED_OFFSET);
        frame.putInt(EntryFrame.CRC_OFFSET, (int)crc.getValue());
        return frame.array();
    }

    private static long next(final long previous, final long sequence, final byte[] payload)
    {
        return HashChain.next(previous, sequence, new UnsafeBuffer(payload), 0, payload.length);
    }

    private static long xxh64(final byte[] data, final long seed)
    {
        return HashChain.xxh64(seed, new UnsafeBuffer(data), 0, data.length);
    }

    private static byte[] counting(final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)i;
        }
        return bytes;
    }
}
