package io.tradingcore.benchmarks;

/**
 * What one timed run did: how many events in how many nanoseconds, and a line saying what the
 * events were (for the report, taken from the last run).
 */
record TrialResult(long events, long nanos, String detail)
{
    TrialResult(final long events, final long nanos)
    {
        this(events, nanos, "");
    }

    double perSecond()
    {
        return events * 1e9 / nanos;
    }
}
