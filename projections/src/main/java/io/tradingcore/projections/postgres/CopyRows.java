package io.tradingcore.projections.postgres;

import org.agrona.DirectBuffer;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Rows of one table in COPY's text format, built in memory for one batch and sent with one {@code COPY ... FROM
 * STDIN}: the server's fastest way in, and one stream per table instead of a statement per row. Values are written
 * from the engine's longs straight into ASCII; a fixed-point long becomes an exact decimal, never a double.
 */
final class CopyRows
{
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final String copySql;
    private final byte[] digits = new byte[20];
    private byte[] data = new byte[16 * 1024];
    private int length;
    private int rows;
    private boolean rowStarted;
    private long cachedDay = Long.MIN_VALUE;
    private byte[] cachedDate;

    /**
     * @param table   where the rows go
     * @param columns the columns, in the order each row's values are written
     */
    CopyRows(final String table, final String columns)
    {
        this.copySql = "COPY " + table + " (" + columns + ") FROM STDIN";
    }

    void clear()
    {
        length = 0;
        rows = 0;
        rowStarted = false;
    }

    int rows()
    {
        return rows;
    }

    /** Sends the rows, if any, in the caller's transaction. */
    void copy(final CopyManager copyManager) throws SQLException
    {
        if (rows == 0)
        {
            return;
        }
        final CopyIn copy = copyManager.copyIn(copySql);
        try
        {
            copy.writeToCopy(data, 0, length);
            copy.endCopy();
        }
        finally
        {
            if (copy.isActive())
            {
                copy.cancelCopy();
            }
        }
    }

    CopyRows value(final long value)
    {
        separate();
        appendLong(value);
        return this;
    }

    CopyRows value(final boolean value)
    {
        separate();
        put((byte)(value ? 't' : 'f'));
        return this;
    }

    /** A fixed-point long as the decimal it stands for: {@code decimal(139147, 5)} is {@code 1.39147}. */
    CopyRows decimal(final long unscaled, final int scale)
    {
        separate();
        appendDecimal(unscaled, scale);
        return this;
    }

    CopyRows nul()
    {
        separate();
        put(NULL, NULL.length);
        return this;
    }

