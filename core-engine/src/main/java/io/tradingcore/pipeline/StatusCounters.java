package io.tradingcore.pipeline;

import io.aeron.Aeron;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The core's state in its media driver's counters ({@link CoreCounters}), for the gateway's health and metrics and
 * for AeronStat. Updated from the command ingress's thread: the heartbeat and sequences every 100 ms, the journals'
 * sizes (a walk of their folders) every 5 s. The core's Aeron client owns the counters and frees them as it closes.
 */
final class StatusCounters
{
    private static final long UPDATE_INTERVAL_NS = 100_000_000L;
    private static final long SIZE_INTERVAL_NS = 5_000_000_000L;

    private final AtomicCounter heartbeat;
    private final AtomicCounter journaled;
    private final AtomicCounter published;
    private final AtomicCounter ringFill;
    private final AtomicCounter ringSize;
    private final AtomicCounter inputJournalBytes;
    private final AtomicCounter outputJournalBytes;
    private final LongSupplier lastJournaled;
    private final LongSupplier lastPublished;
    private final Path inputJournal;
    private final Path outputJournal;
    private long nextUpdateNs;
    private long nextSizeNs;

    StatusCounters(
        final Aeron aeron, final int ringEntries, final LongSupplier lastJournaled, final LongSupplier lastPublished,
        final Path inputJournal, final Path outputJournal)
    {
        this.lastJournaled = lastJournaled;
        this.lastPublished = lastPublished;
        this.inputJournal = inputJournal;
        this.outputJournal = outputJournal;
        heartbeat = aeron.addCounter(CoreCounters.CORE_HEARTBEAT_TYPE_ID, "core heartbeat (epoch ms)");
        journaled = aeron.addCounter(CoreCounters.INPUTS_JOURNALED_TYPE_ID, "core inputs sequenced");
        published = aeron.addCounter(CoreCounters.INPUTS_PUBLISHED_TYPE_ID, "core inputs published");
        ringFill = aeron.addCounter(CoreCounters.RING_FILL_TYPE_ID, "core ring entries in use");
        ringSize = aeron.addCounter(CoreCounters.RING_SIZE_TYPE_ID, "core ring size");
        inputJournalBytes = aeron.addCounter(CoreCounters.INPUT_JOURNAL_BYTES_TYPE_ID, "core input journal bytes");
        outputJournalBytes = aeron.addCounter(CoreCounters.OUTPUT_JOURNAL_BYTES_TYPE_ID, "core output journal bytes");
        ringSize.setRelease(ringEntries);
    }

    /** Updates what is due; returns 1 when it did something. */
    int update(final long nowNs)
    {
        if (nowNs - nextUpdateNs < 0)
        {
            return 0;
        }
        nextUpdateNs = nowNs + UPDATE_INTERVAL_NS;
        final long journaledSequence = lastJournaled.getAsLong();
        final long publishedSequence = lastPublished.getAsLong();
        journaled.setRelease(journaledSequence);
        published.setRelease(publishedSequence);
        ringFill.setRelease(Math.max(0, journaledSequence - publishedSequence));
        heartbeat.setRelease(System.currentTimeMillis());
        if (nowNs - nextSizeNs >= 0)
        {
            nextSizeNs = nowNs + SIZE_INTERVAL_NS;
            inputJournalBytes.setRelease(bytesUnder(inputJournal));
            outputJournalBytes.setRelease(bytesUnder(outputJournal));
        }
        return 1;
    }

    private static long bytesUnder(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory))
        {
            return files.filter(Files::isRegularFile).mapToLong(StatusCounters::size).sum();
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return 0;
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }
}
