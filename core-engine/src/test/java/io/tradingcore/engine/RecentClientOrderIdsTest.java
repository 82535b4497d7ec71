package io.tradingcore.engine;

import org.agrona.collections.LongHashSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ring answers exactly as a plain set of the last {@link RecentClientOrderIds#CAPACITY} ids would, through
 * eviction and the switches between its sorted search and its hash set, for ids that count up, jump around, rise
 * except once, or collide in a hash table on purpose.
 */
class RecentClientOrderIdsTest
{
    @Test
    void countingUpIdsAnswerAsAPlainSetOfTheLastOnes()
    {
        checkAgainstPlainSet(new SplittableRandom(1), 0);
    }

    @Test
    void idsThatRiseExceptOnceAnswerAsAPlainSetOfTheLastOnes()
    {
        checkAgainstPlainSet(new SplittableRandom(4), 3);
    }

    @Test
    void randomIdsAnswerAsAPlainSetOfTheLastOnes()
    {
        checkAgainstPlainSet(new SplittableRandom(2), 1);
    }

    @Test
    void idsCollidingInTheTableAnswerAsAPlainSetOfTheLastOnes()
    {
        checkAgainstPlainSet(new SplittableRandom(3), 2);
    }

    private static void checkAgainstPlainSet(final SplittableRandom random, final int pattern)
    {
        final RecentClientOrderIds ids = new RecentClientOrderIds();
        final LongHashSet expected = new LongHashSet();
        final ArrayDeque<Long> order = new ArrayDeque<>();
        long counter = 1_000;
        for (int i = 0; i < RecentClientOrderIds.CAPACITY * 5; i++)
        {
            final long candidate;
            switch (pattern)
            {
                case 0:
                    candidate = random.nextInt(10) == 0 ? counter - random.nextInt(40_000) : ++counter;
                    break;
                case 1:
                    candidate = random.nextLong(-1_000_000, 1_000_000);
                    break;
                case 3:
                    // Sorted, then one id below the newest (the set is built), then sorted again once it left.
                    candidate = i % 30_000 == 20_000 ? counter - 20_000 - i % 7 : (counter += 1 + random.nextInt(3));
                    break;
                default:
                    // Multiples of the table size land in one home slot unless the high bits spread them.
                    candidate = (long)random.nextInt(3 * RecentClientOrderIds.CAPACITY) * 32_768L +
                        random.nextInt(3);
            }
            assertEquals(expected.contains(candidate), ids.contains(candidate), "id " + candidate + " at " + i);
            if (!expected.contains(candidate))
            {
                if (order.size() == RecentClientOrderIds.CAPACITY)
                {
                    expected.remove(order.removeFirst());
                }
                order.addLast(candidate);
                expected.add(candidate);
                ids.add(candidate);
            }
        }
        for (final long id : order)
        {
            assertEquals(true, ids.contains(id));
        }
        assertArrayEquals(order.stream().mapToLong(Long::longValue).toArray(), ids.inOrder());
    }
}
