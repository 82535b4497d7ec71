package io.tradingcore.projections.business;

import io.tradingcore.pipeline.SystemProperties;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The tiers Free, Pro and Enterprise from configuration: the shipped {@code business/tiers.properties}, with the keys
 * of a file named by {@value #TIERS_FILE_PROP_NAME} over it. A key that is not a tier setting, or a value that is not a
 * whole number, stops the start with the key named.
 */
public final class SubscriptionTiers
{
    public static final String TIERS_FILE_PROP_NAME = "tradingcore.business.tiersFile";
    public static final List<String> NAMES = List.of("free", "pro", "enterprise");
    private static final List<String> FIELDS = List.of("priceIdr", "priceUsdCents", "terminals", "instruments",
        "ordersPerDay", "apiCallsPerMinute", "strategies", "historyRetentionDays", "overageIdrPerOrder");

    private final Map<String, Tier> tiers;

    private SubscriptionTiers(final Map<String, Tier> tiers)
    {
        this.tiers = tiers;
    }

    /** The shipped tiers, with the file of {@value #TIERS_FILE_PROP_NAME} over them when set. */
    public static SubscriptionTiers load()
    {
        final String file = SystemProperties.stringValue(TIERS_FILE_PROP_NAME, null);
        return load(file == null ? null : Path.of(file));
    }

    public static SubscriptionTiers load(final Path overrides)
    {
        final Properties properties = new Properties();
        try (InputStream shipped = SubscriptionTiers.class.getResourceAsStream("/business/tiers.properties"))
        {
            if (shipped == null)
            {
                throw new IllegalStateException("business/tiers.properties is missing from the classpath");
            }
            properties.load(shipped);
            if (overrides != null)
            {
                try (InputStream in = Files.newInputStream(overrides))
                {
                    properties.load(in);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("tiers not readable: " + ex.getMessage(), ex);
        }
        return parse(properties);
    }

    static SubscriptionTiers parse(final Properties properties)
    {
        for (final String key : properties.stringPropertyNames())
        {
            final String[] parts = key.split("\\.");
            if (parts.length != 3 || !parts[0].equals("tier") || !NAMES.contains(parts[1]) ||
                !FIELDS.contains(parts[2]))
            {
                throw new IllegalStateException(key + " is not a tier setting (tier.<free|pro|enterprise>.<" +
                    String.join("|", FIELDS) + ">)");
            }
        }
        final Map<String, Tier> tiers = new LinkedHashMap<>();
        for (final String name : NAMES)
        {
            tiers.put(name, new Tier(name, number(properties, name, "priceIdr"),
                number(properties, name, "priceUsdCents"), (int)number(properties, name, "terminals"),
                (int)number(properties, name, "instruments"), number(properties, name, "ordersPerDay"),
                number(properties, name, "apiCallsPerMinute"), (int)number(properties, name, "strategies"),
                (int)number(properties, name, "historyRetentionDays"),
                number(properties, name, "overageIdrPerOrder")));
        }
        return new SubscriptionTiers(tiers);
    }

    private static long number(final Properties properties, final String tier, final String field)
    {
        final String key = "tier." + tier + "." + field;
        final String value = properties.getProperty(key);
        if (value == null)
        {
            throw new IllegalStateException(key + " is missing");
        }
        try
        {
            final long number = Long.parseLong(value.trim());
            if (number < 0)
            {
                throw new IllegalStateException(key + " must not be negative: " + value);
            }
            return number;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalStateException(key + " must be a whole number: " + value, ex);
        }
    }

    /** The tier of this name; throws naming the tiers when there is none. */
    public Tier tier(final String name)
    {
        final Tier tier = tiers.get(name);
        if (tier == null)
        {
            throw new IllegalArgumentException("no tier '" + name + "': " + NAMES);
        }
        return tier;
    }

    /** Every tier, cheapest first. */
    public List<Tier> all()
    {
        return List.copyOf(tiers.values());
    }
}
