package io.tradingcore.engine;

import io.tradingcore.domain.FixedPoint;
import org.agrona.ExpandableArrayBuffer;

/** Builds the ASCII text of a reject or alert without allocating, for the engine thread. */
final class ReasonText
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private int length;

    ReasonText clear()
    {
        length = 0;
        return this;
    }

    ReasonText append(final String text)
    {
        length += buffer.putStringWithoutLengthAscii(length, text);
        return this;
    }

    ReasonText append(final long value)
    {
        length += buffer.putLongAscii(length, value);
        return this;
    }

    /** Appends a fixed-point value as a decimal, e.g. 139147 at 5 digits as 1.39147. */
    ReasonText appendFixed(final long value, final int digits)
    {
        if (digits == 0)
        {
            return append(value);
        }
        final long unit = FixedPoint.pow10(digits);
        if (value < 0)
        {
            append("-");
        }
        final long magnitude = Math.abs(value);
        append(magnitude / unit).append(".");
        final long fraction = magnitude % unit;
        for (long scale = unit / 10; scale > 1 && fraction < scale; scale /= 10)
        {
            append("0");
        }
        return append(fraction);
    }

    ReasonText appendQuantity(final long quantity)
    {
        return appendFixed(quantity, FixedPoint.QUANTITY_DIGITS);
    }

    ReasonText appendMoney(final long money)
    {
        return appendFixed(FixedPoint.divideRounded(money, FixedPoint.pow10(FixedPoint.MONEY_DIGITS - 2)), 2);
    }

    ExpandableArrayBuffer buffer()
    {
        return buffer;
    }

    int length()
    {
        return length;
    }

    @Override
    public String toString()
    {
        return buffer.getStringWithoutLengthAscii(0, length);
    }
}
