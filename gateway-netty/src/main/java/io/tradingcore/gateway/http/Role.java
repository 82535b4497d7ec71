package io.tradingcore.gateway.http;

/** What a user of a tenant may do; each role may do everything the roles before it may. */
public enum Role
{
    /** Reads the tenant's orders, fills, positions, accounts and history. */
    VIEWER,
    /** Also submits, modifies and cancels orders. */
    TRADER,
    /** Also manages the tenant's users, risk limits, halts and the kill switch. */
    ADMIN;

    /** True when this role may do what {@code needed} may. */
    public boolean allows(final Role needed)
    {
        return ordinal() >= needed.ordinal();
    }

    /** The role named in lower case, as the API writes it; null when no role has the name. */
    public static Role parse(final String name)
    {
        for (final Role role : values())
        {
            if (role.name().equalsIgnoreCase(name))
            {
                return role;
            }
        }
        return null;
    }

    /** The name the API uses: {@code viewer}, {@code trader}, {@code admin}. */
    public String apiName()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
