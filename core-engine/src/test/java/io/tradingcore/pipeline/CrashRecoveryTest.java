package io.tradingcore.pipeline;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.engine.Engine;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.replay.ReplayVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A core in a child JVM is killed with SIGKILL at random moments while a stream of ticks trades.
 * After every restart nothing journaled is lost, and at the end the state hash of the recovered
 * core equals that of one uninterrupted run over the same journaled inputs.
 */
class CrashRecoveryTest
{
    /** Fed at 2 ticks a millisecond: some 20 seconds of stream to land the kills in. */
    private static final int TICKS = 40_000;
    private static final int KILLS = 22;

    @TempDir
    Path data;

    @Test
    void sigkillAtRandomMomentsLosesNothing() throws Exception
    {
        final Random random = new Random(20261121);
        long journaledBefore = 0;
        int kills = 0;
        int attempts = 0;
        while (kills < KILLS && attempts < KILLS * 3)
        {
            attempts++;
            final Process child = startChild();
            TimeUnit.MILLISECONDS.sleep(700 + random.nextInt(1_800));
            if (!child.isAlive())
            {
                break; // the stream finished before this kill: enough kills happened on the way
            }
            final long killed = System.nanoTime();
            assertTrue(child.destroyForcibly().waitFor(30, TimeUnit.SECONDS),
                "kill " + (kills + 1) + " did not end the child");
            kills++;
            final long reaped = System.nanoTime();
            final long journaled = journaledInputs();
            System.out.printf("kill %d: reaped in %d ms, journal of %d inputs opened in %d ms%n", kills,
                (reaped - killed) / 1_000_000, journaled, (System.nanoTime() - reaped) / 1_000_000);
            assertTrue(journaled >= journaledBefore,
                "kill " + kills + ": journal shrank from " + journaledBefore + " to " + journaled);
            journaledBefore = journaled;
        }
        assertTrue(kills >= 20, "only " + kills + " kills landed before the stream ended");

        final long lastStarted = System.nanoTime();
        final Process last = startChild();
        final List<String> lines = readAll(last);
        assertTrue(last.waitFor(180, TimeUnit.SECONDS), "the final run did not finish");
        System.out.printf("final run: %d ms, %s%n", (System.nanoTime() - lastStarted) / 1_000_000, lines);
        assertEquals(0, last.exitValue(), "final run failed: " + lines);
        final String done = lines.stream().filter(l -> l.startsWith("DONE ")).findFirst().orElseThrow(
            () -> new AssertionError("no DONE line in " + lines));
        final String recoveredHash = done.split(" ")[1];

        assertEquals(recoveredHash, uninterruptedReplayHash(), "recovered state equals one uninterrupted run");
        assertEveryTickJournaledExactlyOnce();
        final ReplayVerifier.Result verify = ReplayVerifier.verify(data, ExampleStrategies.catalog(), (r, t) -> { });
        assertTrue(verify.identical(), "output journal matches a replay: " + verify.divergence());
        assertTrue(verify.outputMessages() > 1_000, "the strategy traded: " + verify.outputMessages() + " outputs");
    }

    private Process startChild() throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle"))
            {
                command.add(argument);
            }
        }
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashChild.class.getName());
        command.add(data.toString());
        command.add(Integer.toString(TICKS));
        return new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    }

    private static List<String> readAll(final Process process) throws Exception
    {
        final List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                lines.add(line);
            }
        }
        return lines;
    }

    private long journaledInputs()
    {
        try (Journal journal = Journal.open(new Journal.Context()
            .directory(data.resolve("journal").resolve("input")).readOnly(true)))
        {
            return journal.lastSequence();
        }
    }

    private String uninterruptedReplayHash()
    {
        final Engine engine = new Engine(ExampleStrategies.catalog(), (s, b, o, l) -> { });
        try (Journal journal = Journal.open(new Journal.Context()
            .directory(data.resolve("journal").resolve("input")).readOnly(true));
            JournalReader reader = journal.reader())
        {
            while (reader.poll((sequence, buffer, offset, length) -> engine.onInput(sequence,
                buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN), buffer, offset + 8, length - 8), 10_000) > 0)
            {
                // read to the end
            }
        }
        return engine.stateHash();
    }

    private void assertEveryTickJournaledExactlyOnce()
    {
        final long[] bids = CrashChild.bids(TICKS);
        final BitSet seen = new BitSet(TICKS);
        final int[] duplicates = {0};
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final MarketTickDecoder tick = new MarketTickDecoder();
        try (Journal journal = Journal.open(new Journal.Context()
            .directory(data.resolve("journal").resolve("input")).readOnly(true));
            JournalReader reader = journal.reader())
        {
            while (reader.poll((sequence, buffer, offset, length) ->
            {
                header.wrap(buffer, offset + 8);
                if (header.templateId() == MarketTickDecoder.TEMPLATE_ID)
                {
                    tick.wrapAndApplyHeader(buffer, offset + 8, header);
                    final int index = (int)(tick.timeMsc() - CrashChild.FIRST_TICK_MSC);
                    if (seen.get(index))
                    {
                        duplicates[0]++;
                    }
                    seen.set(index);
                    assertEquals(bids[index], tick.bid(), "tick " + index + " journaled as sent");
                }
            }, 10_000) > 0)
            {
                // read to the end
            }
        }
        assertEquals(0, duplicates[0], "ticks journaled twice");
        assertEquals(TICKS, seen.cardinality(), "ticks journaled");
    }
}
