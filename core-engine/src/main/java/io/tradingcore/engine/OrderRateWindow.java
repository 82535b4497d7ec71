package io.tradingcore.engine;

/**
 * Counts orders in the last second of engine time: a ring of the last N order times, so the check
 * is O(1) and allocation-free. Grows only when the limit is raised.
 */
final class OrderRateWindow
{
    private static final long ONE_SECOND_NS = 1_000_000_000L;

    private long[] times = new long[0];
    private int next;
    private int count;

    /** True when one more order at {@code timeNs} would exceed {@code maxPerSecond}. */
    boolean wouldExceed(final int maxPerSecond, final long timeNs)
    {
        if (maxPerSecond <= 0)
        {
            return false;
        }
        ensureCapacity(maxPerSecond);
        if (count < maxPerSecond)
        {
            return false;
        }
        // next < length and maxPerSecond <= length, so one wrap is enough: no division on the order path.
        final int back = next - maxPerSecond;
        final int oldestOfLast = back < 0 ? back + times.length : back;
        return timeNs - times[oldestOfLast] < ONE_SECOND_NS;
    }

    void record(final long timeNs)
    {
        if (times.length == 0)
        {
            return;
        }
        times[next] = timeNs;
        next = next + 1 == times.length ? 0 : next + 1;
        count = Math.min(count + 1, times.length);
    }

    private void ensureCapacity(final int capacity)
    {
        if (times.length >= capacity)
        {
            return;
        }
        final long[] grown = new long[capacity];
        for (int i = 0; i < count; i++)
        {
            grown[i] = times[Math.floorMod(next - count + i, times.length)];
        }
        times = grown;
        next = count % capacity;
    }

    /**
     * How many of the newest order times fall within the second before {@code timeNs}. Only these can count
     * again, as engine time never goes back; the rest of the ring is history that a snapshot need not keep
     * (the ring is as long as the limit, which may allow a million orders a second).
     */
    int countWithinSecondBefore(final long timeNs)
    {
        int recent = 0;
        while (recent < count && timeNs - newest(recent) < ONE_SECOND_NS)
        {
            recent++;
        }
        return recent;
    }

    /** The order time {@code age} places from the newest (0); {@code age} below the count. */
    long newest(final int age)
    {
        final int at = next - 1 - age;
        return times[at < 0 ? at + times.length : at];
    }

    /**
     * Takes {@code times} as its ring, the next order going to slot {@code next}, the last {@code count} before it
     * in use; a ring shorter than the limit grows at the next check.
     */
    void restore(final long[] times, final int next, final int count)
    {
        this.times = times;
        this.next = next;
        this.count = count;
    }

    /** Only the order times of the last second of engine time: the rest can no longer count against a limit. */
    void writeSnapshot(final CanonicalWriter out, final long timeNs)
    {
        final int recent = countWithinSecondBefore(timeNs);
        out.putInt(recent);
        for (int age = recent - 1; age >= 0; age--)
        {
            out.putLong(newest(age));
        }
    }

    void readSnapshot(final CanonicalReader in)
    {
        if (in.version() == 1)
        {
            // Where the next order goes, how many the ring holds, then the whole ring.
            final int next = in.getInt();
            final int count = in.getInt();
            final long[] ring = in.getLongs();
            restore(ring, next, count);
            return;
        }
        // Oldest first and all in use: a full ring whose next slot is the first.
        final long[] recent = in.getLongs();
        restore(recent, 0, recent.length);
    }
}
