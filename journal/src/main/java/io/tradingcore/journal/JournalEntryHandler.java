package io.tradingcore.journal;

import org.agrona.DirectBuffer;

/**
 * Receives entries from a {@link JournalReader}.
 * <p>
 * The buffer is only valid for the duration of the call: it is the reader's own scratch copy and is overwritten by
 * the next entry. Copy what must outlive the call.
 */
@FunctionalInterface
public interface JournalEntryHandler
{
    /**
     * @param sequence the entry's journal sequence.
     * @param buffer   holding the payload.
     * @param offset   at which the payload starts in the buffer.
     * @param length   of the payload in bytes, possibly 0.
     */
    void onEntry(long sequence, DirectBuffer buffer, int offset, int length);
}
