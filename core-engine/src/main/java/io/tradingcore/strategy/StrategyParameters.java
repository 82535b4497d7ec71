package io.tradingcore.strategy;

import io.tradingcore.domain.FixedPoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strategy's settings, as {@code key=value} pairs separated by {@code ;}. Parsed once when the
 * strategy is attached; the text itself is journaled so that replay builds the same strategy.
 */
public final class StrategyParameters
{
    private final Map<String, String> values;
    private final String text;

    private StrategyParameters(final Map<String, String> values, final String text)
    {
        this.values = values;
        this.text = text;
    }

    public static StrategyParameters parse(final String text)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        for (final String pair : text.split(";"))
        {
            final String trimmed = pair.trim();
            if (trimmed.isEmpty())
            {
                continue;
            }
            final int equals = trimmed.indexOf('=');
            if (equals <= 0)
            {
                throw new IllegalArgumentException("parameter '" + trimmed + "' is not key=value");
            }
            values.put(trimmed.substring(0, equals).trim(), trimmed.substring(equals + 1).trim());
        }
        return new StrategyParameters(Collections.unmodifiableMap(values), text);
    }

    public String text()
    {
        return text;
    }

    public Map<String, String> asMap()
    {
        return values;
    }

    public String string(final String key, final String defaultValue)
    {
        return values.getOrDefault(key, defaultValue);
    }

    public String requiredString(final String key)
    {
        final String value = values.get(key);
        if (value == null)
        {
            throw new IllegalArgumentException("parameter '" + key + "' is required");
        }
        return value;
    }

    public int integer(final String key, final int defaultValue)
    {
        final String value = values.get(key);
        try
        {
            return value == null ? defaultValue : Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("parameter '" + key + "' must be a whole number, got '" + value + "'");
        }
    }

    /** A decimal parameter as a fixed-point long with the given digits, e.g. a lot size at 4 digits. */
    public long fixed(final String key, final int digits, final long defaultValue)
    {
        final String value = values.get(key);
        try
        {
            return value == null ? defaultValue : FixedPoint.parse(value, digits);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new IllegalArgumentException("parameter '" + key + "': " + ex.getMessage());
        }
    }

    @Override
    public String toString()
    {
        return text;
    }
}
