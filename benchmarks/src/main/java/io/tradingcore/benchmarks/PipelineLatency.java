package io.tradingcore.benchmarks;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.journal.FlushPolicy;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.pipeline.IdleStrategies;
import io.tradingcore.pipeline.ThreadingLayout;
import io.tradingcore.pipeline.TradingCore;
import io.tradingcore.venue.VenueConnection;
import io.tradingcore.venue.VenueSettings;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline's latency, input to order event: a fresh {@link TradingCore} wired as {@code scripts/run} wires it
 * (journaling on, Aeron on, the simulated venue answering every order with a FILL that comes back in as an input),
 * fed external market orders at a fixed rate; an Aeron subscriber in this process, on its own thread, takes each
 * order's first event (OrderAccepted, or OrderRejected had a check refused it) off the core's publication. The
 * latency runs from the order's intended send time to that moment: ingress, sequencer, input journal, engine with
 * every pre-trade check, output journal, Aeron IPC, subscriber.
 */
final class PipelineLatency
{
    private static final long FIRST_CLIENT_ORDER_ID = 1_000_000_000L;
    private static final long QUANTITY = 1_000;

    /** Below the first tick's bid, inside the price band: a buy limit that rests until it is cancelled. */
    private static final long LIMIT_BELOW_BID = 50;

    private final EncodedTicks ticks;
    private final ThreadingLayout layout;
    private final String idleStrategy;
    private final boolean placeCancel;
    private final AtomicLong rejected = new AtomicLong();
    private volatile String firstRejection;
    private volatile boolean settled;

    /**
     * @param placeCancel false: every event is a market order, done at its OrderAccepted. True: the peer's workload,
     *                    even events place a resting GTC limit buy (done at its OrderAccepted), odd events cancel the
     *                    order placed just before (done at the OrderRouted that sends the cancel to the venue).
     */
    PipelineLatency(
        final EncodedTicks ticks, final ThreadingLayout layout, final String idleStrategy, final boolean placeCancel)
    {
        this.ticks = ticks;
        this.layout = layout;
        this.idleStrategy = idleStrategy;
        this.placeCancel = placeCancel;
    }

    Histogram run(final FixedRateLoad load) throws Exception
    {
        settled = false;
        final Path data = TempDirectory.create("latency-pipeline");
        final ReferenceData reference = BenchReferenceData.withUnthrottledOrderDesk();
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
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
            final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
            // A quote first, so that market orders can be priced and checked.
            core.offerBlocking(ticks.buffer(), EncodedTicks.messageOffset(0), EncodedTicks.MESSAGE_LENGTH);
            core.awaitQuiescent(Duration.ofSeconds(30), venue::isSettled);
            try (Aeron client = Aeron.connect(new Aeron.Context().aeronDirectoryName(data.resolve("aeron").toString()));
                Subscription subscription = client.addSubscription("aeron:ipc", 1001))
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!subscription.isConnected())
                {
                    if (System.nanoTime() > deadline)
                    {
                        throw new IllegalStateException("no Aeron connection to the core's publication");
                    }
                    Thread.sleep(1);
                }
                final Thread receiver = new Thread(() -> receive(subscription, load), "latency-subscriber");
                receiver.setDaemon(true);
                receiver.start();
                final InputMessages messages = new InputMessages();
                final long limitPrice = ticks.firstBid() - LIMIT_BELOW_BID;
                final Histogram histogram = load.run((index, intendedNs) ->
                {
                    final int length;
                    if (!placeCancel)
                    {
                        length = messages.newOrder(buffer, 0, FIRST_CLIENT_ORDER_ID + index, BenchReferenceData.TENANT,
                            BenchReferenceData.ORDER_DESK_ACCOUNT, 1, (index & 1) == 0 ? Side.BUY : Side.SELL,
                            OrderType.MARKET, TimeInForce.IOC, QUANTITY, 0, 0, 0);
                    }
                    else if ((index & 1) == 0)
                    {
                        length = messages.newOrder(buffer, 0, FIRST_CLIENT_ORDER_ID + index, BenchReferenceData.TENANT,
                            BenchReferenceData.ORDER_DESK_ACCOUNT, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                            QUANTITY, limitPrice, 0, 0);
                    }
                    else
                    {
                        length = messages.cancelOrder(buffer, 0, FIRST_CLIENT_ORDER_ID + index - 1,
                            BenchReferenceData.TENANT, BenchReferenceData.ORDER_DESK_ACCOUNT);
                    }
                    core.offerBlocking(buffer, 0, length);
                }, TimeUnit.SECONDS.toNanos(30));
                // The subscriber keeps reading until the core has published everything: an IPC subscriber that stops
                // reading while still connected holds the publication, and with it the core, back.
                core.awaitQuiescent(Duration.ofSeconds(30), venue::isSettled);
                settled = true;
                receiver.join(TimeUnit.SECONDS.toMillis(10));
                if (rejected.get() > 0)
                {
                    // A rejection is answered sooner than an order that is accepted, routed and filled, so a run
                    // with rejections would time a lighter workload than the one it names.
                    throw new IllegalStateException(String.format(
                        "%,d of the orders were rejected, the first for %s: " +
                        "the order desk's limits or balance no longer let the load through", rejected.get(),
                        firstRejection));
                }
                return histogram;
            }
        }
        finally
        {
            TempDirectory.delete(data);
        }
    }

    private void receive(final Subscription subscription, final FixedRateLoad load)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final OrderAcceptedDecoder accepted = new OrderAcceptedDecoder();
        final OrderRejectedDecoder refused = new OrderRejectedDecoder();
        final OrderRoutedDecoder routed = new OrderRoutedDecoder();
        final int[] received = new int[1];
        final FragmentHandler handler = (buffer, offset, length, fragmentHeader) ->
        {
            header.wrap(buffer, offset);
            final int templateId = header.templateId();
            long clientOrderId = -1;
            if (templateId == OrderAcceptedDecoder.TEMPLATE_ID)
            {
                clientOrderId = accepted.wrapAndApplyHeader(buffer, offset, header).clientOrderId();
            }
            else if (templateId == OrderRejectedDecoder.TEMPLATE_ID)
            {
                clientOrderId = refused.wrapAndApplyHeader(buffer, offset, header).clientOrderId();
                if (rejected.incrementAndGet() == 1)
                {
                    firstRejection = refused.reason() + " (" + refused.text() + ")";
                }
            }
            else if (placeCancel && templateId == OrderRoutedDecoder.TEMPLATE_ID &&
                routed.wrapAndApplyHeader(buffer, offset, header).action() == RouteAction.CANCEL)
            {
                // The cancel of the order placed by event i is event i + 1.
                clientOrderId = routed.clientOrderId() + 1;
            }
            if (clientOrderId >= FIRST_CLIENT_ORDER_ID)
            {
                load.onResponse((int)(clientOrderId - FIRST_CLIENT_ORDER_ID));
                received[0]++;
            }
        };
        final IdleStrategy idle = IdleStrategies.named(idleStrategy).get();
        while (received[0] < load.events() || !settled)
        {
            idle.idle(subscription.poll(handler, 64));
        }
    }
}
