package io.tradingcore.journal;

/**
 * Told about damaged data the journal or snapshot store found and did not deliver: a torn or corrupted journal
 * entry, a gap in sequences, a snapshot that failed its checksum. Damage is never skipped silently; where it is
 * reported depends on the listener given in the component's context.
 */
@FunctionalInterface
public interface DamageListener
{
    /**
     * Prints each report once to standard error, prefixed so it can be found in a log.
     */
    DamageListener STDERR = (description) -> System.err.println("[tradingcore.journal] DAMAGE: " + description);

    /**
     * @param description of what was found, where, and what was done about it, in words.
     */
    void onDamage(String description);
}
