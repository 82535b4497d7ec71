package io.tradingcore.domain;

import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Fixed-point arithmetic for prices, quantities and money. All values are {@code long}s with an
 * implied decimal scale: prices use the instrument's MT5 digits, quantities {@link #QUANTITY_DIGITS}
 * (lots), money {@link #MONEY_DIGITS} (account currency). Rounding is half-even everywhere so that
 * sums of many rounded amounts carry no bias. Overflow throws {@link ArithmeticException}; the
 * engine turns that into a reject instead of a wrong number.
 */
public final class FixedPoint
{
    public static final int QUANTITY_DIGITS = 4;
    public static final long QUANTITY_ONE = 10_000L;
    public static final int MONEY_DIGITS = 6;
    public static final long MONEY_ONE = 1_000_000L;
    public static final int MAX_DIGITS = 18;

    private static final long[] POWERS_OF_TEN = new long[MAX_DIGITS + 1];

    static
    {
        long value = 1;
        for (int i = 0; i <= MAX_DIGITS; i++)
        {
            POWERS_OF_TEN[i] = value;
            value *= 10;
        }
    }

    private FixedPoint()
    {
    }

    public static long pow10(final int exponent)
    {
        return POWERS_OF_TEN[exponent];
    }

    /**
     * {@code a * b / divisor}, rounded half-even, with a 128-bit intermediate product so that the
     * result is exact whenever it fits in a long.
     */
    public static long multiplyDivide(final long a, final long b, final long divisor)
    {
        if (divisor == 0)
        {
            throw new ArithmeticException("division by zero");
        }
        if (a == 0 || b == 0)
        {
            return 0; // a flat position or nothing realized: no division
        }
        final long high = Math.multiplyHigh(a, b);
        final long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0))
        {
            return divideRounded(low, divisor);
        }
        return wideMultiplyDivide(a, b, divisor);
    }

    /** {@code value / divisor} rounded half-even. */
    public static long divideRounded(final long value, final long divisor)
    {
        final long quotient = value / divisor;
        final long remainder = value % divisor;
        if (remainder == 0)
        {
            return quotient;
        }
        final long twiceRemainder = Math.abs(remainder) * 2;
        final long absDivisor = Math.abs(divisor);
        final boolean negative = (value < 0) != (divisor < 0);
        if (twiceRemainder > absDivisor || (twiceRemainder == absDivisor && (quotient & 1) != 0) ||
            (twiceRemainder < 0))
        {
            return negative ? quotient - 1 : quotient + 1;
        }
        return quotient;
    }

    /** Changes the scale of a value, rounding half-even when digits are dropped. */
    public static long rescale(final long value, final int fromDigits, final int toDigits)
    {
        if (toDigits >= fromDigits)
        {
            return Math.multiplyExact(value, pow10(toDigits - fromDigits));
        }
        return divideRounded(value, pow10(fromDigits - toDigits));
    }

    private static long wideMultiplyDivide(final long a, final long b, final long divisor)
    {
        // Rare slow path: only reached when a * b does not fit in 64 bits.
        final BigInteger result = new java.math.BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
            .divide(new java.math.BigDecimal(divisor), 0, RoundingMode.HALF_EVEN)
            .toBigIntegerExact();
        return result.longValueExact();
    }

    /**
     * Parses a decimal such as {@code "1.39147"} into a fixed-point long with the given digits,
     * without going through {@code double}. For the edges (config, command line); the hot paths
     * carry longs already.
     */
    public static long parse(final CharSequence text, final int digits)
    {
        final int length = text.length();
        if (length == 0)
        {
            throw new NumberFormatException("empty number");
        }
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+')
        {
            negative = text.charAt(0) == '-';
            i++;
        }
        long value = 0;
        int fractionDigits = -1;
        boolean anyDigit = false;
        for (; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c == '.')
            {
                if (fractionDigits >= 0)
                {
                    throw new NumberFormatException("'" + text + "' has two decimal points");
                }
                fractionDigits = 0;
                continue;
            }
            if (c < '0' || c > '9')
            {
                throw new NumberFormatException("'" + text + "' is not a number");
            }
            anyDigit = true;
            if (fractionDigits >= 0)
            {
                if (fractionDigits == digits)
                {
                    if (c != '0')
                    {
                        throw new NumberFormatException("'" + text + "' has more than " + digits + " decimals");
                    }
                    continue;
                }
                fractionDigits++;
            }
            value = Math.addExact(Math.multiplyExact(value, 10), c - '0');
        }
        if (!anyDigit)
        {
            throw new NumberFormatException("'" + text + "' is not a number");
        }
        final int scaled = Math.max(fractionDigits, 0);
        value = Math.multiplyExact(value, pow10(digits - scaled));
        return negative ? -value : value;
    }

    /** Formats a fixed-point long as a plain decimal, e.g. {@code format(139147, 5) = "1.39147"}. */
    public static String format(final long value, final int digits)
    {
        if (digits == 0)
        {
            return Long.toString(value);
        }
        final StringBuilder text = new StringBuilder(24);
        final long unit = pow10(digits);
        final long integer = value / unit;
        final long fraction = Math.abs(value % unit);
        if (value < 0 && integer == 0)
        {
            text.append('-');
        }
        text.append(integer).append('.');
        final String fractionText = Long.toString(fraction);
        for (int i = fractionText.length(); i < digits; i++)
        {
            text.append('0');
        }
        return text.append(fractionText).toString();
    }

    public static String formatMoney(final long money)
    {
        return format(divideRounded(money, pow10(MONEY_DIGITS - 2)), 2);
    }

    public static String formatQuantity(final long quantity)
    {
        return format(quantity, QUANTITY_DIGITS);
    }
}
