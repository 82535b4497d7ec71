package io.tradingcore.gateway.auth;

import io.tradingcore.gateway.http.Role;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The first admin of a fresh data folder: when the tenant has no user and {@code DATA/gateway/first-user.txt} does not
 * exist, creates the user {@code admin} with a random password and writes the credentials to that file (mode 600,
 * lines {@code tenant=}, {@code username=}, {@code password=}). There is never a fixed password.
 */
public final class FirstUser
{
    public static final String USERNAME = "admin";
    public static final int PASSWORD_LENGTH = 24;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /** The credentials written. */
    public record Credentials(Path file, String tenant, String username, String password)
    {
    }

    private FirstUser()
    {
    }

    /** The credentials file of a data folder. */
    public static Path file(final Path dataDirectory)
    {
        return dataDirectory.resolve("gateway").resolve("first-user.txt");
    }

    /**
     * Creates the tenant when absent and, at the first start, its admin.
     *
     * @return the credentials when this call created the admin, else empty.
     */
    public static Optional<Credentials> ensure(
        final Path dataDirectory, final UserStore users, final int tenantId, final String tenantName)
        throws SQLException, IOException
    {
        final Optional<Tenant> byId = users.tenant(tenantId);
        if (byId.isEmpty())
        {
            users.createTenant(tenantId, tenantName);
        }
        else if (!byId.get().name().equals(tenantName))
        {
            throw new IllegalStateException("tenant " + tenantId + " is named '" + byId.get().name() + "', not '" +
                tenantName + "'");
        }
        final Path file = file(dataDirectory);
        if (users.hasUsers(tenantId) || Files.exists(file))
        {
            return Optional.empty();
        }
        final String password = randomPassword(new SecureRandom());
        users.createUser(tenantId, USERNAME, password, Role.ADMIN);
        SecretFiles.write(file, "tenant=" + tenantName + "\nusername=" + USERNAME + "\npassword=" + password + "\n");
        return Optional.of(new Credentials(file, tenantName, USERNAME, password));
    }

    static String randomPassword(final SecureRandom random)
    {
        final StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++)
        {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