    /** Text, escaped for COPY; null is NULL. */
    CopyRows text(final CharSequence text)
    {
        separate();
        if (text == null)
        {
            put(NULL, NULL.length);
            return this;
        }
        for (int i = 0, n = text.length(); i < n; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                appendAscii(c);
            }
            else if (!Character.isSurrogate(c))
            {
                appendUtf8(c);
            }
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                appendUtf8(Character.toCodePoint(c, text.charAt(++i)));
            }
            else
            {
                put((byte)'?'); // a lone surrogate is no character: UTF-8 has no bytes for it
            }
        }
        return this;
    }

    /** Bytes as a bytea in hex form, its backslash doubled for COPY's text format. */
    CopyRows bytes(final DirectBuffer buffer, final int offset, final int count)
    {
        separate();
        ensure(3 + 2 * count);
        data[length++] = '\\';
        data[length++] = '\\';
        data[length++] = 'x';
        for (int i = 0; i < count; i++)
        {
            final int b = buffer.getByte(offset + i) & 0xFF;
            data[length++] = HEX[b >>> 4];
            data[length++] = HEX[b & 0xF];
        }
        return this;
    }

    /** An instant in epoch nanoseconds as a UTC timestamptz, cut to the microsecond PostgreSQL keeps. */
    CopyRows timestamp(final long epochNs)
    {
        separate();
        final long day = Math.floorDiv(epochNs, NANOS_PER_DAY);
        appendDate(day);
        final long nanosOfDay = epochNs - day * NANOS_PER_DAY;
        final long seconds = nanosOfDay / 1_000_000_000L;
        put((byte)' ');
        appendTwoDigits(seconds / 3600);
        put((byte)':');
        appendTwoDigits(seconds / 60 % 60);
        put((byte)':');
        appendTwoDigits(seconds % 60);
        put((byte)'.');
        final long micros = nanosOfDay / 1000 % 1_000_000L;
        appendTwoDigits(micros / 10_000);
        appendTwoDigits(micros / 100 % 100);
        appendTwoDigits(micros % 100);
        put((byte)'+');
        put((byte)'0');
        put((byte)'0');
        return this;
    }

    /** The UTC day of an instant in epoch nanoseconds, as a date. */
    CopyRows date(final long epochNs)
    {
        separate();
        appendDate(Math.floorDiv(epochNs, NANOS_PER_DAY));
        return this;
    }

    /** A UTC day given as days since the epoch, as a date. */
    CopyRows epochDay(final long epochDay)
    {
        separate();
        appendDate(epochDay);
        return this;
    }

    void endRow()
    {
        put((byte)'\n');
        rows++;
        rowStarted = false;
    }

    private void separate()
    {
        if (rowStarted)
        {
            put((byte)'\t');
        }
        rowStarted = true;
    }

    private void appendDate(final long epochDay)
    {
        if (epochDay != cachedDay)
        {
            cachedDay = epochDay;
            cachedDate = LocalDate.ofEpochDay(epochDay).toString().getBytes(StandardCharsets.US_ASCII);
        }
        put(cachedDate, cachedDate.length);
    }

    private void appendTwoDigits(final long value)
    {
        put((byte)('0' + value / 10));
        put((byte)('0' + value % 10));
    }

    private void appendLong(final long value)
    {
        if (value == Long.MIN_VALUE)
        {
            putAscii(Long.toString(value));
            return;
        }
        if (value < 0)
        {
            put((byte)'-');
        }
        final int count = writeDigits(Math.abs(value));
        putDigits(0, count);
    }

    private void appendDecimal(final long unscaled, final int scale)
    {
        if (scale == 0)
        {
            appendLong(unscaled);
            return;
        }
        if (unscaled == Long.MIN_VALUE)
        {
            putAscii(BigDecimal.valueOf(unscaled, scale).toPlainString());
            return;
        }
        if (unscaled < 0)
        {
            put((byte)'-');
        }
        final int count = writeDigits(Math.abs(unscaled));
        if (count <= scale)
        {
            put((byte)'0', (byte)'.');
            for (int i = count; i < scale; i++)
            {
                put((byte)'0');
            }
            putDigits(0, count);
        }
        else
        {
            putDigits(0, count - scale);
            put((byte)'.');
            putDigits(count - scale, scale);
        }
    }

    /** Writes the digits of a non-negative value to the start of {@link #digits}; returns how many. */
    private int writeDigits(final long value)
    {
        long rest = value;
        int at = digits.length;
        do
        {
            digits[--at] = (byte)('0' + rest % 10);
            rest /= 10;
        }
        while (rest != 0);
        final int count = digits.length - at;
        System.arraycopy(digits, at, digits, 0, count);
        return count;
    }

    private void putDigits(final int from, final int count)
    {
        ensure(count);
        System.arraycopy(digits, from, data, length, count);
        length += count;
    }

    private void putAscii(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        put(bytes, bytes.length);
    }

    private void appendAscii(final char c)
    {
        switch (c)
        {
            case '\\' -> put((byte)'\\', (byte)'\\');
            case '\n' -> put((byte)'\\', (byte)'n');
            case '\r' -> put((byte)'\\', (byte)'r');
            case '\t' -> put((byte)'\\', (byte)'t');
            default -> put((byte)c);
        }
    }

    private void appendUtf8(final int codePoint)
    {
        if (codePoint < 0x800)
        {
            put((byte)(0xC0 | codePoint >>> 6), (byte)(0x80 | codePoint & 0x3F));
        }
        else if (codePoint < 0x10000)
        {
            put((byte)(0xE0 | codePoint >>> 12));
            put((byte)(0x80 | codePoint >>> 6 & 0x3F), (byte)(0x80 | codePoint & 0x3F));
        }
        else
        {
            put((byte)(0xF0 | codePoint >>> 18), (byte)(0x80 | codePoint >>> 12 & 0x3F));
            put((byte)(0x80 | codePoint >>> 6 & 0x3F), (byte)(0x80 | codePoint & 0x3F));
        }
    }

    private void put(final byte b)
    {
        ensure(1);
        data[length++] = b;
    }

    private void put(final byte first, final byte second)
    {
        ensure(2);
        data[length++] = first;
        data[length++] = second;
    }

    private void put(final byte[] bytes, final int count)
    {
        ensure(count);
        System.arraycopy(bytes, 0, data, length, count);
        length += count;
    }

    private void ensure(final int more)
    {
        if (length + more > data.length)
        {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + more));
        }
    }
}
