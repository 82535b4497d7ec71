package io.tradingcore.backtest;

/**
 * One line of a backtest's summary: its key in {@code summary.json}, its label for people and its
 * value already formatted, so that every output shows the same text.
 *
 * @param number whether the value is a JSON number (else it is written as a string)
 */
public record SummaryField(String key, String label, String value, boolean number)
{
    static SummaryField number(final String key, final String label, final String value)
    {
        return new SummaryField(key, label, value, true);
    }

    static SummaryField text(final String key, final String label, final String value)
    {
        return new SummaryField(key, label, value, false);
    }

    /** A ratio that needs enough data: "n/a" when it has none. */
    static SummaryField ratio(final String key, final String label, final String valueOrNull)
    {
        return valueOrNull == null ? text(key, label, "n/a") : number(key, label, valueOrNull);
    }
}
