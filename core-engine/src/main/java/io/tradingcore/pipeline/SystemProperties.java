package io.tradingcore.pipeline;

import org.agrona.SystemUtil;

import java.util.Arrays;

/**
 * Typed reads of the system properties that the contexts' settings come from, as Aeron's {@code Configuration}
 * classes read theirs, except that a malformed value is refused with a message naming the property: the JDK's
 * {@link Integer#getInteger} and {@link Boolean#getBoolean} quietly take a typo for the default.
 */
public final class SystemProperties
{
    private SystemProperties()
    {
    }

    /** The property's value, or {@code defaultValue} when it is not set. */
    public static String stringValue(final String name, final String defaultValue)
    {
        return System.getProperty(name, defaultValue);
    }

    /** An integer property; {@code defaultValue} when not set. */
    public static int intValue(final String name, final int defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw refused(name, value, "is not an integer");
        }
    }

    /** A long integer property; {@code defaultValue} when not set. */
    public static long longValue(final String name, final long defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw refused(name, value, "is not an integer");
        }
    }

    /** A size in bytes, with an optional {@code k}, {@code m} or {@code g} suffix as Aeron's sizes take. */
    public static int sizeValue(final String name, final int defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }
        final long size;
        try
        {
            size = SystemUtil.parseSize(name, value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw refused(name, value, "is not a size in bytes (e.g. 65536, 64k, 4m)");
        }
        if (size > Integer.MAX_VALUE)
        {
            throw refused(name, value, "exceeds " + Integer.MAX_VALUE + " bytes");
        }
        return (int)size;
    }

    /** {@code true} or {@code false}, in any case; {@code defaultValue} when not set. */
    public static boolean booleanValue(final String name, final boolean defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }
        final String trimmed = value.trim();
        if ("true".equalsIgnoreCase(trimmed))
        {
            return true;
        }
        if ("false".equalsIgnoreCase(trimmed))
        {
            return false;
        }
        throw refused(name, value, "is neither true nor false");
    }

    /** One of {@code type}'s constants by name, in any case; {@code defaultValue} when not set. */
    public static <E extends Enum<E>> E enumValue(final String name, final Class<E> type, final E defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }
        final String wanted = value.trim();
        for (final E constant : type.getEnumConstants())
        {
            if (constant.name().equalsIgnoreCase(wanted))
            {
                return constant;
            }
        }
        throw refused(name, value, "is not one of " + Arrays.toString(type.getEnumConstants()));
    }

    private static IllegalArgumentException refused(final String name, final String value, final String why)
    {
        return new IllegalArgumentException("-D" + name + "=" + value + " " + why);
    }
}
