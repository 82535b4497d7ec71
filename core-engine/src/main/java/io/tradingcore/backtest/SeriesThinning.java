package io.tradingcore.backtest;

import java.util.Arrays;

/**
 * Chooses which points of a long series to draw. A chart is a few hundred pixels wide, so a million
 * equity points only cost bytes and rendering time; but dropping points blindly would hide the spikes a
 * reader looks for. Each bucket of consecutive points therefore keeps its minimum and its maximum (in
 * their original order), and the first and last points are always kept, so the drawn line covers
 * exactly the range of the full series.
 */
final class SeriesThinning
{
    private SeriesThinning()
    {
    }

    /**
     * Indices of the points to draw, ascending: all of them when there are at most {@code maxPoints},
     * otherwise at most {@code maxPoints}: the first, the last, and the minimum and maximum of each of
     * {@code (maxPoints - 2) / 2} equal buckets of the points in between.
     */
    static int[] keptIndices(final long[] values, final int maxPoints)
    {
        if (maxPoints < 4)
        {
            throw new IllegalArgumentException("maxPoints must be at least 4: " + maxPoints);
        }
        final int count = values.length;
        if (count <= maxPoints)
        {
            final int[] all = new int[count];
            for (int i = 0; i < count; i++)
            {
                all[i] = i;
            }
            return all;
        }
        final int buckets = (maxPoints - 2) / 2;
        final int interior = count - 2;
        final int[] kept = new int[2 + 2 * buckets];
        int keptCount = 0;
        kept[keptCount++] = 0;
        for (int bucket = 0; bucket < buckets; bucket++)
        {
            final int from = 1 + (int)((long)interior * bucket / buckets);
            final int to = 1 + (int)((long)interior * (bucket + 1) / buckets);
            int minIndex = from;
            int maxIndex = from;
            for (int i = from + 1; i < to; i++)
            {
                if (values[i] < values[minIndex])
                {
                    minIndex = i;
                }
                if (values[i] > values[maxIndex])
                {
                    maxIndex = i;
                }
            }
            kept[keptCount++] = Math.min(minIndex, maxIndex);
            if (minIndex != maxIndex)
            {
                kept[keptCount++] = Math.max(minIndex, maxIndex);
            }
        }
        kept[keptCount++] = count - 1;
        return Arrays.copyOf(kept, keptCount);
    }
}
