package io.tradingcore.benchmarks;

import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MarketTickEncoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import io.tradingcore.config.ReferenceData;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One real tick through {@link Engine#onInput}, with the built-in reference data applied and the
 * ma-crossover strategy attached on windows of ticks ({@link BenchReferenceData#TICK_STRATEGY}): decode,
 * quote update, the daily-loss check of the strategy's open position, and the strategy's moving
 * averages. During set-up one pass over the sample runs with the strategy's orders filled at the
 * touch, as the venue would, so it holds a position as it does live; after that its next order stays
 * in flight. The ticks are taken in turn, each pass a day later than
 * the last so that time keeps increasing: every operation writes its tick's time into the message
 * (one store) rather than a whole pass being rewritten inside one operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
// The warm-up of scripts/bench quick: C2 needs about 0.4 s of this path here before it settles
// (benchmarks/README.md, JMH). Full mode sets 3 x 1 s on the command line, which overrides this.
@Warmup(iterations = 1, time = 600, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1)
public class EngineTickBenchmark
{
    private static final int TIME_MSC_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + MarketTickEncoder.timeMscEncodingOffset();

    private EncodedTicks ticks;
    private UnsafeBuffer buffer;
    private long[] timeMsc;
    private long[] stampNs;
    private int count;
    private long periodMs;
    private long shiftMs;
    private Engine engine;
    private long sequence;
    private int index;

    @Setup
    public void setUp()
    {
        final ReferenceData reference = BenchReferenceData.withTickStrategy();
        ticks = EncodedTicks.load(TickFiles.forMicroBenchmarks(), reference, 1);
        buffer = ticks.buffer();
        count = ticks.count();
        periodMs = ticks.periodMs();
        timeMsc = new long[count];
        stampNs = new long[count];
        for (int i = 0; i < count; i++)
        {
            timeMsc[i] = ticks.tick(i).timeMsc();
            stampNs[i] = ticks.stampNs(i);
        }
        final StrategyRoutes routes = new StrategyRoutes();
        engine = FreshEngine.create(routes, reference, ticks.stampNs(0));
        sequence = engine.lastSequence();
        final InputMessages messages = new InputMessages();
        final UnsafeBuffer fill = new UnsafeBuffer(new byte[128]);
        for (int i = 0; i < count; i++)
        {
            tick();
            if (routes.orderId != 0)
            {
                final MarketTickDecoder quote = ticks.tick(i);
                final int length = messages.executionReport(fill, 0, routes.orderId, ExecType.FILL, routes.orderId,
                    routes.orderId, routes.quantity, routes.side == Side.BUY ? quote.ask() : quote.bid(), 0, 0, "");
                routes.orderId = 0;
                engine.onInput(++sequence, ticks.stampNs(i), fill, 0, length);
            }
        }
        if (engine.report().positions().isEmpty())
        {
            throw new IllegalStateException("the strategy holds no position after set-up: nothing would be checked");
        }
        routes.recording = false;
    }

    @Benchmark
    public void tick()
    {
        if (index == count)
        {
            index = 0;
            shiftMs += periodMs;
        }
        final int offset = EncodedTicks.messageOffset(index);
        buffer.putLong(offset + TIME_MSC_OFFSET, timeMsc[index] + shiftMs, MarketTickEncoder.BYTE_ORDER);
        engine.onInput(++sequence, stampNs[index] + shiftMs * 1_000_000L, buffer, offset, EncodedTicks.MESSAGE_LENGTH);
        index++;
    }

    /** During set-up, the order the strategy routed on the last tick; afterwards, nothing. */
    private static final class StrategyRoutes implements EngineOutput, OutputBatch.MessageHandler
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final OrderRoutedDecoder routed = new OrderRoutedDecoder();
        boolean recording = true;
        long orderId;
        long quantity;
        Side side;

        @Override
        public void onOutputBatch(final long inputSequence, final DirectBuffer buffer, final int offset,
            final int length)
        {
            if (recording)
            {
                OutputBatch.forEach(buffer, offset, length, this);
            }
        }

        @Override
        public void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            if (header.wrap(buffer, offset).templateId() == OrderRoutedDecoder.TEMPLATE_ID)
            {
                routed.wrapAndApplyHeader(buffer, offset, header);
                if (routed.action() == RouteAction.NEW)
                {
                    orderId = routed.orderId();
                    quantity = routed.quantity();
                    side = routed.side();
                }
            }
        }
    }
}
