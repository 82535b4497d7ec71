package io.tradingcore.journal;

import java.util.List;

/**
 * What {@link Journal#open} found on disk.
 *
 * @param firstSequence  of the oldest retained entry, 0 when the journal is empty.
 * @param lastSequence   of the last whole, checksum-valid entry, 0 when the journal is empty. Appends continue at
 *                       {@code lastSequence + 1}.
 * @param entriesKept    number of sequences retained, {@code lastSequence - firstSequence + 1} or 0.
 * @param damagedEntries number of stored entries found damaged at the tail and left undelivered.
 * @param damage         each piece of damage found, in words; empty when the journal was clean.
 */
public record JournalOpenReport(
    long firstSequence, long lastSequence, long entriesKept, int damagedEntries, List<String> damage)
{
    public JournalOpenReport
    {
        damage = List.copyOf(damage);
    }

    /**
     * @return true when open found no damage at all.
     */
    public boolean clean()
    {
        return damage.isEmpty();
    }

    public String toString()
    {
        return "JournalOpenReport{first=" + firstSequence + ", last=" + lastSequence + ", entriesKept=" + entriesKept +
            ", damagedEntries=" + damagedEntries + ", damage=" + damage + '}';
    }
}
