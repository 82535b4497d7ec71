package io.tradingcore.benchmarks;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.engine.Engine;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Every input a backtest fed its engine, with its engine time stamp, read back once from the
 * backtest's own input journal into memory: the reference data, the strategy's attach, the ticks and
 * the venue's reports, in journal order. Replayed into a fresh engine they are the backtest with the
 * file reading, the journals and the venue taken away, and must end in the backtest's state.
 */
final class JournaledInputs
{
    private static final int STAMP = Long.BYTES;
    private static final int ENTRY_HEADER = 16;

    private final ExpandableDirectByteBuffer inputs = new ExpandableDirectByteBuffer(128 * 1024 * 1024);
    /** The inputs as a plain direct buffer, the type the pipeline and replay hand the engine (see RecordedFlow). */
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private int end;
    private int count;

    /** Reads the input journal of a backtest's folder ({@code OUT/journal/input}). */
    static JournaledInputs read(final Path backtestFolder)
    {
        final JournaledInputs recorded = new JournaledInputs();
        final Path directory = backtestFolder.resolve("journal").resolve("input");
        try (Journal journal = Journal.open(new Journal.Context().directory(directory).readOnly(true));
            JournalReader reader = journal.reader())
        {
            int read;
            do
            {
                read = reader.poll(recorded::add, 4096);
            }
            while (read > 0);
        }
        return recorded;
    }

    private void add(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        final int messageLength = length - STAMP;
        inputs.putLong(end, buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN), ByteOrder.LITTLE_ENDIAN);
        inputs.putInt(end + Long.BYTES, messageLength, ByteOrder.LITTLE_ENDIAN);
        inputs.putBytes(end + ENTRY_HEADER, buffer, offset + STAMP, messageLength);
        end += ENTRY_HEADER + BitUtil.align(messageLength, Long.BYTES);
        count++;
    }

    int count()
    {
        return count;
    }

    /**
     * A fresh engine (the examples catalog, as the backtest's) over every input, outputs counted and
     * dropped; fails unless it ends in {@code stateHash}.
     *
     * @param ticks the ticks among the inputs, the figure's events
     */
    TrialResult replay(final long ticks, final String stateHash)
    {
        final DiscardingOutput output = new DiscardingOutput();
        final Engine engine = new Engine(ExampleStrategies.catalog(), output);
        long sequence = 0;
        view.wrap(inputs.byteBuffer(), 0, Math.max(1, end));
        int position = 0;
        final long start = System.nanoTime();
        while (position < end)
        {
            final long stampNs = inputs.getLong(position, ByteOrder.LITTLE_ENDIAN);
            final int length = inputs.getInt(position + Long.BYTES, ByteOrder.LITTLE_ENDIAN);
            engine.onInput(++sequence, stampNs, view, position + ENTRY_HEADER, length);
            position += ENTRY_HEADER + BitUtil.align(length, Long.BYTES);
        }
        final long nanos = System.nanoTime() - start;
        if (!engine.stateHash().equals(stateHash))
        {
            throw new IllegalStateException("the journaled inputs replayed ended in another state than the backtest");
        }
        return new TrialResult(ticks, nanos, String.format("%,d inputs (%,d ticks), %,.0f inputs/s, %,d output " +
            "batches, state hash equal to the backtest's", count, ticks, count * 1e9 / nanos, output.batches));
    }
}
