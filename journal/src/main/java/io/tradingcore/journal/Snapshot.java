package io.tradingcore.journal;

import org.agrona.DirectBuffer;

/**
 * A verified snapshot: replay the journal from {@code sequence + 1} on top of it.
 *
 * @param sequence of the last journal entry whose effect the snapshot includes.
 * @param data     the opaque snapshot bytes, from index 0 to {@code data.capacity()}.
 */
public record Snapshot(long sequence, DirectBuffer data)
{
}
