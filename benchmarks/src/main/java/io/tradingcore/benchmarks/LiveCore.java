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

/**
 * A core as {@code scripts/run} wires it, for the projections to follow: a data folder, the built-in reference data
 * with the strategy trading on windows of ticks ({@link BenchReferenceData#TICK_STRATEGY}, so that there are many
 * orders and fills), the simulated venue whose reports come back as journaled inputs, outputs on Aeron in the data
 * folder's {@code aeron} (where a projection looks by default), the wall clock; layout as the Throughput harness's
 * pipeline (SPLIT, backoff idle).
 */
final class LiveCore implements AutoCloseable
{
    private final TradingCore core;
    private final VenueConnection venue = new VenueConnection(VenueSettings.defaults());

    LiveCore(final Path data, final ReferenceData reference) throws Exception
    {
        core = TradingCore.open(new TradingCore.Context()
            .dataDirectory(data)
            .referenceData(reference.inputs())
            .threadingLayout(ThreadingLayout.SPLIT)
            .idleStrategy("backoff")
            .aeronEnabled(true)
            .flushPolicy(FlushPolicy.NONE)
            .listener(venue)
            .publisherThreadAgent(venue));
        venue.connect(core.venueIngress());
        core.start();
        settle();
    }

    /** Feeds ticks {@code from} to {@code to} (exclusive) as a program embedding the core feeds a file. */
    void feedThrottled(final EncodedTicks ticks, final int from, final int to)
    {
        final UnsafeBuffer buffer = ticks.buffer();
        for (int i = from; i < to; i++)
        {
            if ((i & 63) == 0)
            {
                core.awaitBacklogBelow(256, 8 * 1024);
            }
            core.offerBlocking(buffer, EncodedTicks.messageOffset(i), EncodedTicks.MESSAGE_LENGTH);
        }
    }

    /**
     * Feeds every tick as fast as {@code offerBlocking} takes them and waits until the core has published them all
     * and the venue is settled. @return the inputs published (ticks and venue reports) and the time it took.
     */
    TrialResult feedFlatOut(final EncodedTicks ticks)
    {
        final long publishedBefore = core.publishedSequence();
        final UnsafeBuffer buffer = ticks.buffer();
        final int count = ticks.count();
        final ThreadCpu cpu = ThreadCpu.start();
        final long start = System.nanoTime();
        for (int i = 0; i < count; i++)
        {
            core.offerBlocking(buffer, EncodedTicks.messageOffset(i), EncodedTicks.MESSAGE_LENGTH);
        }
        final long drainedAt = PipelineRate.awaitDrained(core, venue);
        final long events = core.publishedSequence() - publishedBefore;
        return new TrialResult(events, drainedAt - start, String.format("inputs published: %,d ticks + %,d venue " +
            "reports; %s", count, events - count, cpu.busyUntil(drainedAt)));
    }

    /** Feeds ticks at a fixed rate for the given time, from tick {@code from} on. @return the next tick to feed. */
    int feedAtRate(final EncodedTicks ticks, final int from, final long ratePerSecond, final double seconds)
    {
        final UnsafeBuffer buffer = ticks.buffer();
        final long count = (long)(ratePerSecond * seconds);
        final FixedSchedule schedule = new FixedSchedule(System.nanoTime(), ratePerSecond);
        int tick = from;
        for (long i = 0; i < count; i++)
        {
            schedule.awaitDue(i);
            core.offerBlocking(buffer, EncodedTicks.messageOffset(tick), EncodedTicks.MESSAGE_LENGTH);
            tick = tick + 1 == ticks.count() ? 0 : tick + 1;
        }
        return tick;
    }

    /** Waits until every input fed is processed and every order the venue got is answered. */
    void settle() throws Exception
    {
        core.awaitQuiescent(Duration.ofSeconds(60), venue::isSettled);
    }

    /** The last input sequence published (journaled, processed, outputs out). */
    long publishedSequence()
    {
        return core.publishedSequence();
    }

    @Override
    public void close()
    {
        core.close();
    }
}
