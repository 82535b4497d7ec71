package io.tradingcore.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The timer heap fires in deadline order, ties in the order set, exactly as a sorted list would, and reuses timers. */
class StrategyTimersTest
{
    @Test
    void firesInDeadlineOrderWithTiesInTheOrderSetAsASortedListWould()
    {
        final StrategyTimers timers = new StrategyTimers();
        final List<long[]> reference = new ArrayList<>(); // {deadline, timerId}, kept sorted by insertion as before
        final Random random = new Random(42);
        long timerId = 0;
        long now = 0;
        int fired = 0;
        for (int round = 0; round < 20_000; round++)
        {
            final int toSet = random.nextInt(4);
            for (int i = 0; i < toSet; i++)
            {
                final long deadline = now + random.nextInt(50); // many equal deadlines: ties matter
                timers.schedule(null, ++timerId, deadline);
                int index = reference.size();
                while (index > 0 && reference.get(index - 1)[0] > deadline)
                {
                    index--;
                }
                reference.add(index, new long[] {deadline, timerId});
            }
            now += random.nextInt(20);
            StrategyTimer timer;
            while ((timer = timers.pollDue(now)) != null)
            {
                final long[] expected = reference.remove(0);
                assertEquals(expected[0], timer.deadlineNs, "deadline of fired timer " + fired);
                assertEquals(expected[1], timer.timerId, "id of fired timer " + fired);
                timers.recycle(timer);
                fired++;
            }
            assertEquals(reference.isEmpty() || reference.get(0)[0] > now, true, "nothing due is left behind");
            assertEquals(reference.size(), timers.size());
        }
        assertEquals(true, fired > 10_000, "timers fired: " + fired);
    }

    @Test
    void aFiredTimerIsReusedForTheNextOne()
    {
        final StrategyTimers timers = new StrategyTimers();
        timers.schedule(null, 1, 10);
        final StrategyTimer first = timers.pollDue(10);
        assertNull(timers.pollDue(10));
        timers.recycle(first);
        timers.schedule(null, 2, 20);
        assertNull(timers.pollDue(19));
        final StrategyTimer second = timers.pollDue(20);
        assertSame(first, second);
        assertEquals(2, second.timerId);
    }
}
