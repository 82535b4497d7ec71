package io.tradingcore.replay;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.cli.ReplayCommand;
import io.tradingcore.journal.ChainCheck;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.strategy.StrategyCatalog;
import io.tradingcore.strategy.examples.MeanReversionBand;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replay verification finds the first divergence, whatever its cause. */
class ReplayVerifierTest
{
    @TempDir
    Path data;

    @BeforeEach
    void recordARun() throws Exception
    {
        AuditDataFolder.record(data);
    }

    @Test
    void identicalWithTheSameEngine()
    {
        final ReplayVerifier.Result result = ReplayVerifier.verify(data, ExampleStrategies.catalog(), (r, t) -> { });
        assertTrue(result.identical(), String.valueOf(result.divergence()));
        assertTrue(result.inputs() > 20_000);
        assertTrue(result.chainsIntact(), result.inputChain() + " " + result.outputChain());
        assertEquals(result.inputs(), result.inputChain().headSequence());
        assertEquals(result.inputs(), result.inputChain().entries());
        assertTrue(result.outputChain().entries() > 0);
        assertEquals(0, ReplayCommand.run(new String[] {"verify", "--data", data.toString()}));
    }

    @Test
    void aByteFlippedInsideAnInputJournalEntryBreaksTheChainAtThatEntry() throws Exception
    {
        final Path inputDirectory = data.resolve("journal").resolve("input");
        long target;
        byte[] payload;
        List<Occurrence> found;
        try (Journal inputs = Journal.open(new Journal.Context().directory(inputDirectory).readOnly(true));
            JournalReader reader = inputs.reader())
        {
            target = inputs.lastSequence() / 2;
            do
            {
                // Ticks can repeat byte for byte; pick an entry whose payload occurs only once in the files.
                target++;
                payload = payloadOf(reader, target);
                found = occurrences(inputDirectory, payload);
            }
            while (found.size() != 1);
        }
        final Occurrence entry = found.get(0);
        flip(entry.file(), entry.position() + payload.length / 2);

        final ReplayVerifier.Result result = ReplayVerifier.verify(data, ExampleStrategies.catalog(), (r, t) -> { });
        final ChainCheck inputChain = result.inputChain();
        assertFalse(inputChain.intact());
        assertEquals(target, inputChain.firstBroken(), inputChain::toString);
        assertEquals(target - 1, inputChain.headSequence());
        assertTrue(inputChain.problem().contains("checksum"), inputChain::toString);
        assertTrue(result.outputChain().intact(), result.outputChain()::toString);
        assertFalse(result.chainsIntact());

        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final PrintStream stdout = System.out;
        final int exitCode;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try
        {
            exitCode = ReplayCommand.run(new String[] {"verify", "--data", data.toString()});
        }
        finally
        {
            System.setOut(stdout);
        }
        final String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(1, exitCode, text);
        assertTrue(text.contains("chain BROKEN at input journal entry " + target + ":"), text);
        assertTrue(text.contains("chain: output journal intact, head " + result.outputChain().headHex()), text);
    }

    @Test
    void aChangedStrategyDivergesAtItsFirstDifferentOrder()
    {
        final StrategyCatalog changed = new StrategyCatalog().register("ma-crossover", MeanReversionBand::new);
        final ReplayVerifier.Result result = ReplayVerifier.verify(data, changed, (r, t) -> { });
        assertFalse(result.identical());
        assertTrue(result.divergence().inputSequence() > 7, "after the reference data");
        assertTrue(result.divergence().expected().contains("Order") || result.divergence().actual().contains("Order"),
            result.divergence().toString());
    }

    @Test
    void anOutputJournalWithMoreThanTheInputsIsCaught()
    {
        try (Journal outputs = Journal.open(new Journal.Context().directory(data.resolve("journal").resolve("output"))))
        {
            final UnsafeBuffer bogus = new UnsafeBuffer(new byte[16]);
            bogus.putLong(0, Long.MAX_VALUE / 2);
            outputs.append(bogus, 0, 16);
        }
        final ReplayVerifier.Result result = ReplayVerifier.verify(data, ExampleStrategies.catalog(), (r, t) -> { });
        assertFalse(result.identical());
        assertEquals(Long.MAX_VALUE / 2, result.divergence().inputSequence());
        assertEquals(1, ReplayCommand.run(new String[] {"verify", "--data", data.toString()}));
        assertEquals(2, ReplayCommand.run(new String[] {"verify", "--data", data.resolve("nothing-here").toString()}));
        assertEquals(2, ReplayCommand.run(new String[] {"check"}));
    }

    private record Occurrence(Path file, int position)
    {
    }

    private static byte[] payloadOf(final JournalReader reader, final long sequence)
    {
        assertTrue(reader.seek(sequence), "seek " + sequence);
        final byte[][] copy = new byte[1][];
        assertEquals(1, reader.poll((s, buffer, offset, length) ->
        {
            copy[0] = new byte[length];
            buffer.getBytes(offset, copy[0]);
        }, 1));
        return copy[0];
    }

    /** Where the pattern is in the journal's files; at most two places are looked for. */
    private static List<Occurrence> occurrences(final Path directory, final byte[] pattern) throws Exception
    {
        final List<Occurrence> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path file : files.filter(f -> f.toString().endsWith(".cq4")).sorted().toList())
            {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
                {
                    final MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
                    final int end = (int)channel.size() - pattern.length;
                    for (int position = 0; position <= end && found.size() < 2; position++)
                    {
                        if (map.get(position) == pattern[0] && matches(map, position, pattern))
                        {
                            found.add(new Occurrence(file, position));
                        }
                    }
                }
            }
        }
        return found;
    }

    private static boolean matches(final MappedByteBuffer map, final int position, final byte[] pattern)
    {
        for (int i = 1; i < pattern.length; i++)
        {
            if (map.get(position + i) != pattern[i])
            {
                return false;
            }
        }
        return true;
    }

    private static void flip(final Path file, final int position) throws Exception
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            map.put(position, (byte)(map.get(position) ^ 0x01));
            map.force();
        }
    }
}
