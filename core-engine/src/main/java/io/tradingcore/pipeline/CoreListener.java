package io.tradingcore.pipeline;

import org.agrona.DirectBuffer;

/**
 * Sees every input and every output in order, on the publisher thread, after both are journaled.
 * For in-process consumers: the simulated venue, tests, summaries. Must not block.
 */
public interface CoreListener
{
    /** A journaled input (SBE message, header included) and the engine time it was stamped with. */
    default void onInput(final long sequence, final long timeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
    }

    /** One output message (SBE, header included) caused by input {@code inputSequence}. */
    default void onOutput(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
    {
    }
}
