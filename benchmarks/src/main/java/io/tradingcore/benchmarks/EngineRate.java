package io.tradingcore.benchmarks;

import io.tradingcore.config.ReferenceData;
import io.tradingcore.engine.Engine;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The engine alone, on this thread, as the pipeline's engine stage calls it but with nothing around
 * it: a fresh engine per run with the reference data applied first (so the ma-crossover strategy
 * sees every tick), its outputs counted and dropped.
 */
final class EngineRate
{
    private final EncodedTicks ticks;
    private final ReferenceData reference;
    private final OrderFlow orderFlow;

    EngineRate(final EncodedTicks ticks, final ReferenceData reference, final OrderFlow orderFlow)
    {
        this.ticks = ticks;
        this.reference = reference;
        this.orderFlow = orderFlow;
    }

    /** Every pre-encoded tick through {@link Engine#onInput}, stamped with its own time. */
    TrialResult ticks()
    {
        final DiscardingOutput output = new DiscardingOutput();
        final Engine engine = FreshEngine.create(output, reference, ticks.stampNs(0));
        final UnsafeBuffer buffer = ticks.buffer();
        final int count = ticks.count();
        long sequence = engine.lastSequence();
        final long start = System.nanoTime();
        for (int i = 0; i < count; i++)
        {
            engine.onInput(++sequence, ticks.stampNs(i), buffer, EncodedTicks.messageOffset(i),
                EncodedTicks.MESSAGE_LENGTH);
        }
        final long nanos = System.nanoTime() - start;
        return new TrialResult(count, nanos, String.format("%,d output batches (strategy orders and their answers)",
            output.batches));
    }

    /** The recorded order-heavy stream; the figure is external orders per second, each with its tick and FILL. */
    TrialResult orders()
    {
        final DiscardingOutput output = new DiscardingOutput();
        final Engine engine = FreshEngine.create(output, orderFlow.referenceData(), orderFlow.firstStampNs());
        final long start = System.nanoTime();
        orderFlow.replay(engine);
        final long nanos = System.nanoTime() - start;
        if (!engine.stateHash().equals(orderFlow.stateHash()))
        {
            throw new IllegalStateException("the replayed order flow ended in another state than the recording");
        }
        return new TrialResult(orderFlow.orders(), nanos, orderFlow.describe() + String.format(
            "; %,.0f inputs/s", orderFlow.inputCount() * 1e9 / nanos));
    }
}
