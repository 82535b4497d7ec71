package io.tradingcore.pipeline;

import io.tradingcore.outputs.OutputJournalWriter;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * One pre-allocated ring entry. The input is laid out exactly as it is journaled, the engine time
 * stamp first and the SBE message after it, so the journaller appends it without a copy; the
 * engine's outputs for it are laid out as the output journal stores them, input sequence first.
 */
public final class InputEvent
{
    /** Bytes before the message in {@link #input}: the engine time stamp. */
    public static final int INPUT_HEADER = Long.BYTES;
    /** Bytes before the output batch in {@link #output}: the input sequence. */
    public static final int OUTPUT_HEADER = OutputJournalWriter.HEADER_LENGTH;

    final UnsafeBuffer input;
    final ExpandableDirectByteBuffer output = new ExpandableDirectByteBuffer(512);
    long sequence;
    long timeNs;
    int messageLength;
    int outputLength;

    InputEvent(final int maxMessageLength)
    {
        input = new UnsafeBuffer(ByteBuffer.allocateDirect(INPUT_HEADER + maxMessageLength));
    }

    int inputLength()
    {
        return INPUT_HEADER + messageLength;
    }
}
