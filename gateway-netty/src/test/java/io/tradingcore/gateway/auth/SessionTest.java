package io.tradingcore.gateway.auth;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.tradingcore.gateway.auth.AuthFixture.PASSWORD;
import static io.tradingcore.gateway.auth.AuthFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Login, refresh with rotation, theft detection and logout, over real HTTP. */
final class SessionTest
{
    private static AuthFixture fixture;

    @BeforeAll
    static void start() throws Exception
    {
        fixture = new AuthFixture("gateway_sessions", AuthFixture.generousLimits());
    }

    @AfterAll
    static void stop() throws Exception
    {
        fixture.close();
    }

    @Test
    void loginAnswersTokensAndMeSaysWhoCalls() throws Exception
    {
        final Map<String, Object> tokens = fixture.tokens("alpha", "trader");
        assertEquals(900, ((Number)tokens.get("expiresIn")).intValue());
        assertTrue(((String)tokens.get("refreshToken")).startsWith("1."));
        final AuthFixture.Answer me = fixture.get("/api/v1/me", (String)tokens.get("accessToken"));
        assertEquals(200, me.status(), me.raw().body());
        assertEquals(Map.of("tenant", "alpha", "tenantId", 1, "username", "trader", "role", "trader"), me.json());
    }

    @Test
    void usernamesAreFoundInAnyCase() throws Exception
    {
        assertEquals(200, fixture.login("alpha", "TRADER", PASSWORD).status());
    }

    @Test
    void everyFailedLoginIsTheSameAnswer() throws Exception
    {
        fixture.auth.users().createUser(2, "sleeper", PASSWORD, io.tradingcore.gateway.http.Role.VIEWER);
        fixture.auth.users().updateUser(2, "sleeper", null, true);
        final AuthFixture.Answer wrongPassword = fixture.login("alpha", "trader", "not the password at all");
        final AuthFixture.Answer unknownUser = fixture.login("alpha", "nobody", PASSWORD);
        final AuthFixture.Answer unknownTenant = fixture.login("gamma", "trader", PASSWORD);
        final AuthFixture.Answer otherTenantsUser = fixture.login("alpha", "sleeper", PASSWORD);
        final AuthFixture.Answer disabled = fixture.login("beta", "sleeper", PASSWORD);
        for (final AuthFixture.Answer answer :
            new AuthFixture.Answer[] {wrongPassword, unknownUser, unknownTenant, otherTenantsUser, disabled})
        {
            assertRefused(401, answer);
            assertEquals("{\"error\":\"invalid credentials\"}", answer.raw().body());
        }
    }

    @Test
    void refreshRotatesAndTheSpentTokenRevokesItsFamily() throws Exception
    {
        final Map<String, Object> first = fixture.tokens("alpha", "viewer");
        final String refresh1 = (String)first.get("refreshToken");
        final AuthFixture.Answer rotated = refresh(refresh1);
        assertEquals(200, rotated.status(), rotated.raw().body());
        final String refresh2 = rotated.text("refreshToken");
        final String access2 = rotated.text("accessToken");
        assertNotEquals(refresh1, refresh2);
        assertEquals(200, fixture.get("/api/v1/me", access2).status());

        final AuthFixture.Answer third = refresh(refresh2);
        assertEquals(200, third.status(), third.raw().body());
        final String refresh3 = third.text("refreshToken");
        final String access3 = third.text("accessToken");

        // The spent first token comes back: a thief or the owner replays it; the whole family goes.
        final AuthFixture.Answer replay = refresh(refresh1);
        assertRefused(401, replay);
        assertTrue(replay.error().contains("already used"), replay.error());
        assertRefused(401, refresh(refresh3));
        assertRefused(401, fixture.get("/api/v1/me", access3));
        assertRefused(401, fixture.get("/api/v1/me", access2));

        // Another session of the same user lives on.
        final Map<String, Object> other = fixture.tokens("alpha", "viewer");
        assertEquals(200, refresh((String)other.get("refreshToken")).status());
    }

    @Test
    void unknownAndMalformedRefreshTokensAreRefused() throws Exception
    {
        assertRefused(401, refresh("1." + "A".repeat(43)));
        assertRefused(401, refresh("not a token"));
        assertRefused(401, refresh("99999999999." + "A".repeat(43)));
        assertRefused(401, refresh("'; DROP TABLE gateway.users; --"));
    }

    @Test
    void logoutRefusesTheAccessTokenAndTheRefreshTokenAtOnce() throws Exception
    {
        final Map<String, Object> tokens = fixture.tokens("beta", "admin");
        final String access = (String)tokens.get("accessToken");
        final String refresh = (String)tokens.get("refreshToken");
        assertEquals(200, fixture.get("/api/v1/me", access).status());
        final AuthFixture.Answer logout = fixture.post("/api/v1/auth/logout",
            "{\"refreshToken\":\"" + refresh + "\"}", access);
        assertEquals(204, logout.status(), logout.raw().body());
        final AuthFixture.Answer after = fixture.get("/api/v1/me", access);
        assertRefused(401, after);
        assertTrue(after.error().contains("revoked"), after.error());
        assertRefused(401, refresh(refresh));
        assertRefused(401, fixture.post("/api/v1/auth/logout", "{\"refreshToken\":\"" + refresh + "\"}", access));
    }

    @Test
    void logoutNeedsAnAccessToken() throws Exception
    {
        final String refresh = (String)fixture.tokens("beta", "viewer").get("refreshToken");
        assertRefused(401, fixture.post("/api/v1/auth/logout", "{\"refreshToken\":\"" + refresh + "\"}", null));
        assertEquals(200, refresh(refresh).status());
    }

    @Test
    void badBodiesAnswer400WithOneLine() throws Exception
    {
        final String[] bodies = {
            "{\"tenant\":\"alpha\",\"username\":\"trader\"",
            "not json",
            "{\"tenant\":\"alpha\",\"username\":\"trader\",\"password\":\"" + PASSWORD + "\",\"admin\":true}",
            "{\"tenant\":1,\"username\":\"trader\",\"password\":\"" + PASSWORD + "\"}",
            "{\"tenant\":\"alpha\",\"username\":[\"trader\"],\"password\":\"" + PASSWORD + "\"}",
            "{\"tenant\":\"alpha\",\"username\":\"trader\"}",
            "[]",
            "null",
            "",
        };
        for (final String body : bodies)
        {
            final AuthFixture.Answer answer = fixture.post("/api/v1/auth/login", body, null);
            assertRefused(400, answer);
        }
        assertEquals("unknown field 'admin'", fixture.post("/api/v1/auth/login", bodies[2], null).error());
        assertEquals("field 'password' is required", fixture.post("/api/v1/auth/login", bodies[5], null).error());
        assertRefused(400, fixture.post("/api/v1/auth/refresh", "{\"refreshToken\":42}", null));
        assertRefused(400, fixture.post("/api/v1/auth/refresh", "{}", null));
    }

    private static AuthFixture.Answer refresh(final String refreshToken) throws Exception
    {
        return fixture.post("/api/v1/auth/refresh",
            io.tradingcore.gateway.http.Json.MAPPER.writeValueAsString(Map.of("refreshToken", refreshToken)), null);
    }
}
