package io.tradingcore.projections;

import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.outputs.OutputJournalReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a data folder's journals hold, read the way the audit reads them, for comparing with what a sink got. */
final class JournalContents
{
    private JournalContents()
    {
    }

    /** Every output as {@code input/index} with its bytes, in journal order. */
    static List<MemorySink.Applied> outputs(final Path data)
    {
        final List<MemorySink.Applied> outputs = new ArrayList<>();
        try (Journal journal = Journal.open(new Journal.Context().directory(data.resolve("journal").resolve("output"))
            .readOnly(true));
            JournalReader entries = journal.reader())
        {
            final OutputJournalReader reader = new OutputJournalReader(entries);
            while (reader.poll((inputSequence, buffer, offset, length) ->
            {
                final int[] index = {0};
                OutputBatch.forEach(buffer, offset, length, (message, at, messageLength) ->
                {
                    final byte[] bytes = new byte[messageLength];
                    message.getBytes(at, bytes);
                    outputs.add(new MemorySink.Applied(false, inputSequence, ++index[0], bytes, false));
                });
            }))
            {
                // each poll hands over one input's outputs
            }
        }
        return outputs;
    }

    /** The sequences of the inputs whose template is {@code templateId}, in order. */
    static List<Long> inputsOf(final Path data, final int templateId)
    {
        final List<Long> sequences = new ArrayList<>();
        try (Journal journal = Journal.open(new Journal.Context().directory(data.resolve("journal").resolve("input"))
            .readOnly(true));
            JournalReader reader = journal.reader())
        {
            while (reader.poll((sequence, buffer, offset, length) ->
            {
                if (EventKeys.templateId(buffer, offset + Long.BYTES) == templateId)
                {
                    sequences.add(sequence);
                }
            }, 1024) > 0)
            {
                // reads to the end
            }
        }
        return sequences;
    }
}
