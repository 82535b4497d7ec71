package io.tradingcore.gateway.ops;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Principal;
import io.tradingcore.gateway.http.Request;
import io.tradingcore.gateway.http.RequestGuard;
import io.tradingcore.pipeline.SystemProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Token buckets (Bucket4j) in front of every route: an authenticated request spends a token of its user's bucket and
 * one of its tenant's, sized by the tenant's subscription tier ({@link Tiers}); a public request spends one of its
 * address's. An empty bucket answers 429 with {@code Retry-After}; every answer carries {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset} (the IETF draft's names) of the tighter bucket. The buckets
 * live in maps bounded by {@code maxKeys} that drop the least recently used, so a flood of distinct addresses
 * cannot grow the gateway's memory; a bucket dropped while idle comes back full, as it would have refilled anyway.
 */
public final class RateLimits implements RequestGuard
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Context context;
    private final TimeMeter timeMeter;
    private final BoundedBuckets users;
    private final BoundedBuckets tenants;
    private final BoundedBuckets addresses;

    public RateLimits(final Context context)
    {
        this.context = context.conclude();
        final LongSupplier nanoClock = context.nanoClock();
        this.timeMeter = new TimeMeter()
        {
            @Override
            public long currentTimeNanos()
            {
                return nanoClock.getAsLong();
            }

            @Override
            public boolean isWallClockBased()
            {
                return false;
            }
        };
        this.users = new BoundedBuckets(context.maxKeys());
        this.tenants = new BoundedBuckets(context.maxKeys());
        this.addresses = new BoundedBuckets(context.maxKeys());
    }

    @Override
    public void admit(final Request request, final Map<String, String> answerHeaders)
    {
        final Principal principal = request.principalOrNull();
        if (principal == null)
        {
            final Tiers.Limit limit = context.addressLimit();
            final Bucket bucket = addresses.bucket(request.remoteAddress(), "", limit, this);
            spend(bucket, limit, "too many requests from this address", answerHeaders);
            return;
        }
        final Tiers.Tier tier = context.tiers().tier(context.tierOfTenant().apply(principal.tenantId()));
        final Bucket user =
            users.bucket(principal.tenantId() + "/" + principal.userId(), tier.name(), tier.user(), this);
        final Bucket tenant = tenants.bucket(Integer.toString(principal.tenantId()), tier.name(), tier.tenant(), this);
        final ConsumptionProbe userProbe = user.tryConsumeAndReturnRemaining(1);
        if (!userProbe.isConsumed())
        {
            refuse(userProbe, tier.user(), "too many requests from this user", answerHeaders);
        }
        final ConsumptionProbe tenantProbe = tenant.tryConsumeAndReturnRemaining(1);
        if (!tenantProbe.isConsumed())
        {
            // The request is refused, so the user's token goes back: only requests that ran count against the user.
            user.addTokens(1);
            refuse(tenantProbe, tier.tenant(), "too many requests from this tenant", answerHeaders);
        }
        if (tenantProbe.getRemainingTokens() < userProbe.getRemainingTokens())
        {
            headers(tenantProbe, tier.tenant(), answerHeaders);
        }
        else
        {
            headers(userProbe, tier.user(), answerHeaders);
        }
    }

    /** Buckets held now (users, tenants and addresses); at most three times {@code maxKeys}. */
    public int trackedKeys()
    {
        return users.size() + tenants.size() + addresses.size();
    }

    Bucket newBucket(final Tiers.Limit limit)
    {
        return Bucket.builder()
            .addLimit(bandwidth -> bandwidth.capacity(limit.burst())
                .refillGreedy(limit.perSecond(), Duration.ofSeconds(1)))
            .withCustomTimePrecision(timeMeter)
            .build();
    }

    private static void spend(
        final Bucket bucket, final Tiers.Limit limit, final String reason, final Map<String, String> answerHeaders)
    {
        final ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed())
        {
            refuse(probe, limit, reason, answerHeaders);
        }
        headers(probe, limit, answerHeaders);
    }

    private static void refuse(
        final ConsumptionProbe probe, final Tiers.Limit limit, final String reason,
        final Map<String, String> answerHeaders)
    {
        headers(probe, limit, answerHeaders);
        final long retryAfter = Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
        throw new ApiException(429, reason + " (at most " + limit.perSecond() + " a second, bursts of " +
            limit.burst() + "); retry after " + retryAfter + " s", Map.of("Retry-After", Long.toString(retryAfter)));
    }

    private static void headers(
        final ConsumptionProbe probe, final Tiers.Limit limit, final Map<String, String> answerHeaders)
    {
        answerHeaders.put("RateLimit-Limit", Long.toString(limit.burst()));
        answerHeaders.put("RateLimit-Remaining", Long.toString(Math.max(0, probe.getRemainingTokens())));
        answerHeaders.put("RateLimit-Reset", Long.toString(ceilSeconds(probe.getNanosToWaitForReset())));
    }

    private static long ceilSeconds(final long nanos)
    {
        return nanos <= 0 ? 0 : (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }

    /** Buckets by key, least recently used dropped past the bound; a key whose tier changed gets a new bucket. */
    private static final class BoundedBuckets
    {
        private record Entry(String tier, Bucket bucket)
        {
        }

        private final Map<String, Entry> entries;

        BoundedBuckets(final int maxKeys)
        {
            this.entries = new LinkedHashMap<>(16, 0.75f, true)
            {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(final Map.Entry<String, Entry> eldest)
                {
                    return size() > maxKeys;
                }
            };
        }

        synchronized Bucket bucket(
            final String key, final String tier, final Tiers.Limit limit, final RateLimits owner)
        {
            final Entry entry = entries.get(key);
            if (entry != null && entry.tier().equals(tier))
            {
                return entry.bucket();
            }
            final Bucket bucket = owner.newBucket(limit);
            entries.put(key, new Entry(tier, bucket));
            return bucket;
        }

        synchronized int size()
        {
            return entries.size();
        }
    }

    /** The limits' settings, in the style of Aeron's contexts. */
    public static final class Context
    {
        /** A properties file of tiers ({@link Tiers}); none by default: the defaults and system properties. */
        public static final String TIERS_FILE_PROP_NAME = "tradingcore.gateway.tiers.file";
        /** Public requests (login, health, metrics) per second from one address. */
        public static final String ADDRESS_PER_SECOND_PROP_NAME = "tradingcore.gateway.rateLimit.addressPerSecond";
        public static final long ADDRESS_PER_SECOND_DEFAULT = 20;
        /** The burst of public requests one address may make. */
        public static final String ADDRESS_BURST_PROP_NAME = "tradingcore.gateway.rateLimit.addressBurst";
        public static final long ADDRESS_BURST_DEFAULT = 100;
        /** The most users, tenants and addresses each that have a bucket at once; the least recently seen go. */
        public static final String MAX_KEYS_PROP_NAME = "tradingcore.gateway.rateLimit.maxKeys";
        public static final int MAX_KEYS_DEFAULT = 100_000;

        private boolean concluded;
        private Tiers tiers;
        private IntFunction<String> tierOfTenant = tenantId -> Tiers.DEFAULT_TIER;
        private long addressPerSecond =
            SystemProperties.longValue(ADDRESS_PER_SECOND_PROP_NAME, ADDRESS_PER_SECOND_DEFAULT);
        private long addressBurst = SystemProperties.longValue(ADDRESS_BURST_PROP_NAME, ADDRESS_BURST_DEFAULT);
        private int maxKeys = SystemProperties.intValue(MAX_KEYS_PROP_NAME, MAX_KEYS_DEFAULT);
        private LongSupplier nanoClock = System::nanoTime;
        private Tiers.Limit addressLimit;

        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (tiers == null)
            {
                final String file = System.getProperty(TIERS_FILE_PROP_NAME);
                tiers = Tiers.load(file == null ? null : Path.of(file));
            }
            if (maxKeys < 1)
            {
                throw new IllegalStateException(MAX_KEYS_PROP_NAME + " must be at least 1: " + maxKeys);
            }
            if (addressPerSecond < 1 || addressBurst < 1)
            {
                throw new IllegalStateException(ADDRESS_PER_SECOND_PROP_NAME + " and " + ADDRESS_BURST_PROP_NAME +
                    " must be at least 1: " + addressPerSecond + ", " + addressBurst);
            }
            if (tierOfTenant == null || nanoClock == null)
            {
                throw new IllegalStateException("the tenant's tier lookup and the clock are required");
            }
            addressLimit = new Tiers.Limit(addressPerSecond, addressBurst);
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

        /** The tiers' limits; default {@link Tiers#load} of {@value #TIERS_FILE_PROP_NAME} (or none). */
        public Context tiers(final Tiers tiers)
        {
            settable();
            this.tiers = tiers;
            return this;
        }

        public Tiers tiers()
        {
            return tiers;
        }

        /**
         * A tenant's tier name by its engine tenant id; every tenant {@value Tiers#DEFAULT_TIER} by default. Called for
         * every authenticated request on Netty's event loop, so it must answer from memory, never block.
         */
        public Context tierOfTenant(final IntFunction<String> tierOfTenant)
        {
            settable();
            this.tierOfTenant = tierOfTenant;
            return this;
        }

        public IntFunction<String> tierOfTenant()
        {
            return tierOfTenant;
        }

        public Context addressPerSecond(final long addressPerSecond)
        {
            settable();
            this.addressPerSecond = addressPerSecond;
            return this;
        }

        public long addressPerSecond()
        {
            return addressPerSecond;
        }

        public Context addressBurst(final long addressBurst)
        {
            settable();
            this.addressBurst = addressBurst;
            return this;
        }

        public long addressBurst()
        {
            return addressBurst;
        }

        /** The public requests' limit per address, once concluded. */
        public Tiers.Limit addressLimit()
        {
            return addressLimit;
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

        /** Monotonic nanoseconds the buckets refill by; {@link System#nanoTime()} by default (tests step their own). */
        public Context nanoClock(final LongSupplier nanoClock)
        {
            settable();
            this.nanoClock = nanoClock;
            return this;
        }

        public LongSupplier nanoClock()
        {
            return nanoClock;
        }
    }
}
