package io.tradingcore.benchmarks;

import io.tradingcore.journal.FlushPolicy;
import io.tradingcore.journal.Journal;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * The baseline for the pipeline: how fast Chronicle Queue itself appends the journaller's exact
 * bytes (stamp + MarketTick, one document each) from one thread into a fresh queue, with the roll
 * cycle and sync mode our input journal uses. Beside it, the same bytes through our
 * {@link Journal#append}, which adds a 32-byte frame with sequence, length, CRC32C and the hash chain; and the raw
 * append with a second thread tailing the queue.
 */
final class ChronicleAppendRate
{
    private final EncodedTicks ticks;

    ChronicleAppendRate(final EncodedTicks ticks)
    {
        this.ticks = ticks;
    }

    TrialResult rawQueue()
    {
        final Path directory = TempDirectory.create("raw-queue");
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(RollCycles.FAST_DAILY)
            .build();
            ExcerptAppender appender = queue.createAppender())
        {
            final long address = ticks.address();
            final int count = ticks.count();
            final long start = System.nanoTime();
            for (int i = 0; i < count; i++)
            {
                try (DocumentContext document = appender.writingDocument())
                {
                    document.wire().bytes().unsafeWrite(address + EncodedTicks.offset(i), EncodedTicks.ENTRY_LENGTH);
                }
            }
            return new TrialResult(count, System.nanoTime() - start);
        }
        finally
        {
            TempDirectory.delete(directory);
        }
    }

    /**
     * The same appends with a second thread tailing the queue as they are written, as the pipeline's readers do;
     * the clock stops when the tailer has read the last one.
     */
    TrialResult rawQueueWithTailer() throws InterruptedException
    {
        final Path directory = TempDirectory.create("raw-queue-tail");
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(RollCycles.FAST_DAILY)
            .build();
            ExcerptAppender appender = queue.createAppender())
        {
            final long address = ticks.address();
            final int count = ticks.count();
            final long[] checksum = new long[1];
            final Thread tailer = new Thread(() ->
            {
                try (ExcerptTailer reader = queue.createTailer())
                {
                    int read = 0;
                    while (read < count)
                    {
                        try (DocumentContext document = reader.readingDocument())
                        {
                            if (document.isPresent())
                            {
                                checksum[0] += document.wire().bytes().readLong();
                                read++;
                            }
                            else
                            {
                                Thread.onSpinWait();
                            }
                        }
                    }
                }
            }, "raw-queue-tailer");
            final long start = System.nanoTime();
            tailer.start();
            for (int i = 0; i < count; i++)
            {
                try (DocumentContext document = appender.writingDocument())
                {
                    document.wire().bytes().unsafeWrite(address + EncodedTicks.offset(i), EncodedTicks.ENTRY_LENGTH);
                }
            }
            tailer.join();
            return new TrialResult(count, System.nanoTime() - start, String.format("tailer read %,d (stamp sum %d)",
                count, checksum[0]));
        }
        finally
        {
            TempDirectory.delete(directory);
        }
    }

    TrialResult journal()
    {
        final Path directory = TempDirectory.create("journal");
        try (Journal journal = Journal.open(new Journal.Context()
            .directory(directory)
            .flushPolicy(FlushPolicy.NONE)
            .rollCycle("FAST_DAILY")))
        {
            final UnsafeBuffer buffer = ticks.buffer();
            final int count = ticks.count();
            final long start = System.nanoTime();
            for (int i = 0; i < count; i++)
            {
                journal.append(buffer, EncodedTicks.offset(i), EncodedTicks.ENTRY_LENGTH);
            }
            return new TrialResult(count, System.nanoTime() - start);
        }
        finally
        {
            TempDirectory.delete(directory);
        }
    }
}
