package io.tradingcore.gateway.auth;

/**
 * Refuses Java versions whose ECDSA accepts a signature of zeros for any message (CVE-2022-21449, "psychic
 * signatures": Java 15 to 17.0.2 and 18.0.0): on them anyone could forge an ES256 access token. The gateway needs Java
 * 17.0.3 or newer.
 */
public final class JavaVersionCheck
{
    private JavaVersionCheck()
    {
    }

    /** Throws with one line saying why when the running Java may not verify the gateway's tokens. */
    public static void requireSafeJava()
    {
        require(Runtime.version().toString());
    }

    /** Throws with one line saying why when {@code version} (such as {@code 17.0.2+8}) is not safe. */
    public static void require(final String version)
    {
        if (!isSafe(version))
        {
            throw new IllegalStateException("the gateway needs Java 17.0.3 or newer (CVE-2022-21449, forged ECDSA " +
                "signatures); this is Java " + version);
        }
    }

    /** True when {@code version} is 17.0.3 or newer and not 18.0.0. */
    public static boolean isSafe(final String version)
    {
        final Runtime.Version parsed;
        try
        {
            parsed = Runtime.Version.parse(version);
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
        final int feature = parsed.feature();
        if (feature < 17)
        {
            return false;
        }
        final boolean firstRelease = parsed.interim() == 0;
        if (feature == 17)
        {
            return !firstRelease || parsed.update() >= 3;
        }
        if (feature == 18)
        {
            return !firstRelease || parsed.update() >= 1;
        }
        return true;
    }
}
