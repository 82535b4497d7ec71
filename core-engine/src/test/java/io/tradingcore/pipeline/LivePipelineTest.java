package io.tradingcore.pipeline;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.aeron.Aeron;
import io.aeron.Subscription;
import io.tradingcore.config.BusyStrategyConfig;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.replay.ReplayVerifier;
import io.tradingcore.venue.VenueConnection;
import io.tradingcore.venue.VenueSettings;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live pipeline on real ticks: what it publishes on Aeron is what it journals, a replay of
 * its input journal gives the same outputs byte for byte and the same state hash, and a restart
 * recovers from the snapshot written at close.
 */
class LivePipelineTest
{
    private static final Path SAMPLE = Path.of("..", "samples", "EURUSD_20140508.mt5.csv.gz");

    @TempDir
    Path data;

    private TradingCore.Context context(final VenueConnection venue, final ThreadingLayout layout)
    {
        return new TradingCore.Context()
            .dataDirectory(data)
            .threadingLayout(layout)
            .snapshotInterval(10_000)
            .referenceData(BusyStrategyConfig.referenceData().inputs())
            .listener(venue)
            .publisherThreadAgent(venue);
    }

    private static long feed(final TradingCore core, final int maxTicks) throws Exception
    {
        final InputMessages messages = new InputMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final long[] fed = {0};
        try (Mt5TickReader reader = Mt5TickReader.open(SAMPLE, 5))
        {
            while (fed[0] < maxTicks && reader.read((time, bid, ask, last, volume, flags) ->
            {
                if ((fed[0] & 63) == 0)
                {
                    core.awaitBacklogBelow(256, 8 * 1024);
                }
                core.offerBlocking(buffer, 0, messages.marketTick(buffer, 0, 1, time, bid, ask, last, volume, flags));
                fed[0]++;
            }, (int)Math.min(1024, maxTicks - fed[0])) > 0)
            {
                core.checkHealthy();
            }
        }
        return fed[0];
    }

