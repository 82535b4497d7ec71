package io.tradingcore.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One pass over a journal recomputing every entry's hash chain value: the work behind {@link Journal#verifyChain()}.
 * <p>
 * Damaged documents are forgiven only where the journal's own tail repair left them: the next valid entry re-uses
 * the damaged one's sequence and continues the chain from the entry before it. Anything else (a damaged entry
 * followed by the next sequence, a gap, a repeat, a chain value that does not follow) breaks the chain there.
 * Entries written before chains existed carry no value and restart the chain at {@link HashChain#SEED}; one of them
 * after a chained entry is a break, since the journal never writes one. When retention removed the oldest files, the
 * first retained entry's stored value is where the check starts.
 */
final class ChainWalk
{
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final EntryFrame frame = new EntryFrame();

    private long chain = HashChain.SEED;
    private long expected;
    private boolean chained;
    private long entries;
    private long headSequence;
    private String pendingDamage;

    ChainWalk(final SingleChronicleQueue queue)
    {
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
    }

    ChainCheck run()
    {
        final ExcerptTailer tailer = queue.createTailer();
        try
        {
            tailer.singleThreadedCheckDisabled(true);
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final int status = frame.readAndVerify(dc.wire().bytes());
                    if (status != EntryFrame.VALID)
                    {
                        if (null == pendingDamage)
                        {
                            pendingDamage = SequenceLocator.describeDamage(queue, rollCycle, dc.index(), status);
                        }
                        continue;
                    }
                    final String problem = check();
                    if (null != problem)
                    {
                        return broken(problem);
                    }
                }
            }
        }
        finally
        {
            tailer.close();
        }
        if (null != pendingDamage)
        {
            expected = Math.max(expected, 1);
            return broken(pendingDamage + " (no valid entry follows it)");
        }
        return new ChainCheck(entries, 0, null, chain, headSequence);
    }

    /**
     * @return why the entry in the frame breaks the chain, or null when it continues it.
     */
    private String check()
    {
        final long sequence = frame.sequence();
        if (0 == expected)
        {
            if (sequence > 1 && null == pendingDamage)
            {
                // Retention removed the entries before it: its stored value is the only starting point there is.
                accept(sequence, frame.chainAfter());
                chained = frame.hasChain();
                return null;
            }
            expected = null == pendingDamage ? 1 : Math.max(1, sequence - 1);
        }
        if (sequence != expected)
        {
            if (null != pendingDamage)
            {
                return pendingDamage;
            }
            if (sequence < expected)
            {
                expected = sequence;
                return "sequence " + sequence + " appears again";
            }
            return "sequences " + expected + ".." + (sequence - 1) + " are missing";
        }
        pendingDamage = null;
        if (frame.hasChain())
        {
            final long stored = frame.storedChain();
            if (frame.computeChain(chain) != stored)
            {
                return "stored chain value " + HashChain.hex(stored) + " does not follow from the entry before it " +
                    "and this entry's payload: the entry was changed after it was written";
            }
            chained = true;
            accept(sequence, stored);
        }
        else
        {
            if (chained)
            {
                return "entry carries no chain value although the entries before it do";
            }
            accept(sequence, HashChain.SEED);
        }
        return null;
    }

    private void accept(final long sequence, final long chainAfter)
    {
        chain = chainAfter;
        entries++;
        headSequence = sequence;
        expected = sequence + 1;
    }

    private ChainCheck broken(final String problem)
    {
        return new ChainCheck(entries, expected, problem, chain, headSequence);
    }
}
