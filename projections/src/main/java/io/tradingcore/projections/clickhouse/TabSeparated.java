package io.tradingcore.projections.clickhouse;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The rows of one table's INSERT in ClickHouse's TabSeparated format: one row a line, columns split by tabs, text
 * escaped. Fixed-point longs are written as exact decimal text ({@code 123456} at 5 digits is {@code 1.23456}) that
 * the Decimal columns parse exactly; no value passes through a double.
 */
final class TabSeparated
{
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final StringBuilder text = new StringBuilder(4096);
    private boolean rowStarted;
    private int rows;

    void clear()
    {
        text.setLength(0);
        rowStarted = false;
        rows = 0;
    }

    boolean isEmpty()
    {
        return rows == 0;
    }

    int rows()
    {
        return rows;
    }

    CharSequence text()
    {
        return text;
    }

    TabSeparated add(final long value)
    {
        column().append(value);
        return this;
    }

    /** A fixed-point value: {@code scaled} / 10^{@code digits}, written exactly. */
    TabSeparated decimal(final long scaled, final int digits)
    {
        column().append(BigDecimal.valueOf(scaled, digits).toPlainString());
        return this;
    }

    /** A DateTime column (whole seconds, UTC) from epoch nanoseconds. */
    TabSeparated dateTime(final long epochNs)
    {
        final long seconds = Math.floorDiv(epochNs, NANOS_PER_SECOND);
        DATE_TIME.formatTo(LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC), column());
        return this;
    }

    /** Text with TabSeparated's escapes, so that a tab or a line break in it cannot split the row. */
    TabSeparated text(final CharSequence value)
    {
        final StringBuilder out = column();
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\0");
                default -> out.append(c);
            }
        }
        return this;
    }

    void endRow()
    {
        text.append('\n');
        rowStarted = false;
        rows++;
    }

    private StringBuilder column()
    {
        if (rowStarted)
        {
            text.append('\t');
        }
        rowStarted = true;
        return text;
    }
}
