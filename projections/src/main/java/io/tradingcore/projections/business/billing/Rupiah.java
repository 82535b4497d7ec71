package io.tradingcore.projections.business.billing;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Whole-rupiah arithmetic and how amounts are printed on invoices. */
public final class Rupiah
{
    private static final long BASIS_POINTS = 10_000;

    private Rupiah()
    {
    }

    /**
     * The tax on an amount: {@code amount * rateBps / 10000}, rounded half up to a whole rupiah (Rp 0.5 and more
     * rounds up). Exact in long arithmetic for every amount an invoice can hold.
     */
    public static long tax(final long amount, final int rateBps)
    {
        if (amount < 0 || rateBps < 0)
        {
            throw new IllegalArgumentException("amount and rate must not be negative: " + amount + ", " + rateBps);
        }
        return Math.addExact(Math.multiplyExact(amount, (long)rateBps), BASIS_POINTS / 2) / BASIS_POINTS;
    }

    /** {@code 1234567} as {@code IDR 1,234,567}. */
    public static String format(final long amount)
    {
        return "IDR " + number(amount);
    }

    /** A whole number with thousands separators: {@code 1,234,567}. */
    public static String number(final long value)
    {
        return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }

    /** A rate in basis points as a percentage: 1100 as {@code 11%}, 1150 as {@code 11.5%}. */
    public static String percent(final int rateBps)
    {
        return new java.math.BigDecimal(rateBps).movePointLeft(2).stripTrailingZeros().toPlainString() + "%";
    }
}
