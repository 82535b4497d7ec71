package io.tradingcore.projections.clickhouse;

/**
 * Versions for the ReplacingMergeTree(version) tables (checkpoints, dead letters): microseconds of the wall clock,
 * and never less than one more than the last given or than the highest found stored, so that the row written later
 * wins even when the clock steps back.
 */
final class VersionClock
{
    private long last;

    /** Makes the next version higher than one already stored. */
    void atLeast(final long stored)
    {
        last = Math.max(last, stored);
    }

    long next()
    {
        final long now = System.currentTimeMillis() * 1000;
        last = Math.max(last + 1, now);
        return last;
    }
}
