package io.tradingcore.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.collections.Long2LongHashMap;

import java.util.List;
import java.util.NavigableSet;

/**
 * Finds where a journal sequence is stored, without scanning the journal.
 * <p>
 * Inside one roll cycle Chronicle's indices are dense, and the journal writes exactly one document per sequence, so
 * a cycle whose first valid entry is sequence {@code F} at in-cycle number {@code n} holds sequence {@code s} at
 * in-cycle number {@code s - F + n}, or a little after it if damaged documents were left behind in that cycle (a
 * damaged tail found on open keeps its slot; the next append re-uses its sequence). A seek is therefore a binary
 * search over the cycle files by their first sequence (cached), one {@code moveToIndex}, and a short forward step over
 * any damaged documents.
 * <p>
 * Owns a probe tailer: not thread-safe, one per reader.
 */
final class SequenceLocator implements AutoCloseable
{
    static final long NOT_FOUND = -1;

    private static final long UNKNOWN = Long.MIN_VALUE;
    private static final long EMPTY = Long.MAX_VALUE;

    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final ExcerptTailer probe;
    private final EntryFrame frame = new EntryFrame();
    private final Long2LongHashMap firstSequenceByCycle = new Long2LongHashMap(UNKNOWN);
    private final Long2LongHashMap firstNumberByCycle = new Long2LongHashMap(UNKNOWN);
    private int[] cycles = new int[0];
    private int damagedAtTail;
    private long lastChain = HashChain.SEED;

    SequenceLocator(final SingleChronicleQueue queue)
    {
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        this.probe = queue.createTailer();
        this.probe.singleThreadedCheckDisabled(true);
    }

    /**
     * @return the Chronicle index holding the valid entry with this sequence, or {@link #NOT_FOUND}.
     */
    long indexOf(final long sequence)
    {
        if (sequence <= 0)
        {
            return NOT_FOUND;
        }
        long index = indexOf(sequence, false);
        if (index == NOT_FOUND)
        {
            // A cycle file may have appeared or gone (roll, retention) since the listing was cached.
            index = indexOf(sequence, true);
        }
        return index;
    }

    private long indexOf(final long sequence, final boolean refresh)
    {
        if (refresh || cycles.length == 0)
        {
            refreshCycles();
        }
        final int found = cycleHolding(sequence);
        if (found < 0)
        {
            return NOT_FOUND;
        }
        final int cycle = cycles[found];
        final long firstSequence = firstSequenceByCycle.get(cycle);
        final long number = firstNumberByCycle.get(cycle) + (sequence - firstSequence);
        if (number < 0 || number >= rollCycle.maxMessagesPerCycle())
        {
            return NOT_FOUND;
        }
        probe.direction(TailerDirection.FORWARD);
        if (!probe.moveToIndex(rollCycle.toIndex(cycle, number)))
        {
            return NOT_FOUND;
        }
        while (true)
        {
            try (DocumentContext dc = probe.readingDocument())
            {
                if (!dc.isPresent() || rollCycle.toCycle(dc.index()) != cycle)
                {
                    return NOT_FOUND;
                }
                if (frame.readAndVerify(dc.wire().bytes()) == EntryFrame.VALID)
                {
                    final long stored = frame.sequence();
                    if (stored == sequence)
                    {
                        return dc.index();
                    }
                    if (stored > sequence)
                    {
                        return NOT_FOUND;
                    }
                }
            }
        }
    }

