package io.tradingcore.gateway.auth;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.tradingcore.gateway.auth.AuthFixture.PASSWORD;
import static io.tradingcore.gateway.auth.AuthFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An admin manages its own tenant's users and no other's; roles are enforced; changes apply at once. */
final class UserAdminTest
{
    private static AuthFixture fixture;

    @BeforeAll
    static void start() throws Exception
    {
        fixture = new AuthFixture("gateway_users", AuthFixture.generousLimits());
    }

    @AfterAll
    static void stop() throws Exception
    {
        fixture.close();
    }

    private static String newUser(final String username, final String password, final String role)
    {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"role\":\"" + role + "\"}";
    }

    @Test
    void anAdminCreatesAndListsItsTenantsUsersOnly() throws Exception
    {
        final String admin = fixture.accessToken("alpha", "admin");
        final AuthFixture.Answer created = fixture.post("/api/v1/users", newUser("carol", PASSWORD, "trader"), admin);
        assertEquals(201, created.status(), created.raw().body());
        assertEquals(Map.of("username", "carol", "role", "trader", "disabled", false), created.json());
        assertEquals(200, fixture.login("alpha", "carol", PASSWORD).status());

        final AuthFixture.Answer list = fixture.get("/api/v1/users", admin);
        assertEquals(200, list.status());
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> items = (List<Map<String, Object>>)list.json().get("items");
        assertTrue(items.stream().anyMatch(user -> "carol".equals(user.get("username"))));
        assertTrue(items.stream().noneMatch(user -> "dora".equals(user.get("username"))), items.toString());
        assertFalse(list.raw().body().contains("password"), list.raw().body());

        final String betaAdmin = fixture.accessToken("beta", "admin");
        assertEquals(201, fixture.post("/api/v1/users", newUser("dora", PASSWORD, "viewer"), betaAdmin).status());
        assertFalse(fixture.get("/api/v1/users", admin).raw().body().contains("dora"));
    }

    @Test
    void anotherTenantsUserIsNotFound() throws Exception
    {
        fixture.auth.users().createUser(2, "eve", PASSWORD, io.tradingcore.gateway.http.Role.TRADER);
        final String alphaAdmin = fixture.accessToken("alpha", "admin");
        final AuthFixture.Answer patch = fixture.send("PATCH", "/api/v1/users/eve", "{\"disabled\":true}", alphaAdmin);
        assertRefused(404, patch);
        assertEquals(200, fixture.login("beta", "eve", PASSWORD).status());
        assertFalse(fixture.auth.users().user(2, "eve").orElseThrow().disabled());
        assertRefused(404, fixture.send("PATCH", "/api/v1/users/nobody", "{\"disabled\":true}", alphaAdmin));
    }

    @Test
    void rolesAreEnforced() throws Exception
    {
        final String viewer = fixture.accessToken("alpha", "viewer");
        final String trader = fixture.accessToken("alpha", "trader");
        assertRefused(403, fixture.post("/api/v1/users", newUser("mallory", PASSWORD, "admin"), viewer));
        assertRefused(403, fixture.post("/api/v1/users", newUser("mallory", PASSWORD, "admin"), trader));
        assertRefused(403, fixture.get("/api/v1/users", viewer));
        assertRefused(403, fixture.send("PATCH", "/api/v1/users/viewer", "{\"role\":\"admin\"}", viewer));
        assertRefused(401, fixture.get("/api/v1/users", null));
        assertEquals(200, fixture.get("/api/v1/me", viewer).status());
    }

