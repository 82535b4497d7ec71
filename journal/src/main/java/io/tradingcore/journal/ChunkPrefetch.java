package io.tradingcore.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;

import java.util.concurrent.locks.LockSupport;

/**
 * Faults in each chunk of a cycle file that the appender moves into, on a thread of its own, so that the appender
 * writes into pages that are already in the page cache and mapped for writing.
 * <p>
 * Why: Chronicle grows a cycle file sparse and writes it through mappings of 64 MiB chunks, each overlapping the next
 * by 16 MiB. A page fault on a page the cache does not hold makes the kernel read around it, the whole read-ahead
 * window ({@code read_ahead_kb}) of holes, before the fault returns: the appending thread stops for milliseconds
 * every read-ahead window it writes, which makes the tail of the core's latency. Here, as soon as the appender enters
 * a chunk, this thread goes through it while the appender still writes in the overlap (which the previous chunk's
 * run brought in), a step at a time: it has the kernel read the step into the page cache ({@code MADV_WILLNEED},
 * which does not hold the process's memory-map lock while it reads), then map it for writing
 * ({@code MADV_POPULATE_WRITE}, Linux 5.14 and later). The zero-filling happens here, and the appender takes no page
 * fault at all, unless it writes faster than this thread and overtakes it, when it faults as before.
 * <p>
 * Both calls, in this order: {@code MADV_POPULATE_WRITE} alone does its read-arounds inside a call that holds the
 * memory-map lock, the likely cause of the long stalls measured with it; {@code MADV_WILLNEED} alone (or
 * {@code MADV_RANDOM} on the appender's chunks) leaves the appender a fault per page. The price: while its pages stay
 * in the page cache, a journal written so reads back at about half the speed (see the module's README); read from
 * disk, at the same. The figures of each way tried are in benchmarks/TARGETS.md, fourth round.
 * <p>
 * Populating changes no byte: the pages hold what the file holds (zeros past the last entry); they are only marked
 * dirty, so the OS may write zeros ahead of the appender before the appender's data. The call works on an address
 * range and never touches memory from Java: if the chunk was unmapped meanwhile it fails, and if the range was mapped
 * again for something else it faults that in, unchanged. Where the call is not available (an older kernel, no POSIX
 * library, another OS) the thread ends at its first call and appends go on as before. It parks between chunks.
 */
final class ChunkPrefetch implements AutoCloseable
{
    /** {@code MADV_POPULATE_WRITE} from {@code <linux/mman.h>}; OpenHFT's flag enum predates it. */
    private static final int MADV_POPULATE_WRITE = 23;
    /** Small steps, so that the populating call, which holds the memory-map lock, holds it briefly each time. */
    private static final long STEP = 128 * 1024;

    private final Thread thread;
    private BytesStore<?, ?> current;
    private volatile long chunkLength;
    private volatile long chunkAddress;
    private volatile boolean closed;

    ChunkPrefetch(final String name)
    {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The appending thread, after each write: a reference comparison unless the appender moved to a new chunk. */
    void afterWrite(final Bytes<?> bytes)
    {
        final BytesStore<?, ?> store = bytes.bytesStore();
        if (store == current || null == store)
        {
            return;
        }
        current = store;
        final long start = store.start();
        chunkLength = store.realCapacity() - start;
        chunkAddress = store.addressForRead(start);
        LockSupport.unpark(thread);
    }

    private void run()
    {
        boolean populatedAny = false;
        long populated = 0;
        while (!closed)
        {
            final long address = chunkAddress;
            if (address == populated)
            {
                LockSupport.park(this);
                continue;
            }
            populated = address;
            final long length = chunkLength;
            for (long offset = 0; offset < length && !closed; offset += STEP)
            {
                if (populate(address + offset, Math.min(STEP, length - offset)))
                {
                    populatedAny = true;
                }
                else if (!populatedAny)
                {
                    // Not this kernel's call (before 5.14), or no POSIX library: the appender faults as before.
                    return;
                }
            }
        }
    }

    private static boolean populate(final long address, final long length)
    {
        try
        {
            PosixAPI.posix().madvise(address, length, MAdviseFlag.MADV_WILLNEED);
            return PosixAPI.posix().madvise(address, length, MADV_POPULATE_WRITE) == 0;
        }
        catch (final RuntimeException | LinkageError ex)
        {
            return false;
        }
    }

    @Override
    public void close()
    {
        closed = true;
        LockSupport.unpark(thread);
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
