package io.tradingcore.engine;

import org.agrona.DirectBuffer;

/**
 * Receives what the engine emits for one input: a batch of SBE messages, each framed as a 32-bit
 * little-endian length followed by the message (header included). Called once per input that
 * produced output, on the engine thread; the buffer is reused after the call returns.
 */
@FunctionalInterface
public interface EngineOutput
{
    void onOutputBatch(long inputSequence, DirectBuffer buffer, int offset, int length);
}
