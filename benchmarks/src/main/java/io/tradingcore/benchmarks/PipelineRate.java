package io.tradingcore.benchmarks;

import io.tradingcore.config.ReferenceData;
import io.tradingcore.journal.FlushPolicy;
import io.tradingcore.pipeline.ThreadingLayout;
import io.tradingcore.pipeline.TradingCore;
import io.tradingcore.venue.VenueConnection;
import io.tradingcore.venue.VenueSettings;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole pipeline with journaling on, wired as {@code scripts/run} wires it: a fresh data folder,
 * the built-in reference data with its ma-crossover strategy on windows of ticks (so it trades often,
 * {@link BenchReferenceData#TICK_STRATEGY}), the simulated venue whose
 * reports come back in as journaled inputs, Aeron publication on, the wall clock. This thread feeds
 * the pre-encoded ticks as fast as the core takes them, either throttled as a program that embeds the
 * core would feed a tick file (at most 256 inputs in flight, 8 KiB queued) or with {@code offerBlocking} alone.
 *
 * <p>The clock runs from the first offer until every input is published (journaled, processed, its
 * outputs in the output journal and on Aeron) and the venue has nothing left to send. Events are
 * all inputs published in that time: the ticks and the venue's reports.
 */
final class PipelineRate
{
    private static final long SETTLE_CHECK_NS = 5_000_000;

    private final EncodedTicks ticks;
    private final ReferenceData reference;
    private final ThreadingLayout layout;
    private final String idleStrategy;

    PipelineRate(
        final EncodedTicks ticks, final ReferenceData reference, final ThreadingLayout layout,
        final String idleStrategy)
    {
        this.ticks = ticks;
        this.reference = reference;
        this.layout = layout;
        this.idleStrategy = idleStrategy;
    }

    String layoutDescription()
    {
        final String threads = switch (layout)
        {
            case SHARED -> "one thread: sequencer + journaller + engine + publisher + simulated venue + Aeron driver";
            case SPLIT -> "thread 1: sequencer + journaller; thread 2: engine + publisher + simulated venue + " +
                "embedded Aeron driver and client conductor (invoker mode)";
            case DEDICATED -> "a thread each for sequencer, journaller and engine; one for publisher + simulated " +
                "venue, with the Aeron driver on its own thread";
        };
        return layout + " (" + threads + "), idle strategy " + idleStrategy + "; the feeder is the main thread";
    }

    TrialResult run(final boolean throttled) throws Exception
    {
        final Path data = TempDirectory.create("pipeline");
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        try
        {
            try (TradingCore core = TradingCore.open(new TradingCore.Context()
                .dataDirectory(data)
                .referenceData(reference.inputs())
                .threadingLayout(layout)
                .idleStrategy(idleStrategy)
                .aeronEnabled(true)
                .flushPolicy(FlushPolicy.NONE)
                .listener(venue)
                .publisherThreadAgent(venue)))
            {
                venue.connect(core.venueIngress());
                core.start();
                core.awaitQuiescent(Duration.ofSeconds(30), venue::isSettled);
                final long publishedBefore = core.publishedSequence();

                final UnsafeBuffer buffer = ticks.buffer();
                final int count = ticks.count();
                final ThreadCpu cpu = ThreadCpu.start();
                final long start = System.nanoTime();
                for (int i = 0; i < count; i++)
                {
                    if (throttled && (i & 63) == 0)
                    {
                        core.awaitBacklogBelow(256, 8 * 1024);
                    }
                    core.offerBlocking(buffer, EncodedTicks.messageOffset(i), EncodedTicks.MESSAGE_LENGTH);
                }
                final long drainedAt = awaitDrained(core, venue);
                final long events = core.publishedSequence() - publishedBefore;
                return new TrialResult(events, drainedAt - start, String.format(
                    "inputs published: %,d ticks + %,d venue reports; %s", count, events - count,
                    cpu.busyUntil(drainedAt)));
            }
        }
        finally
        {
            TempDirectory.delete(data);
        }
    }

    /**
     * The time at which the core had published everything and the venue had nothing pending, checked
     * again a moment later so a report still on its way does not end the clock early.
     */
    static long awaitDrained(final TradingCore core, final VenueConnection venue)
    {
        while (true)
        {
            if (isDrained(core, venue))
            {
                final long drainedAt = System.nanoTime();
                final long published = core.publishedSequence();
                LockSupport.parkNanos(SETTLE_CHECK_NS);
                if (isDrained(core, venue) && core.publishedSequence() == published)
                {
                    return drainedAt;
                }
            }
            core.checkHealthy();
            // A short park, not a spin: this thread would otherwise take a core from the pipeline.
            LockSupport.parkNanos(50_000);
        }
    }

    private static boolean isDrained(final TradingCore core, final VenueConnection venue)
    {
        return venue.isSettled() && core.ingress().isEmpty() && core.publishedSequence() == core.lastSequenced();
    }
}
