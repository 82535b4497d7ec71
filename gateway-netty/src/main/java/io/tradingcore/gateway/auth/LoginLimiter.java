package io.tradingcore.gateway.auth;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.pipeline.SystemProperties;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Limits login attempts per user (tenant and username, in any case) and per caller address with token buckets, so that
 * guessing passwords is slow whether one user or many are tried. A refused attempt answers 429 with
 * {@code Retry-After} in whole seconds. Memory is bounded: a bucket idle long enough to have filled up again is
 * forgotten (a new one would be the same), and past {@code maxKeys} the least recently used goes first.
 */
public final class LoginLimiter
{
    private final Context context;
    private final Buckets perUser;
    private final Buckets perAddress;

    public LoginLimiter(final Context context)
    {
        this.context = context.conclude();
        final long userRefillNanos = Duration.ofMinutes(1).toNanos() * context.userBurst() / context.userPerMinute();
        final long addressRefillNanos =
            Duration.ofMinutes(1).toNanos() * context.addressBurst() / context.addressPerMinute();
        perUser = new Buckets(context.maxKeys(), userRefillNanos, () -> Bucket.builder()
            .addLimit(limit -> limit.capacity(context.userBurst())
                .refillGreedy(context.userPerMinute(), Duration.ofMinutes(1)))
            .build());
        perAddress = new Buckets(context.maxKeys(), addressRefillNanos, () -> Bucket.builder()
            .addLimit(limit -> limit.capacity(context.addressBurst())
                .refillGreedy(context.addressPerMinute(), Duration.ofMinutes(1)))
            .build());
    }

    public Context context()
    {
        return context;
    }

    /** One attempt from the address's and the user's buckets; 429 with {@code Retry-After} when one is empty. */
    public void admit(final String tenant, final String username, final String address)
    {
        refuseUnlessConsumed(perAddress.bucket(address == null ? "" : address), "from this address");
        final String user = (tenant == null ? "" : tenant) + '\u0000' +
            (username == null ? "" : username.toLowerCase(Locale.ROOT));
        refuseUnlessConsumed(perUser.bucket(user), "for this user");
    }

    /** How many buckets are held (for tests of the bound). */
    int size()
    {
        return perUser.size() + perAddress.size();
    }

    private static void refuseUnlessConsumed(final Bucket bucket, final String which)
    {
        final ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed())
        {
            final long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ApiException(429, "too many login attempts " + which + "; retry in " + seconds + " s",
                Map.of("Retry-After", Long.toString(seconds)));
        }
    }

    /** Buckets by key, least recently used first. */
    private static final class Buckets
    {
        private record Entry(Bucket bucket, long lastUsedNanos)
        {
        }

        private final int maxKeys;
        private final long idleNanos;
        private final Supplier<Bucket> factory;
        private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

        Buckets(final int maxKeys, final long idleNanos, final Supplier<Bucket> factory)
        {
            this.maxKeys = maxKeys;
            this.idleNanos = idleNanos;
            this.factory = factory;
        }

        synchronized Bucket bucket(final String key)
        {
            final long now = System.nanoTime();
            final Iterator<Entry> oldest = entries.values().iterator();
            while (oldest.hasNext())
            {
                final Entry entry = oldest.next();
                if (now - entry.lastUsedNanos() < idleNanos && entries.size() < maxKeys)
                {
                    break;
                }
                oldest.remove();
            }
            final Entry existing = entries.get(key);
            final Bucket bucket = existing == null ? factory.get() : existing.bucket();
            entries.put(key, new Entry(bucket, now));
            return bucket;
        }

        synchronized int size()
        {
            return entries.size();
        }
    }

    /** Settings of the login limits, each from a system property unless set here. */
    public static final class Context
    {
        public static final String USER_PER_MINUTE_PROP_NAME = "tradingcore.gateway.login.userPerMinute";
        public static final int USER_PER_MINUTE_DEFAULT = 5;
        public static final String USER_BURST_PROP_NAME = "tradingcore.gateway.login.userBurst";
        public static final int USER_BURST_DEFAULT = 10;
        public static final String ADDRESS_PER_MINUTE_PROP_NAME = "tradingcore.gateway.login.addressPerMinute";
        public static final int ADDRESS_PER_MINUTE_DEFAULT = 30;
        public static final String ADDRESS_BURST_PROP_NAME = "tradingcore.gateway.login.addressBurst";
        public static final int ADDRESS_BURST_DEFAULT = 30;
        /** The most users (and, apart, addresses) whose buckets are held at once. */
        public static final String MAX_KEYS_PROP_NAME = "tradingcore.gateway.login.maxKeys";
        public static final int MAX_KEYS_DEFAULT = 100_000;

        private boolean concluded;
        private int userPerMinute = SystemProperties.intValue(USER_PER_MINUTE_PROP_NAME, USER_PER_MINUTE_DEFAULT);
        private int userBurst = SystemProperties.intValue(USER_BURST_PROP_NAME, USER_BURST_DEFAULT);
        private int addressPerMinute =
            SystemProperties.intValue(ADDRESS_PER_MINUTE_PROP_NAME, ADDRESS_PER_MINUTE_DEFAULT);
        private int addressBurst = SystemProperties.intValue(ADDRESS_BURST_PROP_NAME, ADDRESS_BURST_DEFAULT);
        private int maxKeys = SystemProperties.intValue(MAX_KEYS_PROP_NAME, MAX_KEYS_DEFAULT);

        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (userPerMinute < 1 || userBurst < 1 || addressPerMinute < 1 || addressBurst < 1)
            {
                throw new IllegalStateException("login limits must be positive: " + userPerMinute + "/" + userBurst +
                    " per user, " + addressPerMinute + "/" + addressBurst + " per address");
            }
            if (maxKeys < 1)
            {
                throw new IllegalStateException(MAX_KEYS_PROP_NAME + " must be positive: " + maxKeys);
            }
            concluded = true;
            return this;
        }

        private void settable()
        {
            if (concluded)
            {
                throw new IllegalStateException("context already concluded");
            }
        }

        public Context userPerMinute(final int userPerMinute)
        {
            settable();
            this.userPerMinute = userPerMinute;
            return this;
        }

        public int userPerMinute()
        {
            return userPerMinute;
        }

        public Context userBurst(final int userBurst)
        {
            settable();
            this.userBurst = userBurst;
            return this;
        }

        public int userBurst()
        {
            return userBurst;
        }

        public Context addressPerMinute(final int addressPerMinute)
        {
            settable();
            this.addressPerMinute = addressPerMinute;
            return this;
        }

        public int addressPerMinute()
        {
            return addressPerMinute;
        }

        public Context addressBurst(final int addressBurst)
        {
            settable();
            this.addressBurst = addressBurst;
            return this;
        }

        public int addressBurst()
        {
            return addressBurst;
        }

        public Context maxKeys(final int maxKeys)
        {
            settable();
            this.maxKeys = maxKeys;
            return this;
        }

        public int maxKeys()
        {
            return maxKeys;
        }
    }
}