    /**
     * Binary search for the newest cycle whose first valid sequence is not after {@code sequence}; cycles holding no
     * valid entry are stepped over.
     */
    private int cycleHolding(final long sequence)
    {
        int low = 0;
        int high = cycles.length - 1;
        int found = -1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            int probeAt = mid;
            long first = EMPTY;
            while (probeAt >= low && (first = firstSequence(cycles[probeAt])) == EMPTY)
            {
                probeAt--;
            }
            if (probeAt < low)
            {
                low = mid + 1;
            }
            else if (first <= sequence)
            {
                found = probeAt;
                low = mid + 1;
            }
            else
            {
                high = probeAt - 1;
            }
        }
        return found;
    }

    /**
     * @return the sequence of the oldest valid entry retained, or 0 when there is none.
     */
    long firstSequence()
    {
        refreshCycles();
        for (final int cycle : cycles)
        {
            final long first = firstSequence(cycle);
            if (first != EMPTY)
            {
                return first;
            }
        }
        return 0;
    }

    /**
     * Walk back from the end of the journal to the last valid entry.
     *
     * @param damage receives a description of each damaged document after it; null to ignore.
     * @return the last valid sequence, or 0 when there is none. {@link #damagedAtTail()} tells how many were passed
     * and {@link #lastChain()} the chain value to continue from.
     */
    long lastSequence(final List<String> damage)
    {
        damagedAtTail = 0;
        lastChain = HashChain.SEED;
        probe.direction(TailerDirection.BACKWARD).toEnd();
        try
        {
            while (true)
            {
                try (DocumentContext dc = probe.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return 0;
                    }
                    final int status = frame.readAndVerify(dc.wire().bytes());
                    if (status == EntryFrame.VALID)
                    {
                        lastChain = frame.chainAfter();
                        return frame.sequence();
                    }
                    damagedAtTail++;
                    if (damage != null)
                    {
                        damage.add(describeDamage(queue, rollCycle, dc.index(), status));
                    }
                }
            }
        }
        finally
        {
            probe.direction(TailerDirection.FORWARD);
        }
    }

    int damagedAtTail()
    {
        return damagedAtTail;
    }

    /**
     * @return the chain value after the entry the last {@link #lastSequence} call found, as stored (not verified);
     * {@link HashChain#SEED} when the journal is empty.
     */
    long lastChain()
    {
        return lastChain;
    }

    /**
     * @return the first valid sequence stored in the cycle, 0 when it holds none.
     */
    long firstSequenceOf(final int cycle)
    {
        final long first = firstSequence(cycle);
        return first == EMPTY ? 0 : first;
    }

    private long firstSequence(final int cycle)
    {
        final long cached = firstSequenceByCycle.get(cycle);
        if (cached != UNKNOWN)
        {
            return cached;
        }
        long first = EMPTY;
        probe.direction(TailerDirection.FORWARD);
        if (probe.moveToIndex(rollCycle.toIndex(cycle, 0)))
        {
            while (first == EMPTY)
            {
                try (DocumentContext dc = probe.readingDocument())
                {
                    if (!dc.isPresent() || rollCycle.toCycle(dc.index()) != cycle)
                    {
                        break;
                    }
                    if (frame.readAndVerify(dc.wire().bytes()) == EntryFrame.VALID)
                    {
                        first = frame.sequence();
                        firstNumberByCycle.put(cycle, rollCycle.toSequenceNumber(dc.index()));
                    }
                }
            }
        }
        // The newest cycle may still receive its first entry; an older one never will.
        if (first != EMPTY || cycle != cycles[cycles.length - 1])
        {
            firstSequenceByCycle.put(cycle, first);
        }
        return first;
    }

    /**
     * @return the cycles that have a file now, oldest first.
     */
    int[] refreshCycles()
    {
        queue.refreshDirectoryListing();
        final int firstCycle = queue.firstCycle();
        final int lastCycle = queue.lastCycle();
        if (firstCycle == Integer.MAX_VALUE || lastCycle == Integer.MIN_VALUE || firstCycle > lastCycle)
        {
            cycles = new int[0];
            return cycles;
        }
        final NavigableSet<Long> listed = queue.listCyclesBetween(firstCycle, lastCycle);
        final int[] refreshed = new int[listed.size()];
        int i = 0;
        for (final Long cycle : listed)
        {
            refreshed[i++] = cycle.intValue();
        }
        cycles = refreshed;
        return cycles;
    }

    static String describeDamage(
        final SingleChronicleQueue queue, final RollCycle rollCycle, final long index, final int status)
    {
        return "journal " + queue.file() + ": entry at cycle " + rollCycle.toCycle(index) + " number " +
            rollCycle.toSequenceNumber(index) + " (index 0x" + Long.toHexString(index) + ") is damaged: " +
            EntryFrame.describe(status) + "; it is not delivered";
    }

    public void close()
    {
        probe.close();
    }
}
