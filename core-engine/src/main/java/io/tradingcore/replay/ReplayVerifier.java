package io.tradingcore.replay;

import io.tradingcore.engine.Engine;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.ChainCheck;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.messages.MessageText;
import io.tradingcore.outputs.OutputJournalReader;
import io.tradingcore.strategy.StrategyCatalog;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-runs a data folder's input journal in a fresh engine and compares every output, byte for
 * byte, with the output journal. Equal means the recorded history is exactly what this engine
 * computes from the recorded inputs: the audit's proof, and the check after any engine change.
 * An input's outputs are compared whole, joined from every entry they were split over.
 * <p>
 * First it walks the hash chain of both journals: an entry edited in the files (even with its
 * CRC recomputed) breaks the chain there, and the chain heads are fingerprints of the whole
 * history to compare with ones written down elsewhere.
 */
public final class ReplayVerifier
{
    private static final int INPUT_STAMP = Long.BYTES;

    public record Divergence(long inputSequence, String expected, String actual)
    {
    }

    /**
     * @param inputChain  the hash chain check of the input journal
     * @param outputChain the hash chain check of the output journal
     */
    public record Result(long inputs, long outputMessages, String stateHash, Divergence divergence, long millis,
        ChainCheck inputChain, ChainCheck outputChain)
    {
        public boolean identical()
        {
            return divergence == null;
        }

        public boolean chainsIntact()
        {
            return inputChain.intact() && outputChain.intact();
        }
    }

    @FunctionalInterface
    public interface ProgressListener
    {
        void onProgress(long reached, long total);
    }

    private ReplayVerifier()
    {
    }

    /**
     * @param progress called every 65,536 inputs with the sequence reached and the last one
     */
    public static Result verify(final Path dataDirectory, final StrategyCatalog catalog,
        final ProgressListener progress)
    {
        final Path inputDirectory = dataDirectory.resolve("journal").resolve("input");
        final Path outputDirectory = dataDirectory.resolve("journal").resolve("output");
        if (!Files.isDirectory(inputDirectory))
        {
            throw new IllegalArgumentException("no input journal in " + dataDirectory + " (expected " + inputDirectory
                + ")");
        }
        final long start = System.nanoTime();
        try (Journal inputs = Journal.open(new Journal.Context().directory(inputDirectory).readOnly(true));
            Journal outputs = Journal.open(new Journal.Context().directory(outputDirectory).readOnly(true));
            JournalReader inputReader = inputs.reader();
            JournalReader outputReader = outputs.reader())
        {
            final ChainCheck inputChain = inputs.verifyChain();
            final ChainCheck outputChain = outputs.verifyChain();
            final Comparison comparison = new Comparison(new OutputJournalReader(outputReader), catalog);
            final long last = inputs.lastSequence();
            while (comparison.divergence == null && comparison.nextInput <= last)
            {
                if (inputReader.poll(comparison, 1) == 0)
                {
                    throw new IllegalStateException("input journal ended before its last sequence " + last);
                }
                if ((comparison.nextInput & 0xFFFF) == 0)
                {
                    progress.onProgress(comparison.nextInput, last);
                }
            }
            if (comparison.divergence == null)
            {
                comparison.checkNoOutputsLeft();
            }
            return new Result(comparison.nextInput - 1, comparison.outputMessages, comparison.engine.stateHash(),
                comparison.divergence, (System.nanoTime() - start) / 1_000_000, inputChain, outputChain);
        }
    }

    private static final class Comparison implements io.tradingcore.journal.JournalEntryHandler
    {
        final Engine engine;
        final OutputJournalReader outputReader;
        final ExpandableDirectByteBuffer actual = new ExpandableDirectByteBuffer(4096);
        final ExpandableDirectByteBuffer expected = new ExpandableDirectByteBuffer(4096);
        int actualLength;
        int expectedLength;
        long expectedInput = -1;
        long nextInput = 1;
        long outputMessages;
        Divergence divergence;

