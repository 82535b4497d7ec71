package io.tradingcore.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads a {@link Journal} in sequence order from wherever it is positioned, following the tail live: entries
 * appended after the last {@link #poll} (by this process or another) are delivered by a later poll.
 * <p>
 * Only whole, checksum-valid entries are delivered. A damaged entry is reported to the journal's
 * {@link DamageListener} and stepped over; a gap in sequences (an entry lost, not merely damaged and re-appended)
 * is reported too, then reading goes on from the next valid entry, whose sequence the handler sees.
 * <p>
 * Not thread-safe: one thread at a time. Readers are independent of each other and of the appender.
 */
public final class JournalReader implements AutoCloseable
{
    private final Journal journal;
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final ExcerptTailer tailer;
    private final EntryFrame frame = new EntryFrame();
    private final DamageListener damageListener;
    private SequenceLocator locator;
    private long nextSequence;
    private boolean atStart;

    JournalReader(final Journal journal, final SingleChronicleQueue queue, final DamageListener damageListener)
    {
        this.journal = journal;
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        this.damageListener = damageListener;
        this.tailer = queue.createTailer();
        // Created by whoever asks, polled by the consuming thread; the contract is one thread at a time.
        this.tailer.singleThreadedCheckDisabled(true);
        toStart();
    }

    /**
     * Position so that the next poll delivers {@code sequence}.
     *
     * @return false, leaving the position unchanged, when that sequence is not in the journal (never appended yet,
     * or removed by retention).
     */
    public boolean seek(final long sequence)
    {
        final long index = locator().indexOf(sequence);
        if (index == SequenceLocator.NOT_FOUND || !tailer.moveToIndex(index))
        {
            return false;
        }
        nextSequence = sequence;
        atStart = false;
        return true;
    }

    /**
     * Position so that the next poll delivers {@code sequence + 1}: the way a consumer resumes after the last
     * sequence it processed. Unlike {@link #seek}, this works when the consumer is caught up ({@code sequence} is the
     * last entry), in which case the next poll delivers the next entry appended. {@code 0} means from the start.
     *
     * @return false, leaving the position unchanged, when neither {@code sequence + 1} nor {@code sequence} is in
     * the journal.
     */
    public boolean resumeAfter(final long sequence)
    {
        if (sequence == 0)
        {
            toStart();
            return true;
        }
        if (seek(sequence + 1))
        {
            return true;
        }
        final long index = locator().indexOf(sequence);
        if (index == SequenceLocator.NOT_FOUND || !tailer.moveToIndex(index))
        {
            return false;
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
        }
        nextSequence = sequence + 1;
        atStart = false;
        return true;
    }

    /**
     * Move back to the oldest retained entry.
     */
    public void toStart()
    {
        tailer.toStart();
        final long first = journal.firstSequence();
        nextSequence = first == 0 ? 1 : first;
        atStart = true;
    }

    /**
     * Deliver up to {@code limit} entries that are available now.
     *
     * @return the number of entries delivered; 0 when there is nothing new yet.
     */
    public int poll(final JournalEntryHandler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit)
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
                    damageListener.onDamage(SequenceLocator.describeDamage(queue, rollCycle, dc.index(), status));
                    continue;
                }

                final long sequence = frame.sequence();
                if (!atStart)
                {
                    if (sequence < nextSequence)
                    {
                        damageListener.onDamage("journal " + queue.file() + ": entry at index 0x" +
                            Long.toHexString(dc.index()) + " repeats sequence " + sequence + " (expected " +
                            nextSequence + "); it is not delivered");
                        continue;
                    }
                    if (sequence > nextSequence)
                    {
                        damageListener.onDamage("journal " + queue.file() + ": sequences " + nextSequence + ".." +
                            (sequence - 1) + " are missing before index 0x" + Long.toHexString(dc.index()) +
                            "; reading goes on at " + sequence);
                    }
                }

                try
                {
                    handler.onEntry(sequence, frame.buffer(), frame.payloadOffset(), frame.payloadLength());
                }
                catch (final RuntimeException | Error ex)
                {
                    // Leave the entry unread so the next poll offers it again.
                    dc.rollbackOnClose();
                    throw ex;
                }
                atStart = false;
                nextSequence = sequence + 1;
                delivered++;
            }
        }
        return delivered;
    }

    /**
     * @return the sequence the next poll will deliver, if it is there (when positioned at the start of a journal
     * whose retained entries are still to come, the first one's sequence).
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    private SequenceLocator locator()
    {
        if (null == locator)
        {
            locator = new SequenceLocator(queue);
        }
        return locator;
    }

    public void close()
    {
        if (null != locator)
        {
            locator.close();
        }
        if (!journal.isClosed())
        {
            tailer.close();
        }
    }
}
