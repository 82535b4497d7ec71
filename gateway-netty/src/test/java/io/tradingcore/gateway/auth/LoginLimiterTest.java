package io.tradingcore.gateway.auth;

import org.junit.jupiter.api.Test;

import static io.tradingcore.gateway.auth.AuthFixture.PASSWORD;
import static io.tradingcore.gateway.auth.AuthFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class LoginLimiterTest
{
    @Test
    void tooManyLoginsForOneUserAnswer429WithRetryAfter() throws Exception
    {
        try (AuthFixture fixture = new AuthFixture("gateway_limits",
            new LoginLimiter.Context().userPerMinute(5).userBurst(3).addressPerMinute(1000).addressBurst(1000)))
        {
            for (int i = 0; i < 3; i++)
            {
                assertRefused(401, fixture.login("alpha", "trader", "wrong password " + i));
            }
            final AuthFixture.Answer limited = fixture.login("alpha", "TRADER", PASSWORD);
            assertRefused(429, limited);
            final long retryAfter = Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 12, "Retry-After " + retryAfter);
            assertTrue(limited.error().contains("for this user"), limited.error());
            // Another user of the same tenant, or the same name in another tenant, is not held back.
            assertEquals(200, fixture.login("alpha", "viewer", PASSWORD).status());
            assertEquals(200, fixture.login("beta", "trader", PASSWORD).status());
        }
    }

    @Test
    void tooManyLoginsFromOneAddressAnswer429() throws Exception
    {
        try (AuthFixture fixture = new AuthFixture("gateway_limits",
            new LoginLimiter.Context().userPerMinute(1000).userBurst(1000).addressPerMinute(4).addressBurst(4)))
        {
            for (int i = 0; i < 4; i++)
            {
                assertRefused(401, fixture.login("alpha", "user" + i, PASSWORD));
            }
            final AuthFixture.Answer limited = fixture.login("alpha", "admin", PASSWORD);
            assertRefused(429, limited);
            assertTrue(limited.raw().headers().firstValue("Retry-After").isPresent());
            assertTrue(limited.error().contains("from this address"), limited.error());
        }
    }

    @Test
    void holdsAtMostMaxKeysBuckets()
    {
        final LoginLimiter limiter = new LoginLimiter(new LoginLimiter.Context().maxKeys(100));
        for (int i = 0; i < 10_000; i++)
        {
            limiter.admit("alpha", "user" + i, "10.0." + (i / 256 % 256) + "." + (i % 256));
        }
        assertTrue(limiter.size() <= 200, "buckets held: " + limiter.size());
    }

    @Test
    void refusesLimitsThatMakeNoSense()
    {
        assertThrows(IllegalStateException.class, () -> new LoginLimiter.Context().userPerMinute(0).conclude());
        assertThrows(IllegalStateException.class, () -> new LoginLimiter.Context().maxKeys(0).conclude());
    }
}
