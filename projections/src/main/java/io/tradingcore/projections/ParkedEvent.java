package io.tradingcore.projections;

/**
 * An event a sink could not apply, kept in its dead-letter store with the reason, or an event of the same account
 * parked behind it in order.
 *
 * @param input         true for an input from the input journal, false for an output
 * @param inputSequence the input's sequence, or the sequence of the input that caused the output
 * @param outputIndex   0 for an input; the output's index among its input's outputs, from 1
 * @param timeNs        engine time, epoch nanoseconds
 * @param tenantId      0 when the event names none
 * @param accountId     0 when the event names none
 * @param message       the SBE message, header included
 * @param reason        why it was parked
 */
public record ParkedEvent(
    boolean input,
    long inputSequence,
    int outputIndex,
    long timeNs,
    int tenantId,
    long accountId,
    byte[] message,
    String reason)
{
}