    @SuppressWarnings("try") // closes the core early on purpose: its state may be read only once it is closed
    @Test
    void aeronOutputsEqualTheOutputJournalAndReplayIsIdentical() throws Exception
    {
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        final ByteArrayOutputStream viaAeron = new ByteArrayOutputStream();
        final String liveHash;
        try (TradingCore core = TradingCore.open(context(venue, ThreadingLayout.SPLIT)))
        {
            venue.connect(core.venueIngress());
            core.start();
            try (Aeron client = Aeron.connect(new Aeron.Context().aeronDirectoryName(data.resolve("aeron").toString()));
                Subscription subscription = client.addSubscription("aeron:ipc", 1001))
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!subscription.isConnected() && System.nanoTime() < deadline)
                {
                    Thread.sleep(1);
                }
                assertTrue(subscription.isConnected(), "subscriber connected to the core's publication");
                final long fed = feed(core, 40_000);
                assertEquals(40_000, fed);
                core.awaitQuiescent(Duration.ofSeconds(30), venue::isSettled);
                final long idleUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < idleUntil)
                {
                    subscription.poll((buffer, offset, length, header) ->
                    {
                        final byte[] bytes = new byte[length];
                        buffer.getBytes(offset, bytes);
                        viaAeron.writeBytes(bytes);
                    }, 1000);
                }
            }
            core.close();
            liveHash = core.stateHash();
        }

        final byte[] journaled = outputJournalMessages();
        assertTrue(journaled.length > 10_000, "the strategy traded: " + journaled.length + " bytes of output");
        // Outputs of the reference data went out before the subscriber connected: Aeron does not
        // keep them, the output journal does. From then on both hold the same bytes.
        final byte[] received = viaAeron.toByteArray();
        assertTrue(received.length > journaled.length * 9L / 10, "most outputs came over Aeron");
        assertArrayEquals(java.util.Arrays.copyOfRange(journaled, journaled.length - received.length, journaled.length),
            received, "Aeron carried exactly what the output journal holds");

        final ReplayVerifier.Result replay = ReplayVerifier.verify(data, ExampleStrategies.catalog(), (r, t) -> { });
        assertTrue(replay.identical(), "replay diverged: " + replay.divergence());
        assertEquals(liveHash, replay.stateHash(), "live and replayed state hashes");

        try (TradingCore reopened = TradingCore.open(context(new VenueConnection(VenueSettings.defaults()),
            ThreadingLayout.SPLIT)))
        {
            assertEquals(reopened.recovery().lastSequence(), reopened.recovery().snapshotSequence(),
                "close wrote a snapshot at the last input: " + reopened.recovery());
            assertEquals(0, reopened.recovery().replayedInputs());
            assertEquals(liveHash, reopened.stateHash());
        }
    }

    @SuppressWarnings("try") // closes the core early on purpose: its state may be read only once it is closed
    @ParameterizedTest
    @EnumSource(ThreadingLayout.class)
    void everyThreadingLayoutRunsTheSameWay(final ThreadingLayout layout) throws Exception
    {
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        try (TradingCore core = TradingCore.open(context(venue, layout).aeronEnabled(layout != ThreadingLayout.SHARED)))
        {
            venue.connect(core.venueIngress());
            core.start();
            feed(core, 5_000);
            core.awaitQuiescent(Duration.ofSeconds(30), venue::isSettled);
            core.close();
            assertEquals(5_000 + BusyStrategyConfig.referenceData().inputs().size(),
                core.report().lastSequence() - countVenueReports(), "every tick and admin input was processed");
        }
        final ReplayVerifier.Result replay = ReplayVerifier.verify(data, ExampleStrategies.catalog(), (r, t) -> { });
        assertTrue(replay.identical(), layout + " replay diverged: " + replay.divergence());
    }

    @Test
    void ingressAnswersWithCodes() throws Exception
    {
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        final TradingCore core = TradingCore.open(context(venue, ThreadingLayout.SHARED).aeronEnabled(false));
        venue.connect(core.venueIngress());
        core.start();
        final UnsafeBuffer large = new UnsafeBuffer(new byte[4096]);
        assertEquals(Ingress.MESSAGE_TOO_LARGE, core.offer(large, 0, 4096));
        assertEquals(Ingress.MESSAGE_TOO_LARGE, core.offer(large, 0, 0));
        core.close();
        assertEquals(Ingress.CLOSED, core.offer(large, 0, 16));
    }

    @SuppressWarnings("try") // closes the core early on purpose: its state may be read only once it is closed
    @Test
    void damagedInputJournalTailIsReportedAndCutOff() throws Exception
    {
        final String hashBefore;
        final long lastBefore;
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        try (TradingCore core = TradingCore.open(context(venue, ThreadingLayout.SPLIT).aeronEnabled(false)))
        {
            venue.connect(core.venueIngress());
            core.start();
            feed(core, 2_000);
            core.awaitQuiescent(Duration.ofSeconds(30), venue::isSettled);
            core.close();
            hashBefore = core.stateHash();
            lastBefore = core.report().lastSequence();
        }

        // A torn write: one more entry reached the input journal, then its bytes were damaged
        // before the engine could process it.
        final byte[] entry = new byte[8 + 40];
        java.util.Arrays.fill(entry, (byte)0x5A);
        final Path inputDirectory = data.resolve("journal").resolve("input");
        try (Journal journal = Journal.open(new Journal.Context().directory(inputDirectory)))
        {
            assertEquals(lastBefore + 1, journal.append(new UnsafeBuffer(entry), 0, entry.length));
        }
        flipLastOccurrence(inputDirectory, entry);

        try (TradingCore reopened = TradingCore.open(context(new VenueConnection(VenueSettings.defaults()),
            ThreadingLayout.SPLIT)))
        {
            assertTrue(reopened.recovery().journalDamage() != null, "damage reported: " + reopened.recovery());
            assertEquals(lastBefore, reopened.recovery().lastSequence(), "everything up to the last whole entry kept");
            assertEquals(hashBefore, reopened.stateHash());
        }
    }

    private static void flipLastOccurrence(final Path directory, final byte[] pattern) throws Exception
    {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(directory))
        {
            for (final Path file : files.filter(f -> f.toString().endsWith(".cq4")).toList())
            {
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE))
                {
                    final java.nio.MappedByteBuffer map = channel.map(java.nio.channels.FileChannel.MapMode.READ_WRITE,
                        0, channel.size());
                    for (int position = (int)channel.size() - pattern.length; position >= 0; position--)
                    {
                        if (map.get(position) == pattern[0] && matches(map, position, pattern))
                        {
                            map.put(position + 20, (byte)(pattern[20] ^ 0x01));
                            map.force();
                            return;
                        }
                    }
                }
            }
        }
        throw new AssertionError("entry not found in the journal files");
    }

    private static boolean matches(final java.nio.MappedByteBuffer map, final int position, final byte[] pattern)
    {
        for (int i = 0; i < pattern.length; i++)
        {
            if (map.get(position + i) != pattern[i])
            {
                return false;
            }
        }
        return true;
    }

    private long countVenueReports()
    {
        final long[] reports = {0};
        try (Journal journal = Journal.open(new Journal.Context().directory(data.resolve("journal").resolve("input"))
            .readOnly(true)); JournalReader reader = journal.reader())
        {
            while (reader.poll((sequence, buffer, offset, length) ->
            {
                if (buffer.getShort(offset + 8 + 2) == io.tradingcore.codec.ExecutionReportDecoder.TEMPLATE_ID)
                {
                    reports[0]++;
                }
            }, 4096) > 0)
            {
                // read to the end
            }
        }
        return reports[0];
    }

    private byte[] outputJournalMessages()
    {
        final ByteArrayOutputStream messages = new ByteArrayOutputStream();
        try (Journal journal = Journal.open(new Journal.Context().directory(data.resolve("journal").resolve("output"))
            .readOnly(true)); JournalReader reader = journal.reader())
        {
            while (reader.poll((sequence, buffer, offset, length) ->
                OutputBatch.forEach(buffer, offset + 8, length - 8, (b, o, l) ->
                {
                    final byte[] bytes = new byte[l];
                    b.getBytes(o, bytes);
                    messages.writeBytes(bytes);
                }), 4096) > 0)
            {
                // read to the end
            }
        }
        return messages.toByteArray();
    }
}