    @Test
    void disablingAUserRefusesItsTokensAtOnce() throws Exception
    {
        fixture.auth.users().createUser(1, "frank", PASSWORD, io.tradingcore.gateway.http.Role.TRADER);
        final Map<String, Object> franks = fixture.tokens("alpha", "frank");
        final String access = (String)franks.get("accessToken");
        assertEquals(200, fixture.get("/api/v1/me", access).status());
        final String admin = fixture.accessToken("alpha", "admin");
        final AuthFixture.Answer disabled = fixture.send("PATCH", "/api/v1/users/Frank", "{\"disabled\":true}", admin);
        assertEquals(200, disabled.status(), disabled.raw().body());
        assertEquals(Boolean.TRUE, disabled.json().get("disabled"));
        final AuthFixture.Answer refused = fixture.get("/api/v1/me", access);
        assertRefused(401, refused);
        assertTrue(refused.error().contains("disabled"), refused.error());
        assertRefused(401, fixture.post("/api/v1/auth/refresh",
            "{\"refreshToken\":\"" + franks.get("refreshToken") + "\"}", null));
        assertEquals("invalid credentials", fixture.login("alpha", "frank", PASSWORD).error());

        assertEquals(200, fixture.send("PATCH", "/api/v1/users/frank", "{\"disabled\":false}", admin).status());
        assertEquals(200, fixture.login("alpha", "frank", PASSWORD).status());
    }

    @Test
    void aNewRoleAppliesToTokensAlreadyIssued() throws Exception
    {
        fixture.auth.users().createUser(1, "grace", PASSWORD, io.tradingcore.gateway.http.Role.ADMIN);
        final String graces = fixture.accessToken("alpha", "grace");
        assertEquals(200, fixture.get("/api/v1/users", graces).status());
        final String admin = fixture.accessToken("alpha", "admin");
        assertEquals(200, fixture.send("PATCH", "/api/v1/users/grace", "{\"role\":\"viewer\"}", admin).status());
        assertRefused(403, fixture.get("/api/v1/users", graces));
        assertEquals("viewer", fixture.get("/api/v1/me", graces).text("role"));
    }

    @Test
    void aTenantKeepsAnEnabledAdmin() throws Exception
    {
        fixture.auth.users().createTenant(3, "gamma");
        fixture.auth.users().createUser(3, "boss", PASSWORD, io.tradingcore.gateway.http.Role.ADMIN);
        final String boss = fixture.accessToken("gamma", "boss");
        assertRefused(409, fixture.send("PATCH", "/api/v1/users/boss", "{\"disabled\":true}", boss));
        assertRefused(409, fixture.send("PATCH", "/api/v1/users/boss", "{\"role\":\"trader\"}", boss));
        assertEquals(200, fixture.get("/api/v1/users", boss).status());
        assertEquals(io.tradingcore.gateway.http.Role.ADMIN, fixture.auth.users().user(3, "boss").orElseThrow().role());
    }

    @Test
    void badUsersAreRefused() throws Exception
    {
        final String admin = fixture.accessToken("alpha", "admin");
        assertRefused(400, fixture.post("/api/v1/users", newUser("henry", "short pass", "viewer"), admin));
        assertRefused(400, fixture.post("/api/v1/users", newUser("henry", "x".repeat(300), "viewer"), admin));
        assertRefused(400, fixture.post("/api/v1/users", newUser("henry", PASSWORD, "root"), admin));
        assertRefused(400, fixture.post("/api/v1/users", newUser("../henry", PASSWORD, "viewer"), admin));
        assertRefused(400, fixture.post("/api/v1/users", newUser("", PASSWORD, "viewer"), admin));
        assertRefused(400, fixture.post("/api/v1/users", "{\"username\":\"henry\",\"password\":\"" + PASSWORD +
            "\",\"role\":\"viewer\",\"tenantId\":2}", admin));
        assertRefused(400, fixture.post("/api/v1/users", "{\"username\":\"henry\"}", admin));
        assertRefused(409, fixture.post("/api/v1/users", newUser("TRADER", PASSWORD, "viewer"), admin));
        assertRefused(400, fixture.send("PATCH", "/api/v1/users/trader", "{\"disabled\":\"yes\"}", admin));
        assertRefused(400, fixture.send("PATCH", "/api/v1/users/trader", "{\"role\":\"root\"}", admin));
        assertRefused(400, fixture.send("PATCH", "/api/v1/users/trader", "{}", admin));
        assertRefused(400, fixture.send("PATCH", "/api/v1/users/trader", "{\"tenantId\":2}", admin));
    }
}
