package io.tradingcore.benchmarks;

import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.journal.FlushPolicy;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.pipeline.ThreadingLayout;
import io.tradingcore.pipeline.TradingCore;
import io.tradingcore.venue.VenueConnection;
import io.tradingcore.venue.VenueSettings;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole pipeline, journaling on, under the peer's workload: a fresh {@link TradingCore} wired as
 * {@code scripts/run} wires it (Aeron on, the simulated venue answering), one tick for a quote, then this thread
 * offers, as fast as the core takes them, a resting GTC limit buy and its cancel per step from the order desk (no
 * order-rate or open-order limit; every other check on). The venue's ACCEPTED and CANCELLED come back in as journaled
 * inputs. The clock runs until every input is published and the venue has nothing left to send; the figure counts
 * operations (places and cancels), as the peer's does.
 */
final class PipelinePlaceCancelRate
{
    private static final long FIRST_CLIENT_ORDER_ID = 2_000_000_000L;
    private static final long QUANTITY = 1_000;
    private static final int SLOT = 128;

    private final EncodedTicks ticks;
    private final ThreadingLayout layout;
    private final String idleStrategy;
    private final int steps;
    private final UnsafeBuffer messages;
    private final int[] lengths;

    PipelinePlaceCancelRate(final EncodedTicks ticks, final ThreadingLayout layout, final String idleStrategy,
        final int operations)
    {
        this.ticks = ticks;
        this.layout = layout;
        this.idleStrategy = idleStrategy;
        this.steps = operations / 2;
        messages = new UnsafeBuffer(ByteBuffer.allocateDirect(steps * 2 * SLOT));
        lengths = new int[steps * 2];
        final InputMessages encoder = new InputMessages();
        final long price = ticks.firstBid() - 50 * ticks.instrument().tickSize();
        for (int step = 0; step < steps; step++)
        {
            final long clientOrderId = FIRST_CLIENT_ORDER_ID + step;
            lengths[2 * step] = encoder.newOrder(messages, 2 * step * SLOT, clientOrderId, BenchReferenceData.TENANT,
                BenchReferenceData.ORDER_DESK_ACCOUNT, ticks.instrument().instrumentId(), Side.BUY, OrderType.LIMIT,
                TimeInForce.GTC, QUANTITY, price, 0, 0);
            lengths[2 * step + 1] = encoder.cancelOrder(messages, (2 * step + 1) * SLOT, clientOrderId,
                BenchReferenceData.TENANT, BenchReferenceData.ORDER_DESK_ACCOUNT);
        }
    }

    TrialResult run() throws Exception
    {
        final Path data = TempDirectory.create("pipeline-place-cancel");
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        try (TradingCore core = TradingCore.open(new TradingCore.Context()
            .dataDirectory(data)
            .referenceData(BenchReferenceData.withUnthrottledOrderDesk().inputs())
            .threadingLayout(layout)
            .idleStrategy(idleStrategy)
            .aeronEnabled(true)
            .flushPolicy(FlushPolicy.NONE)
            .listener(venue)
            .publisherThreadAgent(venue)))
        {
            venue.connect(core.venueIngress());
            core.start();
            core.offerBlocking(ticks.buffer(), EncodedTicks.messageOffset(0), EncodedTicks.MESSAGE_LENGTH);
            core.awaitQuiescent(Duration.ofSeconds(30), venue::isSettled);
            final long publishedBefore = core.publishedSequence();
            final ThreadCpu cpu = ThreadCpu.start();
            final long start = System.nanoTime();
            for (int i = 0; i < lengths.length; i++)
            {
                core.offerBlocking(messages, i * SLOT, lengths[i]);
            }
            // Every place is answered ACCEPTED and every cancel CANCELLED: the run is over when those reports are in
            // too. The venue's "settled" alone can be read a moment before its last reports are queued.
            final long expected = 2L * lengths.length;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (core.publishedSequence() - publishedBefore < expected || !venue.isSettled() ||
                !core.ingress().isEmpty() || core.publishedSequence() != core.lastSequenced())
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException(String.format("%,d of %,d inputs published after a minute",
                        core.publishedSequence() - publishedBefore, expected));
                }
                core.checkHealthy();
                LockSupport.parkNanos(50_000);
            }
            final long end = System.nanoTime();
            final long inputs = core.publishedSequence() - publishedBefore;
            return new TrialResult(lengths.length, end - start, String.format("%,d places + %,d cancels; %,d inputs " +
                "published with the venue's reports; %s", steps, steps, inputs, cpu.busyUntil(end)));
        }
        finally
        {
            TempDirectory.delete(data);
        }
    }
}
