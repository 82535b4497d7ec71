package io.tradingcore.projections;

import io.tradingcore.codec.ClientCommandDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.journal.JournalEntryHandler;
import io.tradingcore.journal.JournalReader;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The inputs, read from the input journal from a checkpoint on. There is no live stream of inputs: the journal is it,
 * followed a few microseconds behind its writer. Each entry is the engine time stamp (8 bytes, little-endian) and the
 * SBE message.
 */
final class InputSource implements AutoCloseable
{
    /** Receives one input. */
    @FunctionalInterface
    interface InputHandler
    {
        void onInput(long sequence, long timeNs, DirectBuffer buffer, int offset, int length);
    }

    private static final int TIME_STAMP_LENGTH = Long.BYTES;

    private final JournalFollower journal;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ClientCommandDecoder clientCommand = new ClientCommandDecoder();
    private final JournalEntryHandler onEntry = this::onEntry;
    private InputHandler handler;
    private long resumeAfter = -1;
    private long lastRead;

    InputSource(final Path directory)
    {
        journal = new JournalFollower(directory);
    }

    /** The next poll starts after {@code sequence} (0: from the start). */
    void resumeAfter(final long sequence)
    {
        resumeAfter = sequence;
        lastRead = sequence;
    }

    /** @return how many inputs were handed over; 0 at the journal's end or while it does not exist. */
    int poll(final InputHandler handler, final int limit)
    {
        final JournalReader reader = journal.reader();
        if (reader == null)
        {
            return 0;
        }
        if (resumeAfter >= 0)
        {
            if (!reader.resumeAfter(resumeAfter))
            {
                if (journal.lastSequence() < resumeAfter)
                {
                    throw new IllegalStateException("the checkpoint is at input " + resumeAfter + " but " +
                        journal.directory() + " ends at " + journal.lastSequence() +
                        ": this sink was filled from another data folder; rebuild it (--rebuild)");
                }
                throw new IllegalStateException("input " + resumeAfter + " is no longer in " + journal.directory() +
                    " (retention removed it): rebuild this sink (--rebuild) from a data folder that has it");
            }
            resumeAfter = -1;
        }
        this.handler = handler;
        return reader.poll(onEntry, limit);
    }

    /** The sequence of the last input handed over. */
    long lastRead()
    {
        return lastRead;
    }

    /** The input journal's last sequence: how far the core has got. */
    long journalEnd()
    {
        return journal.lastSequence();
    }

    /**
     * Hands over the input, or the input a {@code ClientCommand} carries: what a client sent (a gateway's order, a
     * limit, and in a cluster every input, the bridge's ticks and the reference data included) is what a sink wants,
     * not the envelope that made it applied once.
     */
    private void onEntry(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        lastRead = sequence;
        final long timeNs = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        final int message = offset + TIME_STAMP_LENGTH;
        final int end = offset + length;
        if (end - message >= MessageHeaderDecoder.ENCODED_LENGTH &&
            header.wrap(buffer, message).templateId() == ClientCommandDecoder.TEMPLATE_ID &&
            header.schemaId() == MessageHeaderDecoder.SCHEMA_ID)
        {
            clientCommand.wrapAndApplyHeader(buffer, message, header);
            final int command = clientCommand.limit() + ClientCommandDecoder.commandHeaderLength();
            final int commandLength = clientCommand.commandLength();
            if (commandLength >= MessageHeaderDecoder.ENCODED_LENGTH && command + commandLength <= end)
            {
                handler.onInput(sequence, timeNs, buffer, command, commandLength);
                return;
            }
        }
        handler.onInput(sequence, timeNs, buffer, message, end - message);
    }

    @Override
    public void close()
    {
        journal.close();
    }
}
