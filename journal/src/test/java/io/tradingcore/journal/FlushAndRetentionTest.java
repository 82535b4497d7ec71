package io.tradingcore.journal;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlushAndRetentionTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FlushPolicy.class)
    void everyFlushPolicyAppendsAndReadsBack(final FlushPolicy policy)
    {
        final int entries = 200;
        try (Journal journal = Journal.open(new Journal.Context().directory(dir).flushPolicy(policy)
            .flushBatchEntries(16)))
        {
            for (int i = 1; i <= entries; i++)
            {
                assertEquals(i, journal.append(TestPayloads.buffer(i, 100 + i), 0, 100 + i));
            }
            journal.flush();
        }
        try (Journal journal = Journal.open(new Journal.Context().directory(dir).flushPolicy(policy));
            JournalReader reader = journal.reader())
        {
            assertEquals(entries, journal.lastSequence());
            final JournalTest.Recorder recorder = new JournalTest.Recorder();
            assertEquals(entries, reader.poll(recorder, 1_000));
            for (int i = 1; i <= entries; i++)
            {
                assertArrayEquals(TestPayloads.payload(i, 100 + i), recorder.payloads.get(i - 1));
            }
        }
    }

    @Test
    void retentionDeletesOnlyWholeCyclesBeforeTheSequenceAndReadersSkipAhead()
    {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_700_000_000_000L);
        final Journal.Context ctx = new Journal.Context().directory(dir).rollCycle("TEST_SECONDLY").epochClock(clock);
        try (Journal journal = Journal.open(ctx))
        {
            for (int cycle = 0; cycle < 5; cycle++)
            {
                for (int i = 0; i < 10; i++)
                {
                    journal.append(TestPayloads.buffer(journal.lastSequence() + 1, 8), 0, 8);
                }
                clock.advance(1_000);
            }
            assertEquals(5, TestPayloads.cycleFiles(dir).size());

            assertEquals(0, journal.retainFrom(10), "sequence 10 is in the first cycle: nothing before it is whole");
            assertEquals(2, journal.retainFrom(25), "cycles 1-10 and 11-20 go; 21-30 holds 25");
            assertEquals(3, TestPayloads.cycleFiles(dir).size());
            assertEquals(21, journal.firstSequence());

            try (JournalReader reader = journal.reader())
            {
                assertEquals(21, reader.nextSequence());
                assertFalse(reader.seek(5));
                assertTrue(reader.seek(21));
                final JournalTest.Recorder recorder = new JournalTest.Recorder();
                assertEquals(30, reader.poll(recorder, 100));
                assertEquals(21L, recorder.sequences.get(0));
            }
            assertEquals(2, journal.retainFrom(Long.MAX_VALUE), "the cycle holding the last entry stays");
            assertEquals(41, journal.firstSequence());
        }
        try (Journal journal = Journal.open(ctx))
        {
            assertEquals(41, journal.firstSequence());
            assertEquals(50, journal.lastSequence());
            assertEquals(51, journal.append(TestPayloads.buffer(51, 8), 0, 8), "sequences go on after retention");
            assertEquals(List.of(), journal.openReport().damage());
        }
    }
}
