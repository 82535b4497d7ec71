package io.tradingcore.benchmarks;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineOutput;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An engine driven directly, as the pipeline's engine stage drives it, with the reference data
 * applied first as the journaled admin inputs a new data folder starts with: instruments, tenant,
 * account, risk limits and the attached strategy.
 */
final class FreshEngine
{
    private FreshEngine()
    {
    }

    /**
     * The engine after the reference data, all stamped {@code timeNs}; its next sequence is {@code lastSequence() +
     * 1}.
     */
    static Engine create(final EngineOutput output, final ReferenceData reference, final long timeNs)
    {
        final Engine engine = new Engine(ExampleStrategies.catalog(), output);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
        long sequence = 0;
        for (final byte[] input : reference.inputs())
        {
            buffer.wrap(input);
            engine.onInput(++sequence, timeNs, buffer, 0, input.length);
        }
        return engine;
    }
}
