package io.tradingcore.projections;

import org.agrona.DirectBuffer;

/** Receives one output of the engine with its place in the stream. */
@FunctionalInterface
interface OutputHandler
{
    /**
     * @param inputSequence the input that caused it
     * @param index         its index among that input's outputs, from 1
     * @param timeNs        its engine time
     * @param buffer        holding the SBE message, header included; valid only during the call
     */
    void onOutput(long inputSequence, int index, long timeNs, DirectBuffer buffer, int offset, int length);
}
