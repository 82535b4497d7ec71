package io.tradingcore.replay;

import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalEntryHandler;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.outputs.OutputJournalReader;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a data folder's input and output journals side by side and hands over, for each input in
 * sequence order, the input and the outputs it caused, decoded. Always reads from the first input:
 * instrument digits and order ids are learned from the start of the history.
 */
public final class AuditTrail
{
    private static final int INPUT_STAMP = Long.BYTES;
    private static final int PROGRESS_EVERY = 4096;

    /** One input and, in the order emitted, the outputs the engine produced for it. */
    public record Step(AuditRecord input, List<AuditRecord> outputs)
    {
        /** The input first, then its outputs. */
        public List<AuditRecord> records()
        {
            final List<AuditRecord> records = new ArrayList<>(1 + outputs.size());
            records.add(input);
            records.addAll(outputs);
            return records;
        }
    }

    @FunctionalInterface
    public interface StepHandler
    {
        void onStep(Step step);
    }

    @FunctionalInterface
    public interface ProgressListener
    {
        void onProgress(long reached, long last);
    }

    private AuditTrail()
    {
    }

    public static Path inputDirectory(final Path dataDirectory)
    {
        return dataDirectory.resolve("journal").resolve("input");
    }

    /** The sequence of the last journaled input, 0 for an empty journal. */
    public static long lastInputSequence(final Path dataDirectory)
    {
        try (Journal inputs = openInputs(dataDirectory))
        {
            return inputs.lastSequence();
        }
    }

    /**
     * Reads inputs 1 to {@code lastSequence} (or the journal's end if that comes first).
     *
     * @return the number of inputs read
     */
    public static long read(
        final Path dataDirectory, final long lastSequence, final StepHandler handler, final ProgressListener progress)
    {
        final Path outputDirectory = dataDirectory.resolve("journal").resolve("output");
        try (Journal inputs = openInputs(dataDirectory);
            Journal outputs = Journal.open(new Journal.Context().directory(outputDirectory).readOnly(true));
            JournalReader inputReader = inputs.reader();
            JournalReader outputReader = outputs.reader())
        {
            final long last = Math.min(lastSequence, inputs.lastSequence());
            final Reading reading = new Reading(new OutputJournalReader(outputReader), handler);
            long read = 0;
            while (reading.lastInput < last)
            {
                if (inputReader.poll(reading, 1) == 0)
                {
                    throw new IllegalStateException("input journal ended at " + reading.lastInput +
                        " before its last sequence " + last);
                }
                read++;
                if (read % PROGRESS_EVERY == 0)
                {
                    progress.onProgress(reading.lastInput, last);
                }
            }
            progress.onProgress(reading.lastInput, last);
            return read;
        }
    }

    private static Journal openInputs(final Path dataDirectory)
    {
        final Path inputDirectory = inputDirectory(dataDirectory);
        if (!Files.isDirectory(inputDirectory))
        {
            throw new IllegalArgumentException("no input journal in " + dataDirectory.toAbsolutePath() +
                " (run scripts/run first, or pass --data)");
        }
        return Journal.open(new Journal.Context().directory(inputDirectory).readOnly(true));
    }

    private static final class Reading implements JournalEntryHandler
    {
        final MessageFields fields = new MessageFields();
        final OutputJournalReader outputReader;
        final StepHandler handler;
        final ExpandableDirectByteBuffer pending = new ExpandableDirectByteBuffer(4096);
        int pendingLength;
        long pendingInput = -1;
        long lastInput;

        Reading(final OutputJournalReader outputReader, final StepHandler handler)
        {
            this.outputReader = outputReader;
            this.handler = handler;
            readOutputBatch();
        }

        @Override
        public void onEntry(final long sequence, final DirectBuffer buffer, final int offset, final int length)
        {
            lastInput = sequence;
            final long timeNs = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
            final AuditRecord input = fields.input(sequence, timeNs, buffer, offset + INPUT_STAMP,
                length - INPUT_STAMP);
            final List<AuditRecord> outputs = new ArrayList<>(4);
            // Outputs of an earlier input can only follow a damaged input journal: show them, not drop them.
            while (pendingInput != -1 && pendingInput <= sequence)
            {
                final long causedBy = pendingInput;
                OutputBatch.forEach(pending, 0, pendingLength,
                    (b, o, l) -> outputs.add(fields.output(causedBy, timeNs, b, o, l)));
                readOutputBatch();
            }
            handler.onStep(new Step(input, outputs));
        }

        private void readOutputBatch()
        {
            pendingInput = -1;
            outputReader.poll((inputSequence, buffer, offset, length) ->
            {
                pendingInput = inputSequence;
                pendingLength = length;
                pending.putBytes(0, buffer, offset, length);
            });
        }
    }
}
