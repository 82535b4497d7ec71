package io.tradingcore.replay;

import io.tradingcore.config.BusyStrategyConfig;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.pipeline.TradingCore;
import io.tradingcore.venue.VenueConnection;
import io.tradingcore.venue.VenueSettings;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** A recorded run for the audit tests: the sample's first ticks, the example strategy, the simulated venue. */
final class AuditDataFolder
{
    static final int TICKS = 20_000;
    static final long SNAPSHOT_INTERVAL = 3_000;

    private static Path shared;

    private AuditDataFolder()
    {
    }

    /** One recorded run for all audit test classes of this JVM, removed when the JVM exits. */
    static synchronized Path shared() throws Exception
    {
        if (shared == null)
        {
            final Path folder = Files.createTempDirectory("audit-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(folder)));
            record(folder);
            shared = folder;
        }
        return shared;
    }

    private static void deleteTree(final Path folder)
    {
        try (Stream<Path> paths = Files.walk(folder))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ignored)
        {
            // A temp folder left behind on a failed walk is harmless.
        }
    }

    static void record(final Path data) throws Exception
    {
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        try (TradingCore core = TradingCore.open(new TradingCore.Context().dataDirectory(data).aeronEnabled(false)
            .snapshotInterval(SNAPSHOT_INTERVAL).referenceData(BusyStrategyConfig.referenceData().inputs())
            .listener(venue).publisherThreadAgent(venue)))
        {
            venue.connect(core.venueIngress());
            core.start();
            final InputMessages messages = new InputMessages();
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
            try (Mt5TickReader reader = Mt5TickReader.open(Path.of("..", "samples", "EURUSD_20140508.mt5.csv.gz"), 5))
            {
                reader.read((time, bid, ask, last, volume, flags) ->
                {
                    core.awaitBacklogBelow(64, 4096);
                    core.offerBlocking(buffer, 0, messages.marketTick(buffer, 0, 1, time, bid, ask, last, volume,
                        flags));
                }, TICKS);
            }
            core.awaitQuiescent(Duration.ofSeconds(30), venue::isSettled);
        }
    }
}
