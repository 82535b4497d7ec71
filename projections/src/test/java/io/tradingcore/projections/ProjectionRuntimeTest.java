package io.tradingcore.projections;

import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The projection runtime against a real core: which events reach a sink, in what order, how often. The sink keeps them
 * in memory (the real sinks have their own tests against real servers); the journals, the Aeron stream and the core are
 * real.
 */
class ProjectionRuntimeTest
{
    @TempDir
    Path data;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private Projection.Context context()
    {
        return new Projection.Context().dataDirectory(data).log(new PrintStream(log, true, StandardCharsets.UTF_8))
            .backoffInitialMs(10).backoffMaxMs(50);
    }

    @Test
    void catchUpThenLiveGivesEveryEventOnceInOrderThroughADatabaseOutage() throws Exception
    {
        final MemorySink sink = new MemorySink();
        final AtomicBoolean running = new AtomicBoolean(true);
        try (CoreRun core = new CoreRun(data))
        {
            core.feed(30_000);
            core.settle();
            try (Projection projection = new Projection(sink, context()))
            {
                sink.state = projection::state;
                final Thread follower = new Thread(() -> projection.run(running::get), "projection");
                follower.start();
                awaitTrue(() -> projection.state() == ProjectionState.LIVE, "went live: " + log);

                core.feed(30_000);
                core.settle();
                sink.down = true;
                core.feed(30_000);
                core.settle();
                awaitTrue(() -> projection.state() == ProjectionState.DATABASE_DOWN, "saw the database down");
                sink.down = false;
                core.feed(30_000);
                core.settle();
                final long last = core.core().lastSequenced();
                awaitTrue(() -> projection.applied().lastInput() == last &&
                    projection.state() == ProjectionState.LIVE, "caught up and live again: " + log);
                final List<MemorySink.Applied> expected = JournalContents.outputs(data);
                awaitTrue(() -> sink.snapshot().stream().filter(e -> !e.input()).count() == expected.size(),
                    "all outputs applied");
                running.set(false);
                follower.join(10_000);
            }
        }
        final List<MemorySink.Applied> expected = JournalContents.outputs(data);
        final List<MemorySink.Applied> outputs = sink.snapshot().stream().filter(e -> !e.input()).toList();
        assertTrue(expected.stream().anyMatch(e -> templateOf(e) == FillDecoder.TEMPLATE_ID), "the strategy traded");
        assertEquals(places(expected), places(outputs), "every output once, in order");
        for (int i = 0; i < expected.size(); i++)
        {
            assertTrue(MemorySink.sameBytes(outputs.get(i), expected.get(i).message()), "same bytes at " + i);
        }
        assertEquals(JournalContents.inputsOf(data, MarketTickDecoder.TEMPLATE_ID),
            sink.snapshot().stream().filter(MemorySink.Applied::input).map(MemorySink.Applied::inputSequence).toList(),
            "every tick once, in order");
        assertTrue(sink.outputsAppliedLive > 0, "outputs came over the live Aeron stream too");
        assertTrue(log.toString().contains("database down"), log.toString());
    }

    @Test
    void aRefusedEventIsParkedWithTheLaterEventsOfItsAccountAndReplayedAfterTheFix() throws Exception
    {
        try (CoreRun core = new CoreRun(data))
        {
            core.feed(60_000);
            core.settle();
        }
        final List<MemorySink.Applied> expected = JournalContents.outputs(data);
        final MemorySink.Applied firstFill = expected.stream().filter(e -> templateOf(e) == FillDecoder.TEMPLATE_ID)
            .findFirst().orElseThrow();
        final MemorySink sink = new MemorySink();
        sink.refuseInputSequence = firstFill.inputSequence();
        try (Projection projection = new Projection(sink, context().once(true)))
        {
            projection.run(() -> true);
            final ParkedEvent first = sink.deadLetters.get(0);
            assertEquals(firstFill.inputSequence(), first.inputSequence(), "the refused input's first output");
            assertEquals(1, first.outputIndex());
            assertTrue(first.reason().startsWith("refused"), first.reason());
            assertTrue(sink.deadLetters.size() > 10, "later events of the account parked behind it");
            assertTrue(sink.deadLetters.stream().skip(1).allMatch(e -> e.reason().startsWith("behind")),
                "the rest are parked behind it");
            assertTrue(sink.snapshot().stream().noneMatch(e -> !e.input() && e.inputSequence() >= first.inputSequence()
                && accountOf(e) == 1001), "nothing of account 1001 applied after the parked event");
            assertEquals(JournalContents.inputsOf(data, MarketTickDecoder.TEMPLATE_ID).size(),
                sink.snapshot().stream().filter(MemorySink.Applied::input).count(), "the ticks (no account) went on");
            assertTrue(log.toString().contains("ALERT memory: parked"), log.toString());

            sink.refuseInputSequence = -1;
            final int parked = sink.deadLetters.size();
            assertEquals(parked, projection.replayParked());
            assertTrue(sink.deadLetters.isEmpty());
        }
        final List<String> appliedPlaces = sink.snapshot().stream().filter(e -> !e.input())
            .map(MemorySink.Applied::place).sorted().toList();
        assertEquals(places(expected).stream().sorted().toList(), appliedPlaces, "every output once in the end");
    }

    private static int templateOf(final MemorySink.Applied event)
    {
        return EventKeys.templateId(new UnsafeBuffer(event.message()), 0);
    }

    private static long accountOf(final MemorySink.Applied event)
    {
        return EventKeys.accountId(new UnsafeBuffer(event.message()), 0, event.message().length);
    }

    private static List<String> places(final List<MemorySink.Applied> events)
    {
        return events.stream().map(MemorySink.Applied::place).collect(Collectors.toList());
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }
}
