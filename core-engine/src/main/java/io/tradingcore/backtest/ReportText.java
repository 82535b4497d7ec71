package io.tradingcore.backtest;

import io.tradingcore.domain.FixedPoint;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The report's text: HTML escaping and fixed formats for money, percentages and UTC times. Money stays
 * a {@code long} all the way to its digits, so a printed value is exactly the rounded value, never a
 * double's approximation of it; nothing depends on the default locale or time zone.
 */
final class ReportText
{
    static final DateTimeFormatter DATE_TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Longer runs without a space than this may break anywhere in the report's summary. */
    static final int LONG_WORD = 20;

    private static final long CENTS_DIVISOR = FixedPoint.MONEY_ONE / 100;

    private ReportText()
    {
    }

    /** Escapes the five characters that are special in HTML text and attribute values; null is empty. */
    static void escape(final StringBuilder out, final String text)
    {
        if (text == null)
        {
            return;
        }
        for (int i = 0; i < text.length(); i++)
        {
            escape(out, text.charAt(i));
        }
    }

    private static void escape(final StringBuilder out, final char c)
    {
        switch (c)
        {
            case '&' -> out.append("&amp;");
            case '<' -> out.append("&lt;");
            case '>' -> out.append("&gt;");
            case '"' -> out.append("&quot;");
            case '\'' -> out.append("&#39;");
            default -> out.append(c);
        }
    }

    /**
     * Whether the text has a run of more than {@value #LONG_WORD} characters without a space: a hash, a file name,
     * an ISO time or a parameter list, which a narrow column can only fit by breaking inside it.
     */
    static boolean hasLongWord(final String text)
    {
        if (text == null)
        {
            return false;
        }
        int run = 0;
        for (int i = 0; i < text.length(); i++)
        {
            run = Character.isWhitespace(text.charAt(i)) ? 0 : run + 1;
            if (run > LONG_WORD)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * As {@link #escape(StringBuilder, String)}, with a {@code <wbr>} where a long word breaks best: after a
     * {@code _}, {@code /}, {@code \} or {@code ;} (file names, paths, parameter lists) and after the {@code T}
     * of an ISO date-time, so that it wraps there before it wraps anywhere else.
     */
    static void escapeWithBreaks(final StringBuilder out, final String text)
    {
        if (text == null)
        {
            return;
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            escape(out, c);
            final boolean separator = c == '_' || c == '/' || c == '\\' || c == ';';
            final boolean dateTime = c == 'T' && i > 0 && i + 1 < text.length() &&
                Character.isDigit(text.charAt(i - 1)) && Character.isDigit(text.charAt(i + 1));
            if ((separator || dateTime) && i + 1 < text.length())
            {
                out.append("<wbr>");
            }
        }
    }

    static String escape(final String text)
    {
        final StringBuilder out = new StringBuilder();
        escape(out, text);
        return out.toString();
    }

    /** Money (account currency x 10^6) with 2 decimals, rounded half-even, thousands grouped: -1,234.57. */
    static String money(final long money)
    {
        return decimal(FixedPoint.divideRounded(money, CENTS_DIVISOR), 2);
    }

    /** Money rounded half-even to whole units, for axis labels whose ticks fall on whole units. */
    static String wholeMoney(final long money)
    {
        return decimal(FixedPoint.divideRounded(money, FixedPoint.MONEY_ONE), 0);
    }

    /** {@code part / whole} as a percentage with 2 decimals, half-even; "n/a" when whole is not positive. */
    static String percent(final long part, final long whole)
    {
        if (whole <= 0)
        {
            return "n/a";
        }
        return decimal(FixedPoint.multiplyDivide(part, 10_000, whole), 2) + "%";
    }

    static String dateTime(final long epochMs)
    {
        return DATE_TIME.format(Instant.ofEpochMilli(epochMs));
    }

    /** A scaled integer as a grouped decimal: {@code decimal(-123456, 2)} is "-1,234.56". */
    static String decimal(final long scaled, final int digits)
    {
        final String magnitude = Long.toString(scaled).replace("-", "");
        final String padded = "0".repeat(Math.max(0, digits + 1 - magnitude.length())) + magnitude;
        final String whole = padded.substring(0, padded.length() - digits);
        final StringBuilder out = new StringBuilder();
        if (scaled < 0)
        {
            out.append('-');
        }
        for (int i = 0; i < whole.length(); i++)
        {
            if (i > 0 && (whole.length() - i) % 3 == 0)
            {
                out.append(',');
            }
            out.append(whole.charAt(i));
        }
        if (digits > 0)
        {
            out.append('.').append(padded, padded.length() - digits, padded.length());
        }
        return out.toString();
    }

    /** A drawing coordinate with one decimal, the same text for the same double on every machine. */
    static void coordinate(final StringBuilder out, final double value)
    {
        final long tenths = Math.round(value * 10);
        if (tenths < 0)
        {
            out.append('-');
        }
        final long magnitude = Math.abs(tenths);
        out.append(magnitude / 10);
        if (magnitude % 10 != 0)
        {
            out.append('.').append(magnitude % 10);
        }
    }
}
