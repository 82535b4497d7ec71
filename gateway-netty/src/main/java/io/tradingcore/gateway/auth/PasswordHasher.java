package io.tradingcore.gateway.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Hashes passwords with Argon2id at OWASP's minimum cost (19 MiB of memory, 2 iterations, parallelism 1), each with
 * a random 16-byte salt, in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}).
 */
public final class PasswordHasher
{
    public static final int MEMORY_KIB = 19 * 1024;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;
    public static final int HASH_BYTES = 32;
    public static final int SALT_BYTES = 16;

    private static final Argon2Function ARGON2ID =
        Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES, Argon2.ID,
            Argon2Function.ARGON2_VERSION_13);

    /** A hash of a password no one knows, checked for unknown users so that they take as long as known ones. */
    private final String decoy;

    public PasswordHasher()
    {
        decoy = hash(Long.toHexString(System.nanoTime()) + "-no-such-user");
    }

    /** The password's Argon2id hash with a fresh random salt. */
    public String hash(final String password)
    {
        return Password.hash(password).addRandomSalt(SALT_BYTES).with(ARGON2ID).getResult();
    }

    /**
     * True when {@code password} matches {@code hash}. A null hash (no such user) still costs one Argon2id run and
     * answers false, so the time taken says nothing about which usernames exist.
     */
    public boolean verify(final String password, final String hash)
    {
        final String stored = hash == null ? decoy : hash;
        final boolean matches;
        try
        {
            matches = Password.check(password, stored).with(Argon2Function.getInstanceFromHash(stored));
        }
        catch (final RuntimeException ex)
        {
            return false;
        }
        return hash != null && matches;
    }
}
