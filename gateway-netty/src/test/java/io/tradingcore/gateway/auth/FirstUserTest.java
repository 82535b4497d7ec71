package io.tradingcore.gateway.auth;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The first start of a data folder makes an admin with a random password, written to a file only its owner reads. */
final class FirstUserTest
{
    private static AuthFixture fixture;

    @BeforeAll
    static void start() throws Exception
    {
        fixture = new AuthFixture("gateway_first", AuthFixture.generousLimits());
    }

    @AfterAll
    static void stop() throws Exception
    {
        fixture.close();
    }

    @Test
    void theFirstStartMakesAnAdminAndWritesItsCredentials() throws Exception
    {
        final Path data = Files.createTempDirectory(fixture.dataDirectory, "first");
        final Optional<FirstUser.Credentials> created = fixture.auth.ensureFirstUser(data, 7, "demo");
        assertTrue(created.isPresent());
        final Path file = data.resolve("gateway").resolve("first-user.txt");
        assertEquals(file, created.get().file());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        final List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("tenant=demo", lines.get(0));
        assertEquals("username=admin", lines.get(1));
        final String password = lines.get(2).substring("password=".length());
        assertTrue(lines.get(2).startsWith("password=") && password.length() >= 20, lines.get(2));
        assertEquals(created.get().password(), password);

        final AuthFixture.Answer login = fixture.login("demo", "admin", password);
        assertEquals(200, login.status(), login.raw().body());
        assertEquals("admin", fixture.get("/api/v1/me", login.text("accessToken")).text("role"));

        // A second start changes nothing, with or without the file.
        assertTrue(fixture.auth.ensureFirstUser(data, 7, "demo").isEmpty());
        Files.delete(file);
        assertTrue(fixture.auth.ensureFirstUser(data, 7, "demo").isEmpty());
        assertEquals(1, fixture.auth.users().users(7).size());
    }

    @Test
    void passwordsDiffer()
    {
        final java.security.SecureRandom random = new java.security.SecureRandom();
        assertTrue(!FirstUser.randomPassword(random).equals(FirstUser.randomPassword(random)));
    }

    @Test
    void anExistingFileMeansNoNewAdmin() throws Exception
    {
        final Path data = Files.createTempDirectory(fixture.dataDirectory, "kept");
        Files.createDirectories(data.resolve("gateway"));
        Files.writeString(data.resolve("gateway").resolve("first-user.txt"), "kept\n");
        assertTrue(fixture.auth.ensureFirstUser(data, 8, "kept").isEmpty());
        assertEquals(0, fixture.auth.users().users(8).size());
        assertEquals("kept", fixture.auth.users().tenant(8).orElseThrow().name());
    }
}
