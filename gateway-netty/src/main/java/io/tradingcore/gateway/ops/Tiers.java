package io.tradingcore.gateway.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The request limits of each subscription tier, from configuration until the business services issue manages tiers:
 * properties {@code gateway.tier.<name>.userPerSecond}, {@code .userBurst}, {@code .tenantPerSecond} and
 * {@code .tenantBurst}, in a file ({@link #load(Path)}) or system properties, over the defaults. A user's requests
 * spend from a bucket of {@code userBurst} tokens refilled at {@code userPerSecond}, and from its tenant's bucket.
 * Defaults: every tier lets a user make 20 requests a second with bursts of 100, far above a person clicking and far
 * below a runaway script; a tenant's budget (all its users together) grows with the tier.
 */
public final class Tiers
{
    /** The prefix of the tiers' properties. */
    public static final String PREFIX = "tradingcore.gateway.tier.";
    /** The tier of a tenant the lookup knows no tier for, and of a tier name that is not configured. */
    public static final String DEFAULT_TIER = "free";

    /** A token bucket's refill rate and size. */
    public record Limit(long perSecond, long burst)
    {
        public Limit
        {
            if (perSecond < 1 || burst < 1)
            {
                throw new IllegalArgumentException("a limit needs at least 1 a second and a burst of at least 1: " +
                    perSecond + "/s, burst " + burst);
            }
        }
    }

    /** One tier's limits per user and per tenant. */
    public record Tier(String name, Limit user, Limit tenant)
    {
    }

    private static final Map<String, Tier> DEFAULTS = Map.of(
        "free", new Tier("free", new Limit(20, 100), new Limit(100, 500)),
        "pro", new Tier("pro", new Limit(20, 100), new Limit(500, 2_500)),
        "enterprise", new Tier("enterprise", new Limit(20, 100), new Limit(2_000, 10_000)));
    private static final Set<String> FIELDS = Set.of("userPerSecond", "userBurst", "tenantPerSecond", "tenantBurst");

    private final Map<String, Tier> tiers;

    private Tiers(final Map<String, Tier> tiers)
    {
        this.tiers = Map.copyOf(tiers);
    }

    /** The defaults: free, pro and enterprise. */
    public static Tiers defaults()
    {
        return new Tiers(DEFAULTS);
    }

    /**
     * The defaults with the {@code gateway.tier.*} entries of {@code properties} over them; a new name makes a new tier
     * (starting from the free tier's limits).
     *
     * @throws IllegalArgumentException naming the property when one is not a known field or not a positive number.
     */
    public static Tiers from(final Properties properties)
    {
        final Map<String, Tier> tiers = new TreeMap<>(DEFAULTS);
        for (final String property : new TreeSet<>(properties.stringPropertyNames()))
        {
            if (!property.startsWith(PREFIX))
            {
                continue;
            }
            final String rest = property.substring(PREFIX.length());
            final int dot = rest.lastIndexOf('.');
            final String name = dot > 0 ? rest.substring(0, dot) : "";
            final String field = rest.substring(dot + 1);
            if (name.isEmpty() || !FIELDS.contains(field))
            {
                throw new IllegalArgumentException(property + " is not a tier setting (gateway.tier.<name>." +
                    String.join("|", new TreeSet<>(FIELDS)) + ")");
            }
            final long value = number(property, properties.getProperty(property));
            final Tier tier = tiers.getOrDefault(name, new Tier(name, DEFAULTS.get(DEFAULT_TIER).user(),
                DEFAULTS.get(DEFAULT_TIER).tenant()));
            tiers.put(name, with(tier, field, value, property));
        }
        return new Tiers(tiers);
    }

    /** The defaults, then the file's settings (when {@code file} is not null), then the system properties. */
    public static Tiers load(final Path file)
    {
        final Properties properties = new Properties();
        if (file != null)
        {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                properties.load(reader);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("cannot read the tiers file " + file + ": " + ex.getMessage(), ex);
            }
        }
        for (final String name : System.getProperties().stringPropertyNames())
        {
            if (name.startsWith(PREFIX))
            {
                properties.setProperty(name, System.getProperty(name));
            }
        }
        return from(properties);
    }

    /** The tier of the name; the {@value #DEFAULT_TIER} tier for a name not configured. */
    public Tier tier(final String name)
    {
        final Tier tier = name == null ? null : tiers.get(name);
        return tier != null ? tier : tiers.get(DEFAULT_TIER);
    }

    /** The configured tiers' names. */
    public Set<String> names()
    {
        return tiers.keySet();
    }

    private static Tier with(final Tier tier, final String field, final long value, final String property)
    {
        try
        {
            return switch (field)
            {
                case "userPerSecond" -> new Tier(tier.name(), new Limit(value, tier.user().burst()), tier.tenant());
                case "userBurst" -> new Tier(tier.name(), new Limit(tier.user().perSecond(), value), tier.tenant());
                case "tenantPerSecond" ->
                    new Tier(tier.name(), tier.user(), new Limit(value, tier.tenant().burst()));
                default -> new Tier(tier.name(), tier.user(), new Limit(tier.tenant().perSecond(), value));
            };
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(property + ": " + ex.getMessage(), ex);
        }
    }

    private static long number(final String property, final String value)
    {
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(property + " is not a whole number: " + value, ex);
        }
    }
}
