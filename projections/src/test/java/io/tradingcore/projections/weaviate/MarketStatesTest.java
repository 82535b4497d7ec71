package io.tradingcore.projections.weaviate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketStatesTest
{
    private static Map<UUID, MarketStates.State> run(final MarketStates states, final List<long[]> ticks)
    {
        final Map<UUID, MarketStates.State> latest = new LinkedHashMap<>();
        states.define(1, "EURUSD");
        for (final long[] tick : ticks)
        {
            states.tick(1, tick[0], tick[1], tick[2], state -> latest.put(state.id(), state));
        }
        return latest;
    }

    @Test
    void theSameTicksGiveTheSameVectorsAndASnapshotContinuesExactly() throws Exception
    {
        final List<long[]> ticks = SampleDay.ticks();
        final Map<UUID, MarketStates.State> first = run(new MarketStates(), ticks);
        final Map<UUID, MarketStates.State> second = run(new MarketStates(), ticks);
        assertEquals(first.keySet(), second.keySet());
        for (final UUID id : first.keySet())
        {
            assertArrayEquals(first.get(id).vector(), second.get(id).vector());
            assertEquals(first.get(id).forward15mBps(), second.get(id).forward15mBps());
        }
        // Split in two with a snapshot (through JSON) in between: the same states.
        final MarketStates head = new MarketStates();
        final Map<UUID, MarketStates.State> split = run(head, ticks.subList(0, ticks.size() / 2));
        final MarketStates tail = MarketStates.restore(new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(head.snapshot().toString()));
        for (final long[] tick : ticks.subList(ticks.size() / 2, ticks.size()))
        {
            tail.tick(1, tick[0], tick[1], tick[2], state -> split.put(state.id(), state));
        }
        assertEquals(first.keySet(), split.keySet());
        for (final UUID id : first.keySet())
        {
            assertArrayEquals(first.get(id).vector(), split.get(id).vector());
            assertEquals(first.get(id).forward5mBps(), split.get(id).forward5mBps());
        }
    }

    @Test
    void oneStatePerMinuteWithForwardReturnsOnceKnown() throws Exception
    {
        final List<long[]> ticks = SampleDay.ticks();
        final Map<UUID, MarketStates.State> states = run(new MarketStates(), ticks);
        final long minutes = ticks.stream().mapToLong(tick -> tick[0] / 60_000).distinct().count();
        assertEquals(minutes - 1, states.size(), "every minute but the last, still open");
        final List<MarketStates.State> ordered = new ArrayList<>(states.values());
        ordered.sort(java.util.Comparator.comparingLong(MarketStates.State::minuteMs));
        final MarketStates.State early = ordered.get(100);
        assertTrue(early.forwardKnown());
        assertEquals(MarketStates.DIMENSIONS, early.vector().length);
        for (final double value : early.vector())
        {
            assertTrue(value >= -3 && value <= 3);
        }
        assertTrue(early.vector()[6] > 0, "ticks counted");
        final MarketStates.State last = ordered.get(ordered.size() - 1);
        assertFalse(last.forwardKnown());
        assertNull(last.forward5mBps());
    }

    @Test
    void forwardReturnsAreOfTheClosesFiveAndFifteenMinutesLater()
    {
        final MarketStates states = new MarketStates();
        final Map<UUID, MarketStates.State> latest = new LinkedHashMap<>();
        final long start = 1_399_536_000_000L;
        for (int minute = 0; minute <= 16; minute++)
        {
            final long mid = 100_000 + minute * 10L;
            states.tick(1, start + minute * 60_000L, mid - 1, mid + 1, state -> latest.put(state.id(), state));
        }
        final MarketStates.State first = latest.get(MarketStates.idOf(1, start));
        assertEquals(Math.log(100_050.0 / 100_000) * 10_000, first.forward5mBps(), 1e-9);
        assertEquals(Math.log(100_150.0 / 100_000) * 10_000, first.forward15mBps(), 1e-9);
        assertEquals(Math.log(100_010.0 / 100_000) * 10_000 / 10, latest.get(MarketStates.idOf(1, start + 60_000))
            .vector()[0], 1e-9);
    }
}
