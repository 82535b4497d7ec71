package io.tradingcore.pipeline;

import io.tradingcore.config.BusyStrategyConfig;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.venue.VenueConnection;
import io.tradingcore.venue.VenueSettings;
import org.agrona.ExpandableArrayBuffer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A core in its own JVM, for the crash test: feeds a fixed stream of synthetic EURUSD ticks,
 * resuming after the last tick its journal holds, and prints "DONE &lt;state hash&gt;" at the end.
 * Killed with SIGKILL at random moments by {@link CrashRecoveryTest}.
 */
public final class CrashChild
{
    static final long FIRST_TICK_MSC = 1_399_525_217_000L;
    private static final long TICK_SPACING_NS = 500_000;

    private CrashChild()
    {
    }

    /** The bids of the stream: a seeded random walk, one tick a millisecond. */
    static long[] bids(final int ticks)
    {
        final long[] bids = new long[ticks];
        final java.util.SplittableRandom random = new java.util.SplittableRandom(99);
        long mid = 139_148;
        for (int i = 0; i < ticks; i++)
        {
            mid += random.nextInt(9) - 4;
            bids[i] = mid - 1;
        }
        return bids;
    }

    public static void main(final String[] args) throws Exception
    {
        final Path data = Path.of(args[0]);
        final int ticks = Integer.parseInt(args[1]);
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        final TradingCore.Context context = new TradingCore.Context()
            .dataDirectory(data)
            .snapshotInterval(1_500)
            .aeronEnabled(true)
            .referenceData(BusyStrategyConfig.referenceData().inputs())
            .listener(venue)
            .publisherThreadAgent(venue);
        final TradingCore core = TradingCore.open(context);
        final EngineStateReport recovered = core.report();
        System.out.println("RECOVERED " + core.recovery());
        venue.connect(core.venueIngress());
        venue.reconcile(recovered);
        core.start();

        final long lastTickMsc = recovered.instruments().isEmpty() ? 0 : recovered.instruments().get(0)
            .lastTickTimeMsc();
        final int resumeAt = lastTickMsc == 0 ? 0 : (int)(lastTickMsc - FIRST_TICK_MSC) + 1;
        final InputMessages messages = new InputMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final long[] bids = bids(ticks);
        final long startNs = System.nanoTime();
        for (int i = resumeAt; i < ticks; i++)
        {
            final int length = messages.marketTick(buffer, 0, 1, FIRST_TICK_MSC + i, bids[i], bids[i] + 2, 0, 0, 6);
            core.offerBlocking(buffer, 0, length);
            // Two ticks a millisecond by the clock, so that kills land at many different moments; a sleep every
            // other tick would make the stream's length hang on how long this machine's sleeps take.
            LockSupport.parkNanos(startNs + (i - resumeAt + 1) * TICK_SPACING_NS - System.nanoTime());
        }
        core.awaitQuiescent(Duration.ofSeconds(60), venue::isSettled);
        core.close();
        System.out.println("DONE " + core.stateHash() + " " + core.inputJournalSize());
    }
}
