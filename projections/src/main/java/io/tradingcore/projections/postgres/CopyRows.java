package io.tradingcore.projections.postgres;

import org.agrona.DirectBuffer;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Rows of one table in COPY's binary format, built in memory for one batch and sent with one {@code COPY ... FROM
 * STDIN}: one stream per table instead of a statement per row, and nothing for the server to parse. Text would cost
 * it more than the insert itself: a timestamptz takes microseconds to read, a numeric a good fraction of one. Values go
 * from the engine's longs straight into the types' binary forms; a fixed-point long becomes an exact numeric, never a
 * double. Each value must be written with the method of its column's type (int4 for integer, int8 for bigint...):
 * the server checks the lengths and refuses a batch that mixes them up.
 */
final class CopyRows
{
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte)0xFF, '\r', '\n', 0};
    /** PostgreSQL's epoch, 2000-01-01, in Unix days and microseconds. */
    private static final int POSTGRES_EPOCH_DAY = 10_957;
    private static final long POSTGRES_EPOCH_MICROS = POSTGRES_EPOCH_DAY * 86_400_000_000L;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final int NUMERIC_NEGATIVE = 0x4000;

    private final String copySql;
    private final short columns;
    private final byte[] decimalDigits = new byte[20];
    private short[] numericDigits = new short[16];
    private byte[] data = new byte[16 * 1024];
    private int length;
    private int rows;
    private int rowColumns = -1;

    /**
     * @param table   where the rows go
     * @param columns the columns, comma separated, in the order each row's values are written
     */
    CopyRows(final String table, final String columns)
    {
        this.copySql = "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)";
        this.columns = (short)columns.split(",").length;
        clear();
    }

    void clear()
    {
        length = 0;
        rows = 0;
        rowColumns = -1;
        put(SIGNATURE, 0, SIGNATURE.length);
        putInt(0); // flags
        putInt(0); // header extension length
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
        putShort(-1); // the trailer, taken off again below: the rows stay as they were, to be sent again
        try
        {
            copy.writeToCopy(data, 0, length);
            copy.endCopy();
        }
        finally
        {
            length -= 2;
            if (copy.isActive())
            {
                copy.cancelCopy();
            }
        }
    }

    CopyRows int2(final int value)
    {
        field(2);
        putShort(value);
        return this;
    }

    CopyRows int4(final int value)
    {
        field(4);
        putInt(value);
        return this;
    }

    CopyRows int8(final long value)
    {
        field(8);
        putLong(value);
        return this;
    }

    CopyRows bool(final boolean value)
    {
        field(1);
        data[length++] = (byte)(value ? 1 : 0);
        return this;
    }

    CopyRows nul()
    {
        nextColumn();
        putInt(-1);
        return this;
    }

    /** A fixed-point long as the numeric it stands for, at its scale: {@code decimal(139147, 5)} is 1.39147. */
    CopyRows decimal(final long unscaled, final int scale)
    {
        if (unscaled == Long.MIN_VALUE)
        {
            return numeric(BigDecimal.valueOf(unscaled, scale));
        }
        long rest = Math.abs(unscaled);
        int at = decimalDigits.length;
        do
        {
            decimalDigits[--at] = (byte)(rest % 10);
            rest /= 10;
        }
        while (rest != 0);
        appendNumeric(decimalDigits, at, decimalDigits.length - at, scale, unscaled < 0);
        return this;
    }

    /** A numeric at the value's own scale; null is NULL. */
    CopyRows numeric(final BigDecimal value)
    {
        if (value == null)
        {
            return nul();
        }
        final BigDecimal exact = value.scale() < 0 ? value.setScale(0) : value;
        final byte[] text = exact.unscaledValue().abs().toString().getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < text.length; i++)
        {
            text[i] -= '0';
        }
        appendNumeric(text, 0, text.length, exact.scale(), exact.signum() < 0);
        return this;
    }

    /** Text in UTF-8; null is NULL. */
    CopyRows text(final CharSequence text)
    {
        if (text == null)
        {
            return nul();
        }
        nextColumn();
        final int lengthAt = length;
        putInt(0);
        for (int i = 0, n = text.length(); i < n; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                ensure(1);
                data[length++] = (byte)c;
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
                ensure(1);
                data[length++] = '?'; // a lone surrogate is no character: UTF-8 has no bytes for it
            }
        }
        putIntAt(lengthAt, length - lengthAt - 4);
        return this;
    }

    CopyRows bytes(final DirectBuffer buffer, final int offset, final int count)
    {
        field(count);
        buffer.getBytes(offset, data, length, count);
        length += count;
        return this;
    }

    /** An instant in epoch nanoseconds as a timestamptz, cut to the microsecond PostgreSQL keeps. */
    CopyRows timestamp(final long epochNs)
    {
        return int8(Math.floorDiv(epochNs, 1000) - POSTGRES_EPOCH_MICROS);
    }

    /** The UTC day of an instant in epoch nanoseconds, as a date. */
    CopyRows date(final long epochNs)
    {
        return epochDay(Math.floorDiv(epochNs, NANOS_PER_DAY));
    }

    /** A day given as days since 1970-01-01, as a date. */
    CopyRows epochDay(final long epochDay)
    {
        return int4(Math.toIntExact(epochDay - POSTGRES_EPOCH_DAY));
    }

    void endRow()
    {
        if (rowColumns != columns)
        {
            throw new IllegalStateException(copySql + ": a row of " + rowColumns + " values");
        }
        rows++;
        rowColumns = -1;
    }

    /**
     * Writes a numeric from its decimal digits (values 0 to 9, most significant first) and scale: PostgreSQL keeps
     * base 10000 digits, grouped from the decimal point, with the weight of the first and the display scale.
     */
    private void appendNumeric(
        final byte[] digits, final int from, final int count, final int scale, final boolean negative)
    {
        final int integerDigits = Math.max(count - scale, 0);
        final int integerGroups = (integerDigits + 3) / 4;
        final int groups = integerGroups + (scale + 3) / 4;
        if (numericDigits.length < groups)
        {
            numericDigits = new short[groups];
        }
        // the digit at position p (0 = first of the integer groups' padded digits) is the decimal digit at
        // p - (integerGroups * 4 - integerDigits) of the value, counting the fraction's leading zeros
        final int firstDigitAt = integerGroups * 4 - integerDigits + Math.max(scale - count, 0);
        for (int group = 0; group < groups; group++)
        {
            int value = 0;
            for (int p = group * 4; p < group * 4 + 4; p++)
            {
                final int index = p - firstDigitAt;
                value = value * 10 + (index >= 0 && index < count ? digits[from + index] : 0);
            }
            numericDigits[group] = (short)value;
        }
        int first = 0;
        int last = groups;
        while (first < last && numericDigits[first] == 0)
        {
            first++;
        }
        while (last > first && numericDigits[last - 1] == 0)
        {
            last--;
        }
        final int ndigits = last - first;
        field(8 + 2 * ndigits);
        putShort(ndigits);
        putShort(ndigits == 0 ? 0 : integerGroups - 1 - first);
        putShort(negative && ndigits > 0 ? NUMERIC_NEGATIVE : 0);
        putShort(scale);
        for (int i = first; i < last; i++)
        {
            putShort(numericDigits[i]);
        }
    }

    private void appendUtf8(final int codePoint)
    {
        ensure(4);
        if (codePoint < 0x800)
        {
            data[length++] = (byte)(0xC0 | codePoint >>> 6);
        }
        else if (codePoint < 0x10000)
        {
            data[length++] = (byte)(0xE0 | codePoint >>> 12);
            data[length++] = (byte)(0x80 | codePoint >>> 6 & 0x3F);
        }
        else
        {
            data[length++] = (byte)(0xF0 | codePoint >>> 18);
            data[length++] = (byte)(0x80 | codePoint >>> 12 & 0x3F);
            data[length++] = (byte)(0x80 | codePoint >>> 6 & 0x3F);
        }
        data[length++] = (byte)(0x80 | codePoint & 0x3F);
    }

    /** Starts a value of the given length: the row's field count first when it is the row's first value. */
    private void field(final int valueLength)
    {
        nextColumn();
        ensure(4 + valueLength);
        putInt(valueLength);
    }

    private void nextColumn()
    {
        if (rowColumns < 0)
        {
            putShort(columns);
            rowColumns = 0;
        }
        rowColumns++;
    }

    private void putShort(final int value)
    {
        ensure(2);
        data[length++] = (byte)(value >>> 8);
        data[length++] = (byte)value;
    }

    private void putInt(final int value)
    {
        ensure(4);
        putIntAt(length, value);
        length += 4;
    }

    private void putIntAt(final int at, final int value)
    {
        data[at] = (byte)(value >>> 24);
        data[at + 1] = (byte)(value >>> 16);
        data[at + 2] = (byte)(value >>> 8);
        data[at + 3] = (byte)value;
    }

    private void putLong(final long value)
    {
        putInt((int)(value >>> 32));
        putInt((int)value);
    }

    private void put(final byte[] bytes, final int offset, final int count)
    {
        ensure(count);
        System.arraycopy(bytes, offset, data, length, count);
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
