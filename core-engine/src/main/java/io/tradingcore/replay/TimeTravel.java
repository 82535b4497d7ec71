package io.tradingcore.replay;

import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineSnapshot;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.journal.Snapshot;
import io.tradingcore.journal.SnapshotStore;
import io.tradingcore.strategy.StrategyCatalog;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The engine's state as it was right after a given input: the newest snapshot at or before it,
 * restored into a fresh engine, then the journaled inputs after the snapshot up to that one. The
 * engine is a pure function of its inputs, so this is the state the live engine had then.
 */
public final class TimeTravel
{
    private static final int INPUT_STAMP = Long.BYTES;

    /**
     * @param snapshotSequence the snapshot started from, 0 for a replay from the first input
     * @param replayedInputs   inputs replayed after the snapshot
     */
    public record State(long sequence, long snapshotSequence, long replayedInputs, EngineStateReport report,
        String stateHash)
    {
    }

    private TimeTravel()
    {
    }

    /**
     * @param useSnapshots false replays from the first input, ignoring snapshots (the reference in tests)
     * @throws IllegalArgumentException when {@code sequence} is not in the input journal
     */
    public static State at(
        final Path dataDirectory, final long sequence, final StrategyCatalog catalog, final boolean useSnapshots,
        final AuditTrail.ProgressListener progress)
    {
        try (Journal inputs = Journal.open(
            new Journal.Context().directory(AuditTrail.inputDirectory(dataDirectory)).readOnly(true)))
        {
            if (sequence < 1 || sequence > inputs.lastSequence())
            {
                throw new IllegalArgumentException("input " + sequence + " is not in the journal (1 to " +
                    inputs.lastSequence() + ")");
            }
            final Engine engine = new Engine(catalog, (s, buffer, offset, length) -> { });
            long snapshotSequence = 0;
            final Path snapshotDirectory = dataDirectory.resolve("snapshots");
            if (useSnapshots && Files.isDirectory(snapshotDirectory))
            {
                final Optional<Snapshot> snapshot = SnapshotStore.open(snapshotDirectory).loadAtOrBefore(sequence);
                if (snapshot.isPresent())
                {
                    EngineSnapshot.restore(engine, snapshot.get().data(), 0, snapshot.get().data().capacity());
                    snapshotSequence = snapshot.get().sequence();
                }
            }
            final long replayed = replay(inputs, engine, snapshotSequence, sequence, progress);
            return new State(sequence, snapshotSequence, replayed, engine.report(), engine.stateHash());
        }
    }

    private static long replay(
        final Journal inputs, final Engine engine, final long after, final long upTo,
        final AuditTrail.ProgressListener progress)
    {
        if (upTo == after)
        {
            return 0;
        }
        try (JournalReader reader = inputs.reader())
        {
            if (!reader.seek(after + 1))
            {
                throw new IllegalStateException("input journal has no entry " + (after + 1) + " (retention removed it?)");
            }
            final long[] next = {after + 1};
            while (next[0] <= upTo)
            {
                final int read = reader.poll((entrySequence, buffer, offset, length) ->
                {
                    if (entrySequence != next[0])
                    {
                        throw new IllegalStateException("input journal jumps from " + (next[0] - 1) + " to " +
                            entrySequence);
                    }
                    engine.onInput(entrySequence, buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN), buffer,
                        offset + INPUT_STAMP, length - INPUT_STAMP);
                    next[0]++;
                }, (int)Math.min(4096, upTo - next[0] + 1));
                if (read == 0)
                {
                    throw new IllegalStateException("input journal ended at " + (next[0] - 1));
                }
                progress.onProgress(next[0] - 1 - after, upTo - after);
            }
            return upTo - after;
        }
    }
}
