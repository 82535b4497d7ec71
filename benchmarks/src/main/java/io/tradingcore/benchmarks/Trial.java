package io.tradingcore.benchmarks;

/** One timed run of a benchmark part: it sets up, times only the work, and cleans up. */
@FunctionalInterface
interface Trial
{
    TrialResult run() throws Exception;
}
