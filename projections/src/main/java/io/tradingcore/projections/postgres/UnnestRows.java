package io.tradingcore.projections.postgres;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;

/**
 * Rows to merge into a table of current state and the one statement that merges them, which takes them as one array
 * per column: {@code INSERT ... SELECT * FROM unnest(?::integer[], ?::numeric[], ...) ON CONFLICT ...}. The
 * statement's text never changes, so the server plans it once; the rows are few (a batch's events are folded into one
 * row per key first), so the arrays' text costs little to read.
 */
final class UnnestRows
{
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private final String statement;
    private final StringBuilder[] columns;
    private final char[] digits = new char[20];
    private int rows;
    private int column;

    /**
     * @param statement the merge, {@code %s} where its array parameters go ({@code ?::integer[], ?::numeric[]...})
     * @param types     the columns' SQL types, in the order each row's values are written
     */
    UnnestRows(final String statement, final String... types)
    {
        final StringBuilder parameters = new StringBuilder();
        for (final String type : types)
        {
            parameters.append(parameters.length() == 0 ? "" : ", ").append("?::").append(type).append("[]");
        }
        this.statement = statement.formatted(parameters);
        columns = new StringBuilder[types.length];
        for (int i = 0; i < columns.length; i++)
        {
            columns[i] = new StringBuilder(256);
        }
    }

    String statement()
    {
        return statement;
    }

    void clear()
    {
        for (final StringBuilder values : columns)
        {
            values.setLength(0);
        }
        rows = 0;
        column = 0;
    }

    int rows()
    {
        return rows;
    }

    /** Sets one array parameter per column from {@code first} on; returns the next parameter's index. */
    int bind(final PreparedStatement statement, final int first) throws SQLException
    {
        for (int i = 0; i < columns.length; i++)
        {
            statement.setObject(first + i, "{" + columns[i] + "}", Types.OTHER);
        }
        return first + columns.length;
    }

    UnnestRows number(final long value)
    {
        next().append(value);
        return this;
    }

    UnnestRows bool(final boolean value)
    {
        next().append(value ? 't' : 'f');
        return this;
    }

    UnnestRows nul()
    {
        next().append("NULL");
        return this;
    }

    /** A fixed-point long as the decimal it stands for, at its scale: {@code decimal(139147, 5)} is 1.39147. */
    UnnestRows decimal(final long unscaled, final int scale)
    {
        final StringBuilder values = next();
        if (scale == 0 || unscaled == Long.MIN_VALUE)
        {
            values.append(BigDecimal.valueOf(unscaled, scale).toPlainString());
            return this;
        }
        long rest = Math.abs(unscaled);
        int at = digits.length;
        do
        {
            digits[--at] = (char)('0' + rest % 10);
            rest /= 10;
        }
        while (rest != 0);
        if (unscaled < 0)
        {
            values.append('-');
        }
        final int count = digits.length - at;
        if (count <= scale)
        {
            values.append("0.");
            for (int i = count; i < scale; i++)
            {
                values.append('0');
            }
            values.append(digits, at, count);
        }
        else
        {
            values.append(digits, at, count - scale).append('.').append(digits, at + count - scale, scale);
        }
        return this;
    }

    /** A numeric at the value's own scale; null is NULL. */
    UnnestRows numeric(final BigDecimal value)
    {
        if (value == null)
        {
            return nul();
        }
        next().append(value.toPlainString());
        return this;
    }

    /** Text, quoted for an array literal; null is NULL. */
    UnnestRows text(final CharSequence text)
    {
        if (text == null)
        {
            return nul();
        }
        final StringBuilder values = next().append('"');
        for (int i = 0, n = text.length(); i < n; i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                values.append('\\');
            }
            values.append(c);
        }
        values.append('"');
        return this;
    }

    /** An instant in epoch nanoseconds as a timestamptz, in UTC, cut to the microsecond PostgreSQL keeps. */
    UnnestRows timestamp(final long epochNs)
    {
        final long day = Math.floorDiv(epochNs, NANOS_PER_DAY);
        final long micros = (epochNs - day * NANOS_PER_DAY) / 1000;
        final StringBuilder values = next().append('"').append(LocalDate.ofEpochDay(day)).append(' ');
        twoDigits(values, micros / 3_600_000_000L).append(':');
        twoDigits(values, micros / 60_000_000L % 60).append(':');
        twoDigits(values, micros / 1_000_000L % 60).append('.');
        final long fraction = micros % 1_000_000L;
        for (long unit = 100_000; unit > 0; unit /= 10)
        {
            values.append((char)('0' + fraction / unit % 10));
        }
        values.append("+00\"");
        return this;
    }

    /** A day given as days since 1970-01-01, as a date. */
    UnnestRows epochDay(final long epochDay)
    {
        next().append(LocalDate.ofEpochDay(epochDay));
        return this;
    }

    void endRow()
    {
        if (column != columns.length)
        {
            throw new IllegalStateException("a row of " + column + " values for " + columns.length + " columns");
        }
        rows++;
        column = 0;
    }

    private StringBuilder next()
    {
        final StringBuilder values = columns[column++];
        if (rows > 0)
        {
            values.append(',');
        }
        return values;
    }

    private static StringBuilder twoDigits(final StringBuilder values, final long value)
    {
        return values.append((char)('0' + value / 10)).append((char)('0' + value % 10));
    }
}
