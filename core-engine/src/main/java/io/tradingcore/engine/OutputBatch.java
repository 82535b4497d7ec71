package io.tradingcore.engine;

import org.agrona.DirectBuffer;

/** Walks the messages of an output batch (see {@link EngineOutput}) without allocating. */
public final class OutputBatch
{
    public static final int LENGTH_PREFIX = Integer.BYTES;

    @FunctionalInterface
    public interface MessageHandler
    {
        void onMessage(DirectBuffer buffer, int offset, int length);
    }

    private OutputBatch()
    {
    }

    /** Calls the handler for each message; returns how many there were. */
    public static int forEach(final DirectBuffer buffer, final int offset, final int length,
        final MessageHandler handler)
    {
        int position = offset;
        final int end = offset + length;
        int count = 0;
        while (position + LENGTH_PREFIX <= end)
        {
            final int messageLength = buffer.getInt(position, java.nio.ByteOrder.LITTLE_ENDIAN);
            if (messageLength < 0 || position + LENGTH_PREFIX + messageLength > end)
            {
                throw new IllegalStateException("output batch frame at " + (position - offset) + " is damaged");
            }
            handler.onMessage(buffer, position + LENGTH_PREFIX, messageLength);
            position += LENGTH_PREFIX + messageLength;
            count++;
        }
        return count;
    }
}
