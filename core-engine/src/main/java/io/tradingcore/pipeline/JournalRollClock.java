package io.tradingcore.pipeline;

import org.agrona.concurrent.EpochClock;

/**
 * The clock a journal of the core asks which roll cycle (file) an entry goes in. Chronicle asks it on every append,
 * and at millions of appends a second reading the system clock each time is a share of the appending thread that
 * shows in its profile (benchmarks/TARGETS.md, fifth round). So the agent that appends to the journal reads the
 * system clock once per duty cycle, into this one; a journal then rolls to the next file at most one duty cycle late
 * (a few milliseconds of work at full load). Each journal has its own, refreshed by its one appending thread only, so
 * it moves only as the system clock does.
 */
final class JournalRollClock implements EpochClock
{
    private volatile long timeMs = System.currentTimeMillis();

    /** Reads the system clock: once per duty cycle, before the agent appends. */
    void refresh()
    {
        timeMs = System.currentTimeMillis();
    }

    @Override
    public long time()
    {
        return timeMs;
    }
}
