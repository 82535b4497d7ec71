package io.tradingcore.journal;

/**
 * How hard {@link Journal#append} pushes an entry towards the disk before returning.
 * <p>
 * Chronicle Queue writes into memory-mapped files, so an appended entry is in the operating system's page cache
 * the moment {@code append} returns, whatever the policy: it survives the death of the process. The policies
 * differ only in what survives the loss of the machine (power cut, kernel panic).
 */
public enum FlushPolicy
{
    /**
     * Rely on the OS page cache and its own write-back: survives a process kill, not a power loss. Fastest.
     */
    NONE,

    /**
     * Force the written region to disk (msync) once every {@code flushBatchEntries} entries or once
     * {@code flushBatchIntervalMs} has passed since the last force, checked on append, and on
     * {@link Journal#flush()} and {@link Journal#close()}. A power loss can cost at most the last batch.
     */
    BATCH,

    /**
     * Force every entry to disk (synchronous msync) before {@code append} returns. A power loss loses nothing that
     * was acknowledged, at the price of a disk round trip per entry.
     */
    EVERY_ENTRY
}
