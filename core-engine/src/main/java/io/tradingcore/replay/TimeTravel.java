package io.tradingcore.replay;

import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineSnapshot;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.journal.Snapshot;
import io.tradingcore.journal.SnapshotStore;
import io.tradingcore.strategy.StrategyCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The engine's state as it was right after a given input: the newest snapshot at or before it,
 * restored into a fresh engine, then the journaled inputs after the snapshot up to that one. The
 * engine is a pure function of its inputs, so this is the state the live engine had then.
 */
public final class TimeTravel
{
    private static final int INPUT_STAMP = Long.BYTES;
    private static final Pattern SNAPSHOT_FILE = Pattern.compile("snapshot-(\\d{20})\\.snapshot");

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
                final Optional<Snapshot> snapshot = snapshotAtOrBefore(snapshotDirectory, sequence);
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

    /**
     * Opening a {@link SnapshotStore} removes temp files it takes for interrupted writes, which in a
     * folder a live core is writing could be the snapshot it is writing now. So the snapshot files
     * that qualify are copied to a private folder and the store is opened there.
     */
    private static Optional<Snapshot> snapshotAtOrBefore(final Path snapshotDirectory, final long sequence)
    {
        Path copies = null;
        try
        {
            copies = Files.createTempDirectory("time-travel-snapshots");
            try (Stream<Path> files = Files.list(snapshotDirectory))
            {
                for (final Path file : (Iterable<Path>)files::iterator)
                {
                    final long covered = snapshotSequence(file.getFileName().toString());
                    if (covered >= 0 && covered <= sequence)
                    {
                        copyIfStillThere(file, copies.resolve(file.getFileName()));
                    }
                }
            }
            return SnapshotStore.open(copies).loadAtOrBefore(sequence);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the snapshots in " + snapshotDirectory, ex);
        }
        finally
        {
            deleteQuietly(copies);
        }
    }

    /** The sequence in a {@code snapshot-<20 digits>.snapshot} name, -1 for any other file. */
    private static long snapshotSequence(final String name)
    {
        final Matcher matcher = SNAPSHOT_FILE.matcher(name);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static void copyIfStillThere(final Path file, final Path copy) throws IOException
    {
        try
        {
            Files.copy(file, copy);
        }
        catch (final NoSuchFileException ex)
        {
            // Retention removed it meanwhile: an older or newer snapshot serves as well.
        }
    }

    private static void deleteQuietly(final Path folder)
    {
        if (folder == null)
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ignored)
        {
            // A leftover copy in the temp folder harms nothing.
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
                throw new IllegalStateException("input journal has no entry " + (after + 1)
                    + " (retention removed it?)");
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
