package io.tradingcore.cluster;

import io.aeron.security.CredentialsSupplier;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cluster client's credentials as they travel in Aeron Cluster's connect request: the client's name, a zero byte,
 * then its key, the same name and key the core's command ingress takes ({@code ClientKeys}). Public for clients that
 * connect with a plain {@code AeronCluster} (the benchmarks' raw echo baseline).
 */
public record ClientCredentials(String clientName, byte[] key)
{
    public static byte[] encode(final String clientName, final byte[] key)
    {
        final byte[] name = clientName.getBytes(StandardCharsets.UTF_8);
        final byte[] encoded = Arrays.copyOf(name, name.length + 1 + key.length);
        System.arraycopy(key, 0, encoded, name.length + 1, key.length);
        return encoded;
    }

    /** What an {@code AeronCluster.Context} sends: the credentials, also as the answer to a challenge (none comes). */
    public static CredentialsSupplier supplier(final String clientName, final byte[] key)
    {
        final byte[] encoded = encode(clientName, key);
        return new CredentialsSupplier()
        {
            @Override
            public byte[] encodedCredentials()
            {
                return encoded;
            }

            @Override
            public byte[] onChallenge(final byte[] encodedChallenge)
            {
                return encoded;
            }
        };
    }

    /** The credentials in {@code encoded}, or null when they are not in this form. */
    static ClientCredentials decode(final byte[] encoded)
    {
        if (null == encoded)
        {
            return null;
        }
        for (int i = 0; i < encoded.length; i++)
        {
            if (encoded[i] == 0)
            {
                return new ClientCredentials(new String(encoded, 0, i, StandardCharsets.UTF_8),
                    Arrays.copyOfRange(encoded, i + 1, encoded.length));
            }
        }
        return null;
    }
}
