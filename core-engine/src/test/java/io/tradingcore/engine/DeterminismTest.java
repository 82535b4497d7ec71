package io.tradingcore.engine;

import io.tradingcore.strategy.examples.ExampleStrategies;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine is a pure function of its inputs: same inputs, same outputs, same state hash. */
class DeterminismTest
{
    private static final List<EngineScenario.StampedInput> SCENARIO = EngineScenario.build(7, 20_000);

    private static final class Run
    {
        final ByteArrayOutputStream outputs = new ByteArrayOutputStream();
        final Engine engine = new Engine(ExampleStrategies.catalog(), (seq, buffer, offset, length) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            outputs.writeBytes(bytes);
        });

        Run feed(final List<EngineScenario.StampedInput> inputs)
        {
            for (final EngineScenario.StampedInput input : inputs)
            {
                engine.onInput(input.sequence(), input.timeNs(), new UnsafeBuffer(input.message()), 0,
                    input.message().length);
            }
            return this;
        }
    }

    @Test
    void sameInputsTwiceGiveIdenticalOutputsAndHash()
    {
        final Run first = new Run().feed(SCENARIO);
        final Run second = new Run().feed(SCENARIO);
        assertTrue(first.outputs.size() > 100_000, "the scenario trades: " + first.outputs.size() + " bytes out");
        assertTrue(first.engine.report().positions().size() > 0);
        assertArrayEquals(first.outputs.toByteArray(), second.outputs.toByteArray());
        assertEquals(first.engine.stateHash(), second.engine.stateHash());
    }

    @Test
    void hashChangesWithState()
    {
        final Run shorter = new Run().feed(SCENARIO.subList(0, SCENARIO.size() - 10));
        final Run full = new Run().feed(SCENARIO);
        assertNotEquals(shorter.engine.stateHash(), full.engine.stateHash());
    }

    @Test
    void snapshotRestoreThenTailEqualsUninterruptedRun()
    {
        final Run full = new Run().feed(SCENARIO);
        for (final int cut : new int[] {6, 1_000, SCENARIO.size() / 2, SCENARIO.size() - 1})
        {
            final Run head = new Run().feed(SCENARIO.subList(0, cut));
            final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(4096);
            final int length = EngineSnapshot.write(head.engine, snapshot);

            final Run restored = new Run();
            EngineSnapshot.restore(restored.engine, snapshot, 0, length);
            assertEquals(head.engine.stateHash(), restored.engine.stateHash(), "restored state at " + cut);
            restored.feed(SCENARIO.subList(cut, SCENARIO.size()));
            assertEquals(full.engine.stateHash(), restored.engine.stateHash(), "after the tail from " + cut);

            final byte[] fullBytes = full.outputs.toByteArray();
            final byte[] tailBytes = restored.outputs.toByteArray();
            final byte[] fullTail = java.util.Arrays.copyOfRange(fullBytes, fullBytes.length - tailBytes.length,
                fullBytes.length);
            assertArrayEquals(fullTail, tailBytes, "outputs after the restore at " + cut);
        }
    }
    /**
     * A snapshot written by the engine before its parts wrote their own sections (format version 2, the header then
     * holding the next order id, the trading day, the timers set and the global kill switch) restores to the state
     * the same inputs give today, and goes on exactly as an uninterrupted run. The file is the snapshot that version
     * wrote after the first half of the scenario as it was then ({@link EngineScenario#buildAsBeforeBars}).
     */
    @Test
    void aVersionTwoSnapshotRestoresToTheSameStateAndGoesOnIdentically() throws Exception
    {
        final byte[] legacy;
        try (InputStream in = DeterminismTest.class.getResourceAsStream("/engine/snapshot-v2-scenario7-half.bin"))
        {
            legacy = in.readAllBytes();
        }
        assertEquals(2, new UnsafeBuffer(legacy).getInt(Integer.BYTES), "the file is a version 2 snapshot");
        final List<EngineScenario.StampedInput> scenario = EngineScenario.buildAsBeforeBars(7, 20_000);
        final int half = scenario.size() / 2;
        final Run head = new Run().feed(scenario.subList(0, half));
        final Run restored = new Run();
        EngineSnapshot.restore(restored.engine, new UnsafeBuffer(legacy), 0, legacy.length);
        assertEquals(head.engine.stateHash(), restored.engine.stateHash());

        final Run full = new Run().feed(scenario);
        restored.feed(scenario.subList(half, scenario.size()));
        assertEquals(full.engine.stateHash(), restored.engine.stateHash());
        final byte[] fullBytes = full.outputs.toByteArray();
        final byte[] tailBytes = restored.outputs.toByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(fullBytes, fullBytes.length - tailBytes.length,
            fullBytes.length), tailBytes);
    }
}
