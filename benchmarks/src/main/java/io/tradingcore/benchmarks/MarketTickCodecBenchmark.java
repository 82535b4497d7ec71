package io.tradingcore.benchmarks;

import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.messages.InputMessages;
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

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Encode one real tick as an SBE MarketTick with {@link InputMessages} and decode every field back:
 * the floor under anything that handles a tick, and the yardstick for the engine's per-tick cost.
 * The first 4,096 ticks of the sample are taken in turn so values are not constant.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
// The warm-up of scripts/bench quick: this is the baseline of the other JMH ratios, and a half-warm baseline moves
// all of them together (benchmarks/README.md, JMH). Full mode sets 3 x 1 s on the command line, which overrides this.
@Warmup(iterations = 1, time = 800, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1)
public class MarketTickCodecBenchmark
{
    private static final int TICKS = 4_096;

    private final long[] timeMsc = new long[TICKS];
    private final long[] bid = new long[TICKS];
    private final long[] ask = new long[TICKS];
    private final int[] flags = new int[TICKS];
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(EncodedTicks.MESSAGE_LENGTH));
    private final InputMessages messages = new InputMessages();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MarketTickDecoder decoder = new MarketTickDecoder();
    private int index;

    @Setup
    public void setUp()
    {
        final EncodedTicks ticks = EncodedTicks.load(TickFiles.forMicroBenchmarks(), ReferenceData.defaults(), 1);
        for (int i = 0; i < TICKS; i++)
        {
            final MarketTickDecoder tick = ticks.tick(i % ticks.count());
            timeMsc[i] = tick.timeMsc();
            bid[i] = tick.bid();
            ask[i] = tick.ask();
            flags[i] = tick.flags();
        }
    }

    @Benchmark
    public long encodeAndDecode()
    {
        final int i = index++ & (TICKS - 1);
        final int length = messages.marketTick(buffer, 0, 1, timeMsc[i], bid[i], ask[i], 0, 0, flags[i]);
        decoder.wrapAndApplyHeader(buffer, 0, header);
        return length + decoder.instrumentId() + decoder.timeMsc() + decoder.bid() + decoder.ask() + decoder.last() +
            decoder.volume() + decoder.flags();
    }
}
