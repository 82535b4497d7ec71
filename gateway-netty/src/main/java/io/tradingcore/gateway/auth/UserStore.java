package io.tradingcore.gateway.auth;

import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Role;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tenants and their users in the gateway's database. Every user query runs in its tenant's transaction, so row-level
 * security keeps it to that tenant even if a query forgot to say so.
 */
public final class UserStore
{
    /** The shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    /** The longest password accepted: a bound on the work one login asks of Argon2. */
    public static final int MAX_PASSWORD_LENGTH = 256;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern TENANT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String UNIQUE_VIOLATION = "23505";

    private final GatewayDatabase database;
    private final PasswordHasher hasher;

    public UserStore(final GatewayDatabase database, final PasswordHasher hasher)
    {
        this.database = database;
        this.hasher = hasher;
    }

    /** Adds a tenant; 409 when the id or the name is taken. */
    public Tenant createTenant(final int tenantId, final String name) throws SQLException
    {
        if (tenantId < 1)
        {
            throw ApiException.badRequest("a tenant id is a positive number: " + tenantId);
        }
        if (name == null || !TENANT_NAME.matcher(name).matches())
        {
            throw ApiException.badRequest("a tenant name is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        try
        {
            return database.inPlatform(connection ->
            {
                try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO gateway.tenants (tenant_id, name) VALUES (?, ?) RETURNING tier"))
                {
                    insert.setInt(1, tenantId);
                    insert.setString(2, name);
                    try (ResultSet row = insert.executeQuery())
                    {
                        row.next();
                        return new Tenant(tenantId, name, row.getString(1));
                    }
                }
            });
        }
        catch (final SQLException ex)
        {
            if (UNIQUE_VIOLATION.equals(ex.getSQLState()))
            {
                throw ApiException.conflict("a tenant with id " + tenantId + " or name '" + name + "' exists");
            }
            throw ex;
        }
    }

    /** The tenant with this name. */
    public Optional<Tenant> tenant(final String name) throws SQLException
    {
        return database.inPlatform(connection -> tenant(connection,
            "SELECT tenant_id, name, tier FROM gateway.tenants WHERE name = ?", name));
    }

    /** The tenant with this id. */
    public Optional<Tenant> tenant(final int tenantId) throws SQLException
    {
        return database.inPlatform(connection -> tenant(connection,
            "SELECT tenant_id, name, tier FROM gateway.tenants WHERE tenant_id = ?", tenantId));
    }

    /** Every tenant. */
    public List<Tenant> tenants() throws SQLException
    {
        return database.inPlatform(connection ->
        {
            final List<Tenant> tenants = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT tenant_id, name, tier FROM gateway.tenants ORDER BY tenant_id");
                ResultSet row = select.executeQuery())
            {
                while (row.next())
                {
                    tenants.add(new Tenant(row.getInt(1), row.getString(2), row.getString(3)));
                }
            }
            return tenants;
        });
    }

    private static Optional<Tenant> tenant(final Connection connection, final String sql, final Object key)
        throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(sql))
        {
            select.setObject(1, key);
            try (ResultSet row = select.executeQuery())
            {
                return row.next() ?
                    Optional.of(new Tenant(row.getInt(1), row.getString(2), row.getString(3))) : Optional.empty();
            }
        }
    }

    /**
     * Adds a user to a tenant with a hashed password; 400 when the name or password does not meet the policy, 409
     * when the tenant has a user of that name (in any case).
     */
    public User createUser(final int tenantId, final String username, final String password, final Role role)
        throws SQLException
    {
        requireUsername(username);
        requirePassword(password);
        if (role == null)
        {
            throw ApiException.badRequest("a user needs a role: viewer, trader or admin");
        }
        final String hash = hasher.hash(password);
        try
        {
            return database.inTenant(tenantId, connection ->
            {
                try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO gateway.users (tenant_id, username, password_hash, role) VALUES (?, ?, ?, ?) " +
                    "RETURNING user_id"))
                {
                    insert.setInt(1, tenantId);
                    insert.setString(2, username);
                    insert.setString(3, hash);
                    insert.setString(4, role.apiName());
                    try (ResultSet row = insert.executeQuery())
                    {
                        row.next();
                        return new User(row.getLong(1), tenantId, username, role, false);
                    }
                }
            });
        }
        catch (final SQLException ex)
        {
            if (UNIQUE_VIOLATION.equals(ex.getSQLState()))
            {
                throw ApiException.conflict("user '" + username + "' exists");
            }
            if ("23503".equals(ex.getSQLState()))
            {
                throw ApiException.notFound("no tenant " + tenantId);
            }
            throw ex;
        }
    }

    /**
     * The user whose password this is, or empty: an unknown tenant, an unknown user, a wrong password and a disabled
     * user all answer empty, each after one Argon2id run.
     */
    public Optional<User> checkPassword(final String tenantName, final String username, final String password)
        throws SQLException
    {
        final Optional<Tenant> tenant = tenantName == null ? Optional.empty() : tenant(tenantName);
        String hash = null;
        User user = null;
        if (tenant.isPresent() && username != null)
        {
            final Credential credential = database.inTenant(tenant.get().tenantId(), connection ->
            {
                try (PreparedStatement select = connection.prepareStatement(
                    "SELECT user_id, tenant_id, username, role, disabled, password_hash FROM gateway.users " +
                    "WHERE tenant_id = ? AND lower(username) = lower(?)"))
                {
                    select.setInt(1, tenant.get().tenantId());
                    select.setString(2, username);
                    try (ResultSet row = select.executeQuery())
                    {
                        return row.next() ? new Credential(user(row), row.getString(6)) : null;
                    }
                }
            });
            if (credential != null)
            {
                user = credential.user();
                hash = credential.hash();
            }
        }
        final boolean matches = hasher.verify(password == null ? "" : password, hash);
        return matches && !user.disabled() ? Optional.of(user) : Optional.empty();
    }

    private record Credential(User user, String hash)
    {
    }

    /** The tenant's user of this name (in any case). */
    public Optional<User> user(final int tenantId, final String username) throws SQLException
    {
        return database.inTenant(tenantId, connection -> findUser(connection, tenantId, username));
    }

    /** The tenant's user with this id. */
    public Optional<User> user(final int tenantId, final long userId) throws SQLException
    {
        return database.inTenant(tenantId, connection ->
        {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT user_id, tenant_id, username, role, disabled FROM gateway.users " +
                "WHERE tenant_id = ? AND user_id = ?"))
            {
                select.setInt(1, tenantId);
                select.setLong(2, userId);
                try (ResultSet row = select.executeQuery())
                {
                    return row.next() ? Optional.of(user(row)) : Optional.empty();
                }
            }
        });
    }

    /** The tenant's users by name. */
    public List<User> users(final int tenantId) throws SQLException
    {
        return database.inTenant(tenantId, connection ->
        {
            final List<User> users = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT user_id, tenant_id, username, role, disabled FROM gateway.users WHERE tenant_id = ? " +
                "ORDER BY lower(username)"))
            {
                select.setInt(1, tenantId);
                try (ResultSet row = select.executeQuery())
                {
                    while (row.next())
                    {
                        users.add(user(row));
                    }
                }
            }
            return users;
        });
    }

    /** True when the tenant has at least one user. */
    public boolean hasUsers(final int tenantId) throws SQLException
    {
        return database.inTenant(tenantId, connection ->
        {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM gateway.users WHERE tenant_id = ?)"))
            {
                select.setInt(1, tenantId);
                try (ResultSet row = select.executeQuery())
                {
                    row.next();
                    return row.getBoolean(1);
                }
            }
        });
    }

    /**
     * Changes a user's role and/or disabled flag (null: unchanged); disabling also revokes its refresh tokens in the
     * same transaction. 404 when the tenant has no such user; 409 when the change would leave the tenant with no
     * enabled admin.
     */
    public User updateUser(final int tenantId, final String username, final Role role, final Boolean disabled)
        throws SQLException
    {
        return database.inTenant(tenantId, connection ->
        {
            final User before = findUser(connection, tenantId, username)
                .orElseThrow(() -> ApiException.notFound("no user '" + username + "'"));
            final Role newRole = role == null ? before.role() : role;
            final boolean newDisabled = disabled == null ? before.disabled() : disabled;
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE gateway.users SET role = ?, disabled = ?, changed_at = now() WHERE tenant_id = ? AND " +
                "user_id = ?"))
            {
                update.setString(1, newRole.apiName());
                update.setBoolean(2, newDisabled);
                update.setInt(3, tenantId);
                update.setLong(4, before.userId());
                update.executeUpdate();
            }
            if (enabledAdmins(connection, tenantId) == 0)
            {
                throw ApiException.conflict("a tenant keeps at least one enabled admin");
            }
            if (newDisabled && !before.disabled())
            {
                RefreshTokens.revokeUser(connection, before.userId());
            }
            return new User(before.userId(), tenantId, before.username(), newRole, newDisabled);
        });
    }

    /** Users whose role or disabled flag changed since {@code sinceEpochSecond}, or who are disabled. */
    List<User> changedOrDisabled(final int tenantId, final long sinceEpochSecond) throws SQLException
    {
        return database.inTenant(tenantId, connection ->
        {
            final List<User> users = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT user_id, tenant_id, username, role, disabled FROM gateway.users WHERE tenant_id = ? AND " +
                "(disabled OR changed_at >= to_timestamp(?))"))
            {
                select.setInt(1, tenantId);
                select.setLong(2, sinceEpochSecond);
                try (ResultSet row = select.executeQuery())
                {
                    while (row.next())
                    {
                        users.add(user(row));
                    }
                }
            }
            return users;
        });
    }

    private static int enabledAdmins(final Connection connection, final int tenantId) throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT count(*) FROM gateway.users WHERE tenant_id = ? AND role = 'admin' AND NOT disabled"))
        {
            select.setInt(1, tenantId);
            try (ResultSet row = select.executeQuery())
            {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static Optional<User> findUser(final Connection connection, final int tenantId, final String username)
        throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT user_id, tenant_id, username, role, disabled FROM gateway.users " +
            "WHERE tenant_id = ? AND lower(username) = lower(?)"))
        {
            select.setInt(1, tenantId);
            select.setString(2, username);
            try (ResultSet row = select.executeQuery())
            {
                return row.next() ? Optional.of(user(row)) : Optional.empty();
            }
        }
    }

    private static User user(final ResultSet row) throws SQLException
    {
        return new User(row.getLong(1), row.getInt(2), row.getString(3), Role.parse(row.getString(4)),
            row.getBoolean(5));
    }

    /** 400 unless the name is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit. */
    public static void requireUsername(final String username)
    {
        if (username == null || !USERNAME.matcher(username).matches())
        {
            throw ApiException.badRequest(
                "a username is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
    }

    /** 400 unless the password has 12 to 256 characters. */
    public static void requirePassword(final String password)
    {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH)
        {
            throw ApiException.badRequest("a password has at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > MAX_PASSWORD_LENGTH)
        {
            throw ApiException.badRequest("a password has at most " + MAX_PASSWORD_LENGTH + " characters");
        }
    }
}
