package io.tradingcore.pipeline;

import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineSnapshot;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.journal.Snapshot;
import io.tradingcore.journal.SnapshotStore;
import io.tradingcore.outputs.OutputJournalWriter;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Rebuilds the engine from a data folder: the newest snapshot at or before the end of the input
 * journal, then every journaled input after it. Outputs that the output journal already holds are
 * dropped; outputs it lacks (the process died between the two journals) are written to it, so
 * after recovery both journals agree again. That includes the rest of a batch the process died
 * in the middle of writing, when it was split over several entries, as long as the input that
 * caused it is replayed (it comes after the snapshot).
 */
public final class Recovery
{
    private Recovery()
    {
    }

    static RecoveryReport recover(
        final Engine engine, final OutputSwitch output, final Journal inputJournal, final Journal outputJournal,
        final SnapshotStore snapshots)
    {
        final long start = System.nanoTime();
        final long lastInput = inputJournal.lastSequence();
        final LastBatch lastBatch = lastBatch(outputJournal);
        final long lastOutputInput = lastBatch.inputSequence();
        if (lastOutputInput > lastInput)
        {
            throw new IllegalStateException("output journal has outputs for input " + lastOutputInput +
                " but the input journal ends at " + lastInput + ": the folders do not belong together");
        }
        long snapshotSequence = 0;
        final Optional<Snapshot> snapshot = snapshots.loadAtOrBefore(lastInput);
        if (snapshot.isPresent())
        {
            EngineSnapshot.restore(engine, snapshot.get().data(), 0, snapshot.get().data().capacity());
            snapshotSequence = snapshot.get().sequence();
        }

        final OutputJournalWriter writer = new OutputJournalWriter(outputJournal);
        final ExpandableDirectByteBuffer rewrite = new ExpandableDirectByteBuffer(4096);
        final long[] rewritten = {0};
        output.target((sequence, buffer, offset, length) ->
        {
            // Only the last input with outputs can have a part of them journaled: the publisher appends in order.
            final int journaled = sequence == lastOutputInput ? lastBatch.length() : 0;
            if (sequence >= lastOutputInput && length > journaled)
            {
                rewrite.putLong(0, sequence, ByteOrder.LITTLE_ENDIAN);
                rewrite.putBytes(OutputJournalWriter.HEADER_LENGTH, buffer, offset + journaled, length - journaled);
                writer.append(rewrite, 0, OutputJournalWriter.HEADER_LENGTH + length - journaled);
                rewritten[0]++;
            }
        });
        long replayed = 0;
        if (lastInput > snapshotSequence)
        {
            try (JournalReader reader = inputJournal.reader())
            {
                if (!reader.seek(snapshotSequence + 1))
                {
                    throw new IllegalStateException("input journal has no entry " + (snapshotSequence + 1) +
                        " to continue the snapshot at " + snapshotSequence + " (retention removed it?)");
                }
                final long[] expected = {snapshotSequence + 1};
                while (expected[0] <= lastInput)
                {
                    final int read = reader.poll((sequence, buffer, offset, length) ->
                    {
                        if (sequence != expected[0])
                        {
                            throw new IllegalStateException("input journal jumps from " + (expected[0] - 1) + " to " +
                                sequence);
                        }
                        engine.onInput(sequence, SequencerAgent.readStamp(buffer, offset), buffer,
                            offset + InputEvent.INPUT_HEADER, length - InputEvent.INPUT_HEADER);
                        expected[0]++;
                    }, 4096);
                    if (read == 0)
                    {
                        throw new IllegalStateException("input journal ended at " + (expected[0] - 1)
                            + " before its last " +
                            "sequence " + lastInput);
                    }
                    replayed += read;
                }
            }
        }
        final String damage = inputJournal.openReport().clean() ? null : String.join("; ", inputJournal.openReport()
            .damage());
        return new RecoveryReport(snapshotSequence, replayed, rewritten[0], lastInput,
            (System.nanoTime() - start) / 1_000_000, damage);
    }

    /**
     * The input of the output journal's last entry and how many bytes of its outputs the journal holds: the entries
     * with that input sequence at its end, more than one when the batch was split. (0, 0) when it is empty.
     */
    public static LastBatch lastBatch(final Journal outputJournal)
    {
        final long[] entryInput = {0};
        final int[] entryLength = {0};
        long inputSequence = 0;
        int length = 0;
        try (JournalReader reader = outputJournal.reader())
        {
            final long last = outputJournal.lastSequence();
            for (long entry = last; entry > 0 && entry >= outputJournal.firstSequence(); entry--)
            {
                final long wanted = entry;
                entryInput[0] = -1;
                if (reader.seek(entry))
                {
                    reader.poll((sequence, buffer, offset, payloadLength) ->
                    {
                        if (sequence == wanted)
                        {
                            entryInput[0] = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
                            entryLength[0] = payloadLength - OutputJournalWriter.HEADER_LENGTH;
                        }
                    }, 1);
                }
                if (entryInput[0] == -1 || (entry != last && entryInput[0] != inputSequence))
                {
                    break;
                }
                inputSequence = entryInput[0];
                length += entryLength[0];
            }
        }
        return new LastBatch(inputSequence, length);
    }

    /** The outputs of the last input the output journal holds outputs for, or the part of them it holds. */
    public record LastBatch(long inputSequence, int length)
    {
    }
}
