package io.tradingcore.benchmarks;

import io.tradingcore.config.ReferenceData;
import io.tradingcore.engine.Engine;
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
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * One real tick through {@link Engine#onInput}, with the default reference data applied and the
 * ma-crossover strategy attached: decode, quote update, daily-loss check of open positions, and the
 * strategy's moving averages. The sample's ticks are taken in turn; after the last one they are all
 * moved a day later (once per 167,430 operations) so that time keeps increasing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EngineTickBenchmark
{
    private EncodedTicks ticks;
    private UnsafeBuffer buffer;
    private Engine engine;
    private long sequence;
    private int index;

    @Setup
    public void setUp()
    {
        final ReferenceData reference = ReferenceData.defaults();
        ticks = EncodedTicks.load(TickFiles.forMicroBenchmarks(), reference, 1);
        buffer = ticks.buffer();
        engine = FreshEngine.create(new DiscardingOutput(), reference, ticks.stampNs(0));
        sequence = engine.lastSequence();
    }

    @Benchmark
    public void tick()
    {
        if (index == ticks.count())
        {
            ticks.moveLater();
            index = 0;
        }
        engine.onInput(++sequence, ticks.stampNs(index), buffer, EncodedTicks.messageOffset(index),
            EncodedTicks.MESSAGE_LENGTH);
        index++;
    }
}
