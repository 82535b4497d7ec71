package io.tradingcore.journal;

import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.Wires;

/**
 * Repairs the one tail state Chronicle cannot get past by itself.
 * <p>
 * Chronicle records in each cycle file where its last document starts and, when appending, steps over that document
 * by the length in its 4-byte header. If that header never reached the disk (power loss) or the file was cut, the
 * header reads 0 (or, from older writers, "not complete"): Chronicle then appends 4 bytes further on, but every
 * reader stops at the empty header and never sees anything appended after it. Replacing the broken header with a
 * 4-byte filler document keeps Chronicle's document count and index consistent, lets readers step over it (they
 * report it as a damaged entry and do not deliver it) and lets the journal re-use the lost entry's sequence.
 */
final class TailRepair
{
    private static final int FILLER_LENGTH = 4;

    private TailRepair()
    {
    }

    /**
     * @param repair false to only look (a read-only journal must not write).
     * @return what was found and done, in words, or null when the tail is sound.
     */
    static String inspect(final SingleChronicleQueue queue, final boolean repair)
    {
        final int cycle = queue.lastCycle();
        if (cycle == Integer.MIN_VALUE || queue.firstCycle() > cycle)
        {
            return null;
        }
        final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (null == store)
        {
            return null;
        }
        try
        {
            final long position = store.writePosition();
            final MappedBytes bytes = store.bytes();
            try
            {
                final int header = bytes.readVolatileInt(position);
                final boolean lost = header == 0 && position > 0;
                final boolean unfinished = Wires.isNotComplete(header) && header != Wires.END_OF_DATA;
                if (!lost && !unfinished)
                {
                    return null;
                }
                if (repair)
                {
                    // The filler's content and the next header must read 0: the lost entry's own bytes may still be
                    // there, and Chronicle would step through them as if they were document headers.
                    bytes.writeLong(position + 4, 0L);
                    bytes.writeInt(position + 12, 0);
                    bytes.writeOrderedInt(position, FILLER_LENGTH);
                }
                return "journal " + queue.file() + ": the header of the last stored entry (file " +
                    store.file().getName() + ", position " + position + ") is " +
                    (lost ? "empty: its page never reached the disk or the file was cut" :
                    "marked unfinished (0x" + Integer.toHexString(header) + ")") + "; the entry is lost" +
                    (repair ? " and its slot is now an empty filler that readers step over" :
                    "; readers stop there until a writer opens the journal and repairs it");
            }
            finally
            {
                bytes.releaseLast();
            }
        }
        finally
        {
            queue.closeStore(store);
        }
    }
}
