package io.tradingcore.gateway.auth;

import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Principal;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signing key and every revocation survive a restart of the gateway over the same data folder and database. */
final class RestartTest
{
    @Test
    void keyAndRevocationsSurviveARestart() throws Exception
    {
        try (AuthFixture fixture = new AuthFixture("gateway_restart", AuthFixture.generousLimits()))
        {
            final Path keyFile = fixture.dataDirectory.resolve("gateway").resolve("jwt-key.json");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));

            final Map<String, Object> loggedOut = fixture.tokens("alpha", "trader");
            assertEquals(204, fixture.post("/api/v1/auth/logout",
                "{\"refreshToken\":\"" + loggedOut.get("refreshToken") + "\"}",
                (String)loggedOut.get("accessToken")).status());
            fixture.auth.users().createUser(1, "ivan", AuthFixture.PASSWORD, io.tradingcore.gateway.http.Role.ADMIN);
            final String ivans = fixture.accessToken("alpha", "ivan");
            final String admin = fixture.accessToken("alpha", "admin");
            assertEquals(200, fixture.send("PATCH", "/api/v1/users/ivan", "{\"role\":\"viewer\"}", admin).status());
            final String viewers = fixture.accessToken("alpha", "viewer");
            assertEquals(200, fixture.send("PATCH", "/api/v1/users/viewer", "{\"disabled\":true}", admin).status());

            final Auth restarted = new Auth(fixture.database,
                new TokenService.Context().dataDirectory(fixture.dataDirectory), AuthFixture.generousLimits());
            assertEquals(fixture.auth.tokens().keyId(), restarted.tokens().keyId());
            final Principal adminAgain = restarted.authenticator().authenticate(admin);
            assertEquals("admin", adminAgain.username());
            final ApiException revoked = assertThrows(ApiException.class,
                () -> restarted.authenticator().authenticate((String)loggedOut.get("accessToken")));
            assertTrue(revoked.getMessage().contains("revoked"), revoked.getMessage());
            final ApiException disabled = assertThrows(ApiException.class,
                () -> restarted.authenticator().authenticate(viewers));
            assertTrue(disabled.getMessage().contains("disabled"), disabled.getMessage());
            assertEquals(io.tradingcore.gateway.http.Role.VIEWER, restarted.authenticator().authenticate(ivans).role());
        }
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception
    {
        final Path folder = Files.createTempDirectory("gateway_key");
        final Path keyFile = folder.resolve("jwt-key.json");
        TokenService.loadOrCreateKey(keyFile);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        final IllegalStateException refused =
            assertThrows(IllegalStateException.class, () -> TokenService.loadOrCreateKey(keyFile));
        assertTrue(refused.getMessage().contains("600"), refused.getMessage());
        Files.delete(keyFile);
        Files.delete(folder);
    }
}
