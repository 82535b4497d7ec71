package io.tradingcore.marketdata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads several MT5 tick exports at once (each with its own instrument, digits and time zone
 * offset) and delivers their ticks in time order: a k-way merge by {@code timeMsc}. Ties go to the
 * file earlier in the list, and ticks of one file keep their file order (the merge is stable), so
 * the output is deterministic. A file whose own times go backwards is merged as is: the merge
 * always takes the source whose next tick is earliest.
 *
 * <p>Each source is read in blocks into primitive arrays, and a binary heap of source indices
 * picks the next tick; nothing is allocated per tick. Not thread-safe.
 */
public final class Mt5TickMerge implements AutoCloseable
{
    /** Ticks buffered per source. */
    static final int BLOCK = 4096;

    private final Source[] sources;
    private final int[] heap;
    private int heapSize;
    private int primed; // sources [0, primed) have been read once and are in the heap if non-empty
    private long ticksDelivered;
    private boolean closed;

    private Mt5TickMerge(final List<Mt5TickReader> readers)
    {
        sources = new Source[readers.size()];
        for (int i = 0; i < sources.length; i++)
        {
            sources[i] = new Source(Objects.requireNonNull(readers.get(i), "reader"));
        }
        heap = new int[sources.length];
    }

    /**
     * Opens all files; on failure closes the ones already opened. The index of a file in
     * {@code files} is its {@code sourceIndex} in {@link MergedTickSink#onTick}.
     */
    public static Mt5TickMerge open(final List<Mt5TickFile> files) throws IOException
    {
        List<Mt5TickReader> readers = new ArrayList<>(files.size());
        try
        {
            for (Mt5TickFile f : files)
            {
                readers.add(Mt5TickReader.open(f));
            }
        }
        catch (IOException | RuntimeException e)
        {
            for (Mt5TickReader r : readers)
            {
                try
                {
                    r.close();
                }
                catch (RuntimeException suppressed)
                {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return new Mt5TickMerge(readers);
    }

    public static Mt5TickMerge open(final Mt5TickFile... files) throws IOException
    {
        return open(List.of(files));
    }

    /** Merges already opened readers, which the merge then owns (closes). */
    public static Mt5TickMerge of(final List<Mt5TickReader> readers)
    {
        return new Mt5TickMerge(readers);
    }

    public int sourceCount()
    {
        return sources.length;
    }

    /** The reader of source {@code index}, for its symbol, digits and counters. */
    public Mt5TickReader source(final int index)
    {
        return sources[index].reader;
    }

    /**
     * Delivers up to {@code limit} ticks in time order.
     *
     * @return the number of ticks delivered; 0 only when every file is exhausted
     * @throws MalformedTickRowException from a source without {@code skipBadRows}; reading can go
     *         on afterwards with the row after the bad one
     */
    public int read(final MergedTickSink sink, final int limit)
    {
        Objects.requireNonNull(sink, "sink");
        if (limit <= 0)
        {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        if (closed)
        {
            throw new IllegalStateException("merge is closed");
        }
        while (primed < sources.length)
        {
            int i = primed;
            Source s = sources[i];
            s.refill();
            primed++;
            if (s.count > 0)
            {
                heap[heapSize] = i;
                siftUp(heapSize++);
            }
        }
        // the top may be out of place if a sink or a source threw during the last call
        siftDown(0);
        int n = 0;
        while (n < limit && heapSize > 0)
        {
            int si = heap[0];
            Source s = sources[si];
            if (s.pos == s.count)
            {
                s.refill();
                if (s.count == 0)
                {
                    heap[0] = heap[--heapSize];
                }
                siftDown(0);
                continue;
            }
            int p = s.pos++;
            n++;
            ticksDelivered++;
            sink.onTick(si, s.time[p], s.bid[p], s.ask[p], s.last[p], s.volume[p], s.flags[p]);
            if (s.pos < s.count)
            {
                siftDown(0); // else it stays on top until refilled on the next turn
            }
        }
        return n;
    }

    /** Merges everything that is left; returns the number of ticks delivered. */
    public long readAll(final MergedTickSink sink)
    {
        long total = 0;
        int n;
        while ((n = read(sink, Integer.MAX_VALUE)) > 0)
        {
            total += n;
        }
        return total;
    }

    public long ticksDelivered()
    {
        return ticksDelivered;
    }

    /** Sum of {@link Mt5TickReader#bytesRead()} over all sources. */
    public long bytesRead()
    {
        long sum = 0;
        for (Source s : sources)
        {
            sum += s.reader.bytesRead();
        }
        return sum;
    }

    /** Sum of {@link Mt5TickReader#sizeBytes()} over all sources. */
    public long sizeBytes()
    {
        long sum = 0;
        for (Source s : sources)
        {
            sum += s.reader.sizeBytes();
        }
        return sum;
    }

    /** Closes every source; idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (Source s : sources)
        {
            try
            {
                s.reader.close();
            }
            catch (RuntimeException e)
            {
                if (failure == null)
                {
                    failure = e;
                }
                else
                {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    /** Whether source a's next tick goes before source b's. */
    private boolean before(final int a, final int b)
    {
        Source sa = sources[a];
        Source sb = sources[b];
        // a source with an empty buffer is only ever at the top: keep it there until refilled
        if (sa.pos == sa.count)
        {
            return true;
        }
        if (sb.pos == sb.count)
        {
            return false;
        }
        long ta = sa.time[sa.pos];
        long tb = sb.time[sb.pos];
        return ta < tb || (ta == tb && a < b);
    }

    private void siftUp(final int start)
    {
        int k = start;
        int x = heap[k];
        while (k > 0)
        {
            int parent = (k - 1) >>> 1;
            int p = heap[parent];
            if (!before(x, p))
            {
                break;
            }
            heap[k] = p;
            k = parent;
        }
        heap[k] = x;
    }

    private void siftDown(final int start)
    {
        int k = start;
        if (heapSize == 0)
        {
            return;
        }
        int x = heap[k];
        int half = heapSize >>> 1;
        while (k < half)
        {
            int child = 2 * k + 1;
            int c = heap[child];
            int right = child + 1;
            if (right < heapSize && before(heap[right], c))
            {
                child = right;
                c = heap[child];
            }
            if (!before(c, x))
            {
                break;
            }
            heap[k] = c;
            k = child;
        }
        heap[k] = x;
    }

    /** One file's reader and its block of buffered ticks [pos, count). */
    private static final class Source implements TickSink
    {
        final Mt5TickReader reader;
        final long[] time = new long[BLOCK];
        final long[] bid = new long[BLOCK];
        final long[] ask = new long[BLOCK];
        final long[] last = new long[BLOCK];
        final long[] volume = new long[BLOCK];
        final int[] flags = new int[BLOCK];
        int pos;
        int count;
        boolean exhausted;

        Source(final Mt5TickReader reader)
        {
            this.reader = reader;
        }

        /** Reads the next block if the buffer is empty (a read that threw may have left ticks in it). */
        void refill()
        {
            if (pos < count)
            {
                return;
            }
            pos = 0;
            count = 0;
            if (!exhausted && reader.read(this, BLOCK) == 0)
            {
                exhausted = true;
            }
        }

        @Override
        public void onTick(final long timeMsc, final long b, final long a, final long l, final long v, final int f)
        {
            int i = count++;
            time[i] = timeMsc;
            bid[i] = b;
            ask[i] = a;
            last[i] = l;
            volume[i] = v;
            flags[i] = f;
        }
    }
}
