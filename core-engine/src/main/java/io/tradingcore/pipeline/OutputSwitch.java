package io.tradingcore.pipeline;

import io.tradingcore.engine.EngineOutput;
import org.agrona.DirectBuffer;

/** Lets recovery and live running give the same engine different destinations for its output. */
final class OutputSwitch implements EngineOutput
{
    private EngineOutput target;

    void target(final EngineOutput target)
    {
        this.target = target;
    }

    @Override
    public void onOutputBatch(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
    {
        target.onOutputBatch(inputSequence, buffer, offset, length);
    }
}
