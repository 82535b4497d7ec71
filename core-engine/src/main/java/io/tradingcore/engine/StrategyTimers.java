package io.tradingcore.engine;

import java.util.Arrays;

/**
 * The strategies' pending timers: a binary min-heap ordered by deadline, ties in the order they were set, over
 * pooled timer objects, so that setting and firing a timer allocates nothing once the pool has grown to the
 * number of timers pending at once.
 */
final class StrategyTimers
{
    private StrategyTimer[] heap = new StrategyTimer[64];
    private StrategyTimer[] free = new StrategyTimer[64];
    private int size;
    private int freeCount;
    /** How many timers have ever been set: each timer's place among those with the same deadline. */
    private long timersSet;

    int size()
    {
        return size;
    }

    void schedule(final StrategyHost host, final long timerId, final long deadlineNs)
    {
        final StrategyTimer timer = freeCount == 0 ? new StrategyTimer() : free[--freeCount];
        timer.host = host;
        timer.timerId = timerId;
        timer.deadlineNs = deadlineNs;
        timer.order = ++timersSet;
        push(timer);
    }

    /** The earliest deadline pending, {@link Long#MAX_VALUE} when no timer is. */
    long nextDeadlineNs()
    {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadlineNs;
    }

    /** The earliest timer whose deadline is at or before {@code timeNs}, taken off the heap; null when none is due. */
    StrategyTimer pollDue(final long timeNs)
    {
        if (size == 0 || heap[0].deadlineNs > timeNs)
        {
            return null;
        }
        final StrategyTimer first = heap[0];
        final StrategyTimer last = heap[--size];
        heap[size] = null;
        if (size > 0)
        {
            siftDown(0, last);
        }
        return first;
    }

    /** Returns a fired timer to the pool; the caller is done with it. */
    void recycle(final StrategyTimer timer)
    {
        timer.host = null;
        if (freeCount == free.length)
        {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = timer;
    }

    private void push(final StrategyTimer timer)
    {
        if (size == heap.length)
        {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int index = size++;
        while (index > 0)
        {
            final int parent = (index - 1) >>> 1;
            if (!before(timer, heap[parent]))
            {
                break;
            }
            heap[index] = heap[parent];
            index = parent;
        }
        heap[index] = timer;
    }

    private void siftDown(final int start, final StrategyTimer timer)
    {
        int index = start;
        final int half = size >>> 1;
        while (index < half)
        {
            int child = (index << 1) + 1;
            final int right = child + 1;
            if (right < size && before(heap[right], heap[child]))
            {
                child = right;
            }
            if (!before(heap[child], timer))
            {
                break;
            }
            heap[index] = heap[child];
            index = child;
        }
        heap[index] = timer;
    }

    private static boolean before(final StrategyTimer a, final StrategyTimer b)
    {
        return a.deadlineNs < b.deadlineNs || (a.deadlineNs == b.deadlineNs && a.order < b.order);
    }

    /** The pending timers in firing order, the canonical order of snapshots. */
    void writeSnapshot(final CanonicalWriter out)
    {
        out.putLong(timersSet);
        writeTimers(out);
    }

    private void writeTimers(final CanonicalWriter out)
    {
        final StrategyTimer[] sorted = Arrays.copyOf(heap, size);
        Arrays.sort(sorted, (a, b) -> before(a, b) ? -1 : before(b, a) ? 1 : 0);
        out.putInt(sorted.length);
        for (final StrategyTimer timer : sorted)
        {
            out.putInt(timer.host.strategyId);
            out.putLong(timer.timerId);
            out.putLong(timer.deadlineNs);
            out.putLong(timer.order);
        }
    }

    void readSnapshot(final CanonicalReader in, final StrategyHosting strategies)
    {
        timersSet = in.getLong();
        readTimers(in, strategies);
    }

    /** Snapshots before version 3 kept the count of timers set in their header: {@link #restoreTimersSet}. */
    void readTimers(final CanonicalReader in, final StrategyHosting strategies)
    {
        for (int i = 0, count = in.getInt(); i < count; i++)
        {
            final int strategyId = in.getInt();
            final StrategyHost host = strategies.get(strategyId);
            if (host == null)
            {
                throw new IllegalArgumentException("engine snapshot: a timer of unknown strategy " + strategyId);
            }
            final StrategyTimer timer = new StrategyTimer();
            timer.host = host;
            timer.timerId = in.getLong();
            timer.deadlineNs = in.getLong();
            timer.order = in.getLong();
            push(timer);
        }
    }

    void restoreTimersSet(final long timersSet)
    {
        this.timersSet = timersSet;
    }
}
