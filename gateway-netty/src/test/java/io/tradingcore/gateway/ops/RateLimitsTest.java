package io.tradingcore.gateway.ops;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.gateway.http.Request;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Over real HTTP; the buckets refill by a clock the test steps, so nothing depends on how fast the machine is. */
class RateLimitsTest
{
    private static final Consumer<Router> ROUTES = router ->
    {
        router.blocking(HttpMethod.GET, "/private", Role.VIEWER, request -> Response.json(Map.of("ok", true)));
        router.blocking(HttpMethod.GET, "/public", null, request -> Response.json(Map.of("ok", true)));
    };

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private TestGateway gateway;

    @AfterEach
    void close()
    {
        if (gateway != null)
        {
            gateway.close();
        }
    }

    private RateLimits limits(final RateLimits.Context context) throws InterruptedException
    {
        final RateLimits limits = new RateLimits(context.nanoClock(nanos::get));
        gateway = new TestGateway(ROUTES, limits, io.tradingcore.gateway.http.RequestObserver.NONE);
        return limits;
    }

    @Test
    void aBurstOverTheLimitGets429WithRetryAfterAndTheHeadersAndAnotherUserIsUnaffected() throws Exception
    {
        limits(new RateLimits.Context().tiers(Tiers.defaults()));
        for (int i = 1; i <= 100; i++)
        {
            final HttpResponse<String> answer = gateway.get("/private", "t1-u1");
            assertEquals(200, answer.statusCode(), "request " + i + " of the burst of 100");
            assertEquals("100", header(answer, "RateLimit-Limit"));
            assertEquals(Integer.toString(100 - i), header(answer, "RateLimit-Remaining"));
        }
        final HttpResponse<String> refused = gateway.get("/private", "t1-u1");
        assertEquals(429, refused.statusCode());
        assertEquals("1", header(refused, "Retry-After"), "20 a second: the next token in 50 ms, rounded up");
        assertEquals("100", header(refused, "RateLimit-Limit"));
        assertEquals("0", header(refused, "RateLimit-Remaining"));
        assertEquals("5", header(refused, "RateLimit-Reset"), "100 tokens at 20 a second");
        final String error = Json.MAPPER.readTree(refused.body()).get("error").asText();
        assertTrue(error.startsWith("too many requests from this user"), error);

        final HttpResponse<String> other = gateway.get("/private", "t1-u2");
        assertEquals(200, other.statusCode(), "another user of the same tenant");
        assertEquals("99", header(other, "RateLimit-Remaining"));
        assertEquals(200, gateway.get("/private", "t2-u1").statusCode(), "a user of another tenant");

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
        assertEquals(200, gateway.get("/private", "t1-u1").statusCode(), "one token back after 50 ms");
        assertEquals(429, gateway.get("/private", "t1-u1").statusCode());
    }

    @Test
    void aPersonClickingOnceASecondNeverMeetsTheLimit() throws Exception
    {
        limits(new RateLimits.Context().tiers(Tiers.defaults()));
        for (int i = 0; i < 300; i++)
        {
            final HttpResponse<String> answer = gateway.get("/private", "t1-u1");
            assertEquals(200, answer.statusCode(), "click " + i);
            assertEquals("99", header(answer, "RateLimit-Remaining"), "the bucket is full again before each click");
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        }
    }

    @Test
    void aTenantsUsersTogetherMeetTheTenantsLimitOfItsTier() throws Exception
    {
        final Properties properties = new Properties();
        properties.setProperty("tradingcore.gateway.tier.free.tenantBurst", "5");
        properties.setProperty("tradingcore.gateway.tier.free.tenantPerSecond", "1");
        limits(new RateLimits.Context().tiers(Tiers.from(properties))
            .tierOfTenant(tenantId -> tenantId == 2 ? "enterprise" : "free"));
        for (int user = 1; user <= 5; user++)
        {
            assertEquals(200, gateway.get("/private", "t1-u" + user).statusCode());
        }
        final HttpResponse<String> refused = gateway.get("/private", "t1-u6");
        assertEquals(429, refused.statusCode());
        assertTrue(refused.body().contains("too many requests from this tenant"), refused.body());
        assertEquals("1", header(refused, "Retry-After"));
        assertEquals("5", header(refused, "RateLimit-Limit"), "the tenant's bucket is the tighter");
        for (int user = 1; user <= 6; user++)
        {
            assertEquals(200, gateway.get("/private", "t2-u" + user).statusCode(), "an enterprise tenant");
        }
    }

    @Test
    void publicRequestsAreLimitedPerAddress() throws Exception
    {
        limits(new RateLimits.Context().tiers(Tiers.defaults()).addressPerSecond(1).addressBurst(3));
        for (int i = 0; i < 3; i++)
        {
            assertEquals(200, gateway.get("/public").statusCode());
        }
        final HttpResponse<String> refused = gateway.get("/public");
        assertEquals(429, refused.statusCode());
        assertTrue(refused.body().contains("too many requests from this address"), refused.body());
        assertEquals("1", header(refused, "Retry-After"));
        assertEquals(200, gateway.get("/private", "t1-u1").statusCode(), "a user is counted as a user");
    }

    @Test
    void aFloodOfDistinctAddressesKeepsTheBucketsBounded()
    {
        final RateLimits limits = new RateLimits(new RateLimits.Context().tiers(Tiers.defaults()).maxKeys(100)
            .addressBurst(1).nanoClock(nanos::get));
        for (int i = 0; i < 100_000; i++)
        {
            limits.admit(request("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)), new HashMap<>());
            assertTrue(limits.trackedKeys() <= 100);
        }
        assertEquals(100, limits.trackedKeys());
        final Map<String, String> headers = new HashMap<>();
        assertThrows(ApiException.class, () -> limits.admit(request("10.1.134.159"), headers),
            "a recent address keeps its bucket");
        limits.admit(request("10.0.0.0"), headers);
    }

    @Test
    void tiersComeFromPropertiesOverTheDefaults()
    {
        final Properties properties = new Properties();
        properties.setProperty("tradingcore.gateway.tier.pro.userBurst", "300");
        properties.setProperty("tradingcore.gateway.tier.gold.tenantPerSecond", "9000");
        final Tiers tiers = Tiers.from(properties);
        assertEquals(new Tiers.Limit(20, 300), tiers.tier("pro").user());
        assertEquals(new Tiers.Limit(9000, 500), tiers.tier("gold").tenant());
        assertEquals(new Tiers.Limit(100, 500), tiers.tier("free").tenant());
        assertEquals("free", tiers.tier("no such tier").name());
        assertEquals(new Tiers.Limit(2000, 10_000), tiers.tier("enterprise").tenant());

        properties.setProperty("tradingcore.gateway.tier.pro.userBurts", "1");
        final IllegalArgumentException typo =
            assertThrows(IllegalArgumentException.class, () -> Tiers.from(properties));
        assertTrue(typo.getMessage().startsWith("tradingcore.gateway.tier.pro.userBurts is not a tier setting"),
            typo.getMessage());
        properties.remove("tradingcore.gateway.tier.pro.userBurts");
        properties.setProperty("tradingcore.gateway.tier.pro.userBurst", "0");
        assertThrows(IllegalArgumentException.class, () -> Tiers.from(properties));
    }

    private static Request request(final String address)
    {
        return new Request(HttpMethod.GET, "/public", Map.of(), new DefaultHttpHeaders(), new byte[0], address);
    }

    private static String header(final HttpResponse<String> answer, final String name)
    {
        return answer.headers().firstValue(name).orElse(null);
    }
}
