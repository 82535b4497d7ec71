package io.tradingcore.bridge.simulator;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Where the simulated network fails: the connection is dropped right after the frame that carries tick
 * {@code k} (0-based, counting unique ticks) is first written. A TICKS batch is cut at a drop point, so the
 * drop follows that very tick. Immutable.
 */
final class DropPlan
{
    static final DropPlan NONE = new DropPlan(new long[0]);

    private final long[] tickIndices;

    private DropPlan(final long[] sortedDistinct)
    {
        this.tickIndices = sortedDistinct;
    }

    /** Drops after each given tick index, plus {@code randomCount} distinct seeded ones in [1, tickCount). */
    static DropPlan of(final long[] fixed, final int randomCount, final long seed, final long tickCount)
    {
        final TreeSet<Long> points = new TreeSet<>();
        for (final long index : fixed)
        {
            if (index < 0)
            {
                throw new IllegalArgumentException("tick index must not be negative: " + index);
            }
            points.add(index);
        }
        if (randomCount > 0)
        {
            final long range = tickCount - 1;
            if (randomCount > range)
            {
                throw new IllegalArgumentException(randomCount + " random drops need more than " + tickCount +
                    " ticks");
            }
            final SplittableRandom random = new SplittableRandom(seed);
            final TreeSet<Long> drawn = new TreeSet<>();
            while (drawn.size() < randomCount)
            {
                drawn.add(1 + random.nextLong(range));
            }
            points.addAll(drawn);
        }
        return new DropPlan(points.stream().mapToLong(Long::longValue).toArray());
    }

    int size()
    {
        return tickIndices.length;
    }

    long[] tickIndices()
    {
        return tickIndices.clone();
    }

    /** The first drop point at or after {@code tickIndex}, or -1 if none is left. */
    long nextAtOrAfter(final long tickIndex)
    {
        final int at = Arrays.binarySearch(tickIndices, tickIndex);
        final int index = at >= 0 ? at : -at - 1;
        return index < tickIndices.length ? tickIndices[index] : -1;
    }
}
