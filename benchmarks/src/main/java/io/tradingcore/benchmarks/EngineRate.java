package io.tradingcore.benchmarks;

import io.tradingcore.engine.Engine;

/**
 * The engine alone, on this thread, as the pipeline's engine stage calls it but with nothing around
 * it: a fresh engine per run with the recording's reference data applied first, then the recorded
 * inputs; outputs counted and dropped. The final state hash must equal the recording's.
 */
final class EngineRate
{
    private EngineRate()
    {
    }

    /** Ticks per second ({@code perOrder} false) or external orders per second ({@code perOrder} true). */
    static TrialResult run(final RecordedFlow flow, final boolean perOrder)
    {
        final DiscardingOutput output = new DiscardingOutput();
        final Engine engine = FreshEngine.create(output, flow.referenceData(), flow.firstStampNs());
        final long start = System.nanoTime();
        flow.replay(engine);
        final long nanos = System.nanoTime() - start;
        if (!engine.stateHash().equals(flow.stateHash()))
        {
            throw new IllegalStateException("the replayed inputs ended in another state than the recording");
        }
        return new TrialResult(perOrder ? flow.orders() : flow.ticks(), nanos, flow.describe() + String.format(
            "; %,.0f inputs/s; %,d output batches", flow.inputCount() * 1e9 / nanos, output.batches));
    }
}
