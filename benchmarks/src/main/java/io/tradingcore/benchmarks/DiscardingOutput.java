package io.tradingcore.benchmarks;

import io.tradingcore.engine.EngineOutput;
import org.agrona.DirectBuffer;

/** Where the engine's outputs go when only the engine is measured: counted, never copied or kept. */
final class DiscardingOutput implements EngineOutput
{
    long batches;
    long bytes;

    @Override
    public void onOutputBatch(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
    {
        batches++;
        bytes += length;
    }
}
