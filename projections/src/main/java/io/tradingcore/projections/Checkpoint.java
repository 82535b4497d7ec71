package io.tradingcore.projections;

/**
 * How far a sink has applied the core's two streams, stored with its rows in the same transaction or atomic write.
 * Inputs are counted by input sequence. Outputs are placed by the input that caused them and their index among that
 * input's outputs, from 1: the output journal splits nothing a message, and Aeron carries one message each, so both
 * sources give every output the same place. {@code (s, k)} means every output of the inputs before {@code s} and
 * the first {@code k} of {@code s}'s.
 *
 * @param lastInput       the last input sequence applied (0: none)
 * @param outputInput     the input whose outputs were applied last (0: none)
 * @param outputIndex     how many of that input's outputs were applied
 */
public record Checkpoint(long lastInput, long outputInput, int outputIndex)
{
    public static final Checkpoint ZERO = new Checkpoint(0, 0, 0);

    /** True when the output at {@code (inputSequence, index)} is at or before this checkpoint: already applied. */
    public boolean covers(final long inputSequence, final int index)
    {
        return inputSequence < outputInput || (inputSequence == outputInput && index <= outputIndex);
    }

    @Override
    public String toString()
    {
        return "inputs to " + lastInput + ", outputs to " + outputInput + "/" + outputIndex;
    }
}