        Comparison(final OutputJournalReader outputReader, final StrategyCatalog catalog)
        {
            this.outputReader = outputReader;
            this.engine = new Engine(catalog, (sequence, buffer, offset, length) ->
            {
                actual.putBytes(0, buffer, offset, length);
                actualLength = length;
            });
            readExpected();
        }

        private void readExpected()
        {
            expectedInput = -1;
            outputReader.poll((inputSequence, buffer, offset, length) ->
            {
                expectedInput = inputSequence;
                expectedLength = length;
                expected.putBytes(0, buffer, offset, length);
            });
        }

        @Override
        public void onEntry(final long sequence, final DirectBuffer buffer, final int offset, final int length)
        {
            if (sequence != nextInput)
            {
                divergence = new Divergence(nextInput, "input " + nextInput, "input journal jumps to " + sequence);
                return;
            }
            nextInput++;
            actualLength = 0;
            engine.onInput(sequence, buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN), buffer, offset + INPUT_STAMP,
                length - INPUT_STAMP);
            if (expectedInput != -1 && expectedInput < sequence)
            {
                divergence = new Divergence(expectedInput, describe(expected, expectedLength),
                    "(no output: the engine produced nothing for that input)");
                return;
            }
            final boolean hasExpected = expectedInput == sequence;
            final int expectedBytes = hasExpected ? expectedLength : 0;
            if (!equal(expected, expectedBytes, actual, actualLength))
            {
                divergence = firstDifference(sequence, expectedBytes);
                return;
            }
            outputMessages += actualLength == 0 ? 0 :
                OutputBatch.forEach(actual, 0, actualLength, (b, o, l) -> { });
            if (hasExpected)
            {
                readExpected();
            }
        }

        void checkNoOutputsLeft()
        {
            if (expectedInput != -1)
            {
                divergence = new Divergence(expectedInput, describe(expected, expectedLength),
                    "(no such input: the output journal holds outputs beyond the input journal)");
            }
        }

        private Divergence firstDifference(final long sequence, final int expectedBytes)
        {
            final List<String> expectedMessages = messages(expected, expectedBytes);
            final List<String> actualMessages = messages(actual, actualLength);
            for (int i = 0; i < Math.max(expectedMessages.size(), actualMessages.size()); i++)
            {
                final String e = i < expectedMessages.size() ? expectedMessages.get(i) : "(nothing)";
                final String a = i < actualMessages.size() ? actualMessages.get(i) : "(nothing)";
                if (!e.equals(a))
                {
                    return new Divergence(sequence, "message " + (i + 1) + ": " + e, "message " + (i + 1) + ": " + a);
                }
            }
            return new Divergence(sequence, describe(expected, expectedBytes), describe(actual, actualLength));
        }

        private static boolean equal(
            final DirectBuffer a, final int aLength, final DirectBuffer b, final int bLength)
        {
            if (aLength != bLength)
            {
                return false;
            }
            for (int i = 0; i < aLength; i++)
            {
                if (a.getByte(i) != b.getByte(i))
                {
                    return false;
                }
            }
            return true;
        }

        private static List<String> messages(final DirectBuffer buffer, final int length)
        {
            final List<String> texts = new ArrayList<>();
            try
            {
                OutputBatch.forEach(buffer, 0, length, (b, o, l) ->
                {
                    final byte[] bytes = new byte[l];
                    b.getBytes(o, bytes);
                    texts.add(MessageText.describe(new UnsafeBuffer(bytes), 0, l) + " [" + hex(bytes) + "]");
                });
            }
            catch (final IllegalStateException ex)
            {
                texts.add("(damaged batch: " + ex.getMessage() + ")");
            }
            return texts;
        }

        private static String describe(final DirectBuffer buffer, final int length)
        {
            return length == 0 ? "(no output)" : String.join(" | ", messages(buffer, length));
        }

        private static String hex(final byte[] bytes)
        {
            final StringBuilder text = new StringBuilder(bytes.length * 2);
            for (final byte b : bytes)
            {
                text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return text.toString();
        }
    }
}
