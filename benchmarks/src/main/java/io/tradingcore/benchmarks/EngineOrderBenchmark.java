package io.tradingcore.benchmarks;

import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.ExecutionReportEncoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.NewOrderEncoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineOutput;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.messages.InputMessages;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One external market order and the venue's FILL for it through {@link Engine#onInput}: validation,
 * every pre-trade risk check, routing, the fill, the position and P&L, and the account state. The
 * orders alternate buy and sell 0.10 lot at one price, so P&L stays flat and no limit trips; engine
 * time advances 4 ms per order (250 orders per second, under the account's limit of 500) and a tick
 * every 1,000 orders keeps the quote fresh. Both inputs are encoded once; each operation patches the
 * client order id and the order id the engine gave (read from its OrderRouted output).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
// The warm-up of scripts/bench quick: C2 needs about 1.4 s of this path here before it settles
// (benchmarks/README.md, JMH). Full mode sets 3 x 1 s on the command line, which overrides this.
@Warmup(iterations = 1, time = 1500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1)
public class EngineOrderBenchmark
{
    private static final long STEP_NS = 4_000_000L;
    private static final int TICK_EVERY = 1_000;
    private static final long QUANTITY = 1_000;
    private static final long BID = 139_147;
    private static final long ASK = 139_149;
    private static final int TICK_OFFSET = 0;
    private static final int BUY_OFFSET = 128;
    private static final int SELL_OFFSET = 256;
    private static final int FILL_OFFSET = 384;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final InputMessages messages = new InputMessages();
    private final NewOrderEncoder order = new NewOrderEncoder();
    private final ExecutionReportEncoder fill = new ExecutionReportEncoder();
    private final Routes routes = new Routes();
    private Engine engine;
    private int orderLength;
    private int fillLength;
    private long sequence;
    private long timeNs;
    private long operations;

    @Setup
    public void setUp()
    {
        timeNs = 1_399_525_217_007L * 1_000_000L;
        engine = FreshEngine.create(routes, BenchReferenceData.withOrderDeskAccount(), timeNs);
        sequence = engine.lastSequence();
        tick();
        orderLength = encodeOrder(BUY_OFFSET, Side.BUY);
        encodeOrder(SELL_OFFSET, Side.SELL);
        fillLength = messages.executionReport(buffer, FILL_OFFSET, 0, ExecType.FILL, 0, 0, QUANTITY, (BID + ASK) / 2,
            0, 0, "");
    }

    private int encodeOrder(final int offset, final Side side)
    {
        return messages.newOrder(buffer, offset, 0, BenchReferenceData.TENANT, BenchReferenceData.ORDER_DESK_ACCOUNT,
            1, side, OrderType.MARKET, TimeInForce.IOC, QUANTITY, 0, 0, 0);
    }

    private void tick()
    {
        final int length = messages.marketTick(buffer, TICK_OFFSET, 1, timeNs / 1_000_000L, BID, ASK, 0, 0, 6);
        engine.onInput(++sequence, timeNs, buffer, TICK_OFFSET, length);
    }

    @Benchmark
    public void newOrderAndFill()
    {
        timeNs += STEP_NS;
        if (++operations % TICK_EVERY == 0)
        {
            tick();
        }
        final int orderOffset = (operations & 1) == 0 ? BUY_OFFSET : SELL_OFFSET;
        order.wrap(buffer, orderOffset + MessageHeaderEncoder.ENCODED_LENGTH).clientOrderId(operations);
        engine.onInput(++sequence, timeNs, buffer, orderOffset, orderLength);
        final long orderId = routes.lastOrderId;
        fill.wrap(buffer, FILL_OFFSET + MessageHeaderEncoder.ENCODED_LENGTH)
            .orderId(orderId).venueOrderId(orderId).dealId(orderId);
        engine.onInput(++sequence, timeNs, buffer, FILL_OFFSET, fillLength);
    }

    /** A benchmark of rejects would look fast: every order must have been filled. */
    @TearDown
    public void checkEveryOrderFilled()
    {
        if (routes.fills != operations)
        {
            throw new IllegalStateException(routes.fills + " fills for " + operations + " orders");
        }
    }

    /** Reads the order id from OrderRouted and counts fills; drops everything else. */
    private static final class Routes implements EngineOutput, OutputBatch.MessageHandler
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final OrderRoutedDecoder routed = new OrderRoutedDecoder();
        long lastOrderId;
        long fills;

        @Override
        public void onOutputBatch(final long inputSequence, final DirectBuffer buffer, final int offset,
            final int length)
        {
            OutputBatch.forEach(buffer, offset, length, this);
        }

        @Override
        public void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            final int templateId = header.wrap(buffer, offset).templateId();
            if (templateId == OrderRoutedDecoder.TEMPLATE_ID)
            {
                lastOrderId = routed.wrapAndApplyHeader(buffer, offset, header).orderId();
            }
            else if (templateId == FillDecoder.TEMPLATE_ID)
            {
                fills++;
            }
        }
    }
}
