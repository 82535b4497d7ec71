package io.tradingcore.pipeline;

import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.messages.InputMessages;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wall clock is read once per sequencer batch, and the journals' roll clocks once per duty cycle of the agents
 * that append to them: inputs taken together share a stamp, a later batch is stamped later, and the journal still
 * rolls to a new file when the time says so.
 */
class EngineTimeStampTest
{
    private static final int QUEUED_BEFORE_START = 100;
    private static final long PAUSE_MS = 50;

    @TempDir
    Path data;

    private final InputMessages messages = new InputMessages();
    private final ExpandableArrayBuffer tick = new ExpandableArrayBuffer(128);

    @Test
    void inputsTakenInOneBatchShareAStampAndALaterBatchIsStampedLater() throws Exception
    {
        final long before = System.currentTimeMillis() * 1_000_000L;
        try (TradingCore core = TradingCore.open(context()))
        {
            // Queued before the pipeline runs, so its sequencer takes them all in its first batch.
            for (int i = 0; i < QUEUED_BEFORE_START; i++)
            {
                assertEquals(Ingress.OK, offerTick(core, i));
            }
            core.start();
            awaitPublished(core, QUEUED_BEFORE_START);
            Thread.sleep(PAUSE_MS);
            assertEquals(Ingress.OK, offerTick(core, QUEUED_BEFORE_START));
            awaitPublished(core, QUEUED_BEFORE_START + 1);
        }
        final long after = System.currentTimeMillis() * 1_000_000L;

        final long[] stamps = inputStamps();
        assertEquals(QUEUED_BEFORE_START + 1, stamps.length);
        for (int i = 1; i < QUEUED_BEFORE_START; i++)
        {
            assertEquals(stamps[0], stamps[i], "input " + (i + 1) + " was taken in the first batch");
        }
        final long laterBatch = stamps[QUEUED_BEFORE_START];
        assertTrue(laterBatch - stamps[0] >= Duration.ofMillis(PAUSE_MS).toNanos(),
            "the input offered " + PAUSE_MS + " ms later is stamped " + (laterBatch - stamps[0]) + " ns later");
        // The wall clock's epoch offset is sampled once: allow it a millisecond against currentTimeMillis.
        assertTrue(stamps[0] >= before - 1_000_000 && laterBatch <= after + 1_000_000,
            "stamps " + stamps[0] + ".." + laterBatch + " outside the test's run " + before + ".." + after);
    }

    @Test
    void theInputJournalRollsToANewFileWhenItsCycleEndsWhileTheCoreRuns() throws Exception
    {
        try (TradingCore core = TradingCore.open(context().rollCycle("TEST_SECONDLY")))
        {
            core.start();
            assertEquals(Ingress.OK, offerTick(core, 0));
            awaitPublished(core, 1);
            Thread.sleep(1_100);
            assertEquals(Ingress.OK, offerTick(core, 1));
            awaitPublished(core, 2);
        }
        assertEquals(2, cycleFiles(data.resolve("journal").resolve("input")),
            "two inputs more than a second apart go to two one-second cycle files");
    }

    private TradingCore.Context context()
    {
        return new TradingCore.Context().dataDirectory(data).aeronEnabled(false).snapshotInterval(0);
    }

    private long offerTick(final TradingCore core, final int i)
    {
        final int length = messages.marketTick(tick, 0, 1, 1_399_507_200_000L + i, 130_000 + i, 130_010 + i, 0, 0, 6);
        return core.offer(tick, 0, length);
    }

    private static void awaitPublished(final TradingCore core, final long sequence) throws Exception
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (core.publishedSequence() < sequence)
        {
            core.checkHealthy();
            assertTrue(System.nanoTime() < deadline, "input " + sequence + " not published within 10 s");
            Thread.sleep(1);
        }
    }

    private long[] inputStamps()
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(data.resolve("journal").resolve("input"))
            .readOnly(true)); JournalReader reader = journal.reader())
        {
            final long[] stamps = new long[(int)journal.lastSequence()];
            while (reader.poll((sequence, buffer, offset, length) ->
                stamps[(int)sequence - 1] = SequencerAgent.readStamp(buffer, offset), 1024) > 0)
            {
                // read to the end
            }
            return stamps;
        }
    }

    private static long cycleFiles(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(".cq4")).count();
        }
    }
}
