package io.tradingcore.backtest;

import java.nio.file.Path;
import java.util.List;

/**
 * What a backtest produced. Everything but {@code wallNanos} is a function of the settings and
 * the ticks, so the same backtest gives the same result.
 *
 * @param summary   the figures in {@code summary.json} order, the run's description first
 * @param wallNanos wall-clock time of the run, for the throughput only
 */
public record BacktestResult(
    Path outDirectory,
    List<SummaryField> summary,
    List<RoundTrip> trades,
    List<EquityPoint> equity,
    long ticks,
    long inputs,
    long rowsSkipped,
    String stateHash,
    long wallNanos)
{
    /** A summary value by its key, null if there is none. */
    public String value(final String key)
    {
        for (final SummaryField field : summary)
        {
            if (field.key().equals(key))
            {
                return field.value();
            }
        }
        return null;
    }

    /** Engine throughput, ticks per wall-clock second: journals, engine and venue together. */
    public double ticksPerSecond()
    {
        return ticks / Math.max(wallNanos / 1e9, 1e-9);
    }
}
