package io.tradingcore.benchmarks;

import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineOutput;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.messages.InputMessages;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream of inputs for the engine alone, with a venue's answers in it: the real ticks, and a FILL
 * for every order the engine routes, as the simulated venue would send back through the pipeline.
 * So the ma-crossover strategy gets its fills and holds a position, and every tick runs the
 * daily-loss check on it, as it does in the live pipeline.
 *
 * <p>{@link #ticks} is the ticks and the strategy's fills (at the touch). {@link #orderHeavy} adds,
 * after each tick, an external market order of 0.10 lot (buy and sell in turn) and its FILL. Those
 * orders come from their own account (a copy of the demo account and its limits) so they do not move
 * the strategy's position, and both legs of a buy/sell pair fill at the same price, so that account's
 * P&L stays flat and its daily-loss limit never trips: every order passes every pre-trade check.
 * The stamps are the ticks' own times (the busiest second of the sample has about a hundred ticks,
 * well under 500 orders per second).
 *
 * <p>A FILL must name the order id the engine gave, so the stream is recorded once through an engine
 * that answers its routes; a fresh engine replaying the recording gives the same ids (the engine is
 * deterministic), which {@link #stateHash()} lets the replay confirm.
 */
final class RecordedFlow
{
    private static final long QUANTITY = 1_000;
    private static final long FIRST_CLIENT_ORDER_ID = 1_000_000_000L;
    private static final int ENTRY_HEADER = 16;

    private final ReferenceData reference;
    /**
     * A plain direct buffer, the type the pipeline and replay hand the engine: a third buffer type at the engine's
     * decoders would make their calls megamorphic and measure a slower engine than production runs.
     */
    private final UnsafeBuffer inputs;
    private final int end;
    private final int inputCount;
    private final int ticks;
    private final int orders;
    private final int strategyOrders;
    private final int fills;
    private final int rejected;
    private final Map<String, Integer> rejectReasons;
    private final String stateHash;

    private RecordedFlow(final Recorder recorder)
    {
        this.reference = recorder.reference;
        this.inputs = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(1, recorder.position)));
        this.inputs.putBytes(0, recorder.inputs, 0, recorder.position);
        this.end = recorder.position;
        this.inputCount = recorder.inputCount;
        this.ticks = recorder.ticksFed;
        this.orders = recorder.orders;
        this.strategyOrders = recorder.strategyOrders;
        this.fills = recorder.routes.fills;
        this.rejected = recorder.routes.rejected;
        this.rejectReasons = recorder.routes.rejectReasons;
        this.stateHash = recorder.engine.stateHash();
    }

    /** Every tick, with the built-in reference data and its strategy on tick windows, and the strategy's fills. */
    static RecordedFlow ticks(final EncodedTicks ticks)
    {
        final Recorder recorder = new Recorder(ticks, BenchReferenceData.withTickStrategy());
        for (int step = 0; step < ticks.count(); step++)
        {
            recorder.tick(step);
        }
        return new RecordedFlow(recorder);
    }

    /**
     * The peer's workload: one tick for a quote, then per step a resting GTC limit buy of 0.10 lot below the bid
     * (every pre-trade check runs and passes), the venue's ACCEPTED, a cancel of it and the venue's CANCELLED. The
     * order desk has no order-rate or open-order limit. {@link #orders()} counts the placed orders.
     */
    static RecordedFlow placeCancel(final EncodedTicks ticks, final int steps)
    {
        final Recorder recorder = new Recorder(ticks, BenchReferenceData.withUnthrottledOrderDesk());
        recorder.tick(0);
        for (int step = 0; step < steps; step++)
        {
            recorder.placeAndCancel(step);
        }
        return new RecordedFlow(recorder);
    }

    /** The first {@code steps} ticks, each followed by an external order and its FILL. */
    static RecordedFlow orderHeavy(final EncodedTicks ticks, final int steps)
    {
        final Recorder recorder = new Recorder(ticks, BenchReferenceData.withOrderDeskAccount());
        for (int step = 0; step < Math.min(steps, ticks.count()); step++)
        {
            recorder.tick(step);
            recorder.externalOrder(step);
        }
        return new RecordedFlow(recorder);
    }

    /** The reference data the recording started from: a replaying engine must start from the same. */
    ReferenceData referenceData()
    {
        return reference;
    }

    /** Feeds the whole recording to an engine that has had {@link #referenceData()}; returns the inputs fed. */
    int replay(final Engine engine)
    {
        long sequence = engine.lastSequence();
        int position = 0;
        while (position < end)
        {
            final long stampNs = inputs.getLong(position, ByteOrder.LITTLE_ENDIAN);
            final int length = inputs.getInt(position + Long.BYTES, ByteOrder.LITTLE_ENDIAN);
            engine.onInput(++sequence, stampNs, inputs, position + ENTRY_HEADER, length);
            position += ENTRY_HEADER + BitUtil.align(length, Long.BYTES);
        }
        return inputCount;
    }

    long firstStampNs()
    {
        return inputs.getLong(0, ByteOrder.LITTLE_ENDIAN);
    }

    int inputCount()
    {
        return inputCount;
    }

    int ticks()
    {
        return ticks;
    }

    int orders()
    {
        return orders;
    }

    String stateHash()
    {
        return stateHash;
    }

    String describe()
    {
        return String.format(
            "%,d inputs: %,d ticks, %,d external orders, %,d strategy orders, %,d fills, %,d rejected%s",
            inputCount, ticks, orders, strategyOrders, fills, rejected, rejected == 0 ? "" : " " + rejectReasons);
    }

    /** Runs the inputs through an engine, answering each route with a FILL, and keeps every input. */
    private static final class Recorder
    {
        final EncodedTicks ticks;
        final ReferenceData reference;
        final Routes routes = new Routes();
        final Engine engine;
        final InputMessages messages = new InputMessages();
        final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        final ExpandableDirectByteBuffer inputs = new ExpandableDirectByteBuffer(64 * 1024 * 1024);
        long sequence;
        int position;
        int inputCount;
        int ticksFed;
        int orders;
        int strategyOrders;
        long stampNs;
        long bid;
        long ask;
        long buyPrice;

        Recorder(final EncodedTicks ticks, final ReferenceData reference)
        {
            this.ticks = ticks;
            this.reference = reference;
            engine = FreshEngine.create(routes, reference, ticks.stampNs(0));
            sequence = engine.lastSequence();
        }

        void tick(final int step)
        {
            stampNs = ticks.stampNs(step);
            final MarketTickDecoder tick = ticks.tick(step);
            bid = tick.bid();
            ask = tick.ask();
            feed(ticks.buffer(), EncodedTicks.messageOffset(step), EncodedTicks.MESSAGE_LENGTH);
            ticksFed++;
            fillRoutes(0, 0);
        }

        void externalOrder(final int step)
        {
            final boolean buy = (step & 1) == 0;
            final long clientOrderId = FIRST_CLIENT_ORDER_ID + step;
            if (buy)
            {
                final long tickSize = ticks.instrument().tickSize();
                final long mid = (bid + ask) / 2;
                buyPrice = mid - mid % tickSize;
            }
            final int length = messages.newOrder(scratch, 0, clientOrderId, BenchReferenceData.TENANT,
                BenchReferenceData.ORDER_DESK_ACCOUNT, ticks.instrument().instrumentId(), buy ? Side.BUY : Side.SELL,
                OrderType.MARKET, TimeInForce.IOC, QUANTITY, 0, 0, 0);
            feed(scratch, 0, length);
            orders++;
            fillRoutes(clientOrderId, buyPrice);
        }

        void placeAndCancel(final int step)
        {
            final long clientOrderId = FIRST_CLIENT_ORDER_ID + step;
            final int length = messages.newOrder(scratch, 0, clientOrderId, BenchReferenceData.TENANT,
                BenchReferenceData.ORDER_DESK_ACCOUNT, ticks.instrument().instrumentId(), Side.BUY, OrderType.LIMIT,
                TimeInForce.GTC, QUANTITY, bid - 50 * ticks.instrument().tickSize(), 0, 0);
            feed(scratch, 0, length);
            orders++;
            if (routes.pending.size() != 1)
            {
                throw new IllegalStateException("order " + clientOrderId + " was not routed: " + routes.rejectReasons);
            }
            final long orderId = routes.pending.remove(0).orderId();
            feed(scratch, 0, messages.executionReport(scratch, 0, orderId, ExecType.ACCEPTED, orderId, 0, 0, 0, 0, 0,
                ""));
            feed(scratch, 0, messages.cancelOrder(scratch, 0, clientOrderId, BenchReferenceData.TENANT,
                BenchReferenceData.ORDER_DESK_ACCOUNT));
            feed(scratch, 0, messages.executionReport(scratch, 0, orderId, ExecType.CANCELLED, orderId, 0, 0, 0, 0, 0,
                ""));
        }

        /**
         * FILLs every new route: the external order {@code clientOrderId} at {@code price}, the strategy's at the
         * touch.
         */
        private void fillRoutes(final long clientOrderId, final long price)
        {
            while (!routes.pending.isEmpty())
            {
                final Route route = routes.pending.remove(0);
                final boolean external = route.clientOrderId == clientOrderId;
                if (!external)
                {
                    strategyOrders++;
                }
                final long fillPrice = external ? price : route.side == Side.BUY ? ask : bid;
                final int length = messages.executionReport(scratch, 0, route.orderId, ExecType.FILL, route.orderId,
                    route.orderId, route.quantity, fillPrice, 0, 0, "");
                feed(scratch, 0, length);
            }
        }

        private void feed(final DirectBuffer buffer, final int offset, final int length)
        {
            engine.onInput(++sequence, stampNs, buffer, offset, length);
            inputs.putLong(position, stampNs, ByteOrder.LITTLE_ENDIAN);
            inputs.putInt(position + Long.BYTES, length, ByteOrder.LITTLE_ENDIAN);
            inputs.putBytes(position + ENTRY_HEADER, buffer, offset, length);
            position += ENTRY_HEADER + BitUtil.align(length, Long.BYTES);
            inputCount++;
        }
    }

    private record Route(long orderId, long clientOrderId, Side side, long quantity)
    {
    }

    /** The recording engine's outputs: new routes to fill, and counts of fills and rejects. */
    private static final class Routes implements EngineOutput, OutputBatch.MessageHandler
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final OrderRoutedDecoder routed = new OrderRoutedDecoder();
        final OrderRejectedDecoder rejectedOrder = new OrderRejectedDecoder();
        final List<Route> pending = new ArrayList<>();
        final Map<String, Integer> rejectReasons = new TreeMap<>();
        int fills;
        int rejected;

        @Override
        public void onOutputBatch(final long inputSequence, final DirectBuffer buffer, final int offset,
            final int length)
        {
            OutputBatch.forEach(buffer, offset, length, this);
        }

        @Override
        public void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset);
            final int templateId = header.templateId();
            if (templateId == OrderRoutedDecoder.TEMPLATE_ID)
            {
                routed.wrapAndApplyHeader(buffer, offset, header);
                if (routed.action() == RouteAction.NEW)
                {
                    pending.add(new Route(routed.orderId(), routed.clientOrderId(), routed.side(), routed.quantity()));
                }
            }
            else if (templateId == FillDecoder.TEMPLATE_ID)
            {
                fills++;
            }
            else if (templateId == OrderRejectedDecoder.TEMPLATE_ID)
            {
                rejectedOrder.wrapAndApplyHeader(buffer, offset, header);
                rejected++;
                rejectReasons.merge(rejectedOrder.reason().name(), 1, Integer::sum);
            }
        }
    }
}
