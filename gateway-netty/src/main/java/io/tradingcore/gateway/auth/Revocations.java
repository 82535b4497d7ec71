package io.tradingcore.gateway.auth;

import io.tradingcore.gateway.http.Role;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What makes a still-unexpired access token stop working at once: its id revoked (logout, a stolen refresh token's
 * family) or its user disabled or given another role since. Kept in memory, since every authenticated request asks and
 * may not wait for a database; written through to the database, and read back at start, so a restart forgets nothing
 * that still matters.
 */
public final class Revocations
{
    /** The user's current role and disabled flag, for users changed within an access token's lifetime. */
    record UserState(Role role, boolean disabled)
    {
    }

    private final GatewayDatabase database;
    private final Map<String, Long> revokedTokenExpiries = new ConcurrentHashMap<>();
    private final Map<Long, UserState> changedUsers = new ConcurrentHashMap<>();

    private Revocations(final GatewayDatabase database)
    {
        this.database = database;
    }

    /**
     * Loads the revoked access tokens not yet expired (forgetting the others) and the users disabled or changed
     * within the last {@code accessTokenSeconds} plus {@code skewSeconds}.
     */
    public static Revocations load(
        final GatewayDatabase database, final UserStore users, final long accessTokenSeconds, final long skewSeconds)
        throws SQLException
    {
        final Revocations revocations = new Revocations(database);
        database.inPlatform(connection ->
        {
            try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM gateway.revoked_access_tokens WHERE expires_at < now()"))
            {
                delete.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT token_id, extract(epoch FROM expires_at)::bigint FROM gateway.revoked_access_tokens");
                ResultSet row = select.executeQuery())
            {
                while (row.next())
                {
                    revocations.revokedTokenExpiries.put(row.getString(1), row.getLong(2));
                }
            }
            return null;
        });
        final long since = System.currentTimeMillis() / 1000 - accessTokenSeconds - skewSeconds;
        for (final Tenant tenant : users.tenants())
        {
            for (final User user : users.changedOrDisabled(tenant.tenantId(), since))
            {
                revocations.userChanged(user);
            }
        }
        return revocations;
    }

    /** Refuses the access token from now on, here and after a restart, until it would have expired anyway. */
    public void revokeAccessToken(final String tokenId, final long expiresAtSecond) throws SQLException
    {
        final long nowSecond = System.currentTimeMillis() / 1000;
        revokedTokenExpiries.put(tokenId, expiresAtSecond);
        revokedTokenExpiries.values().removeIf(expiry -> expiry < nowSecond);
        database.inPlatform(connection ->
        {
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO gateway.revoked_access_tokens (token_id, expires_at) VALUES (?, to_timestamp(?)) " +
                "ON CONFLICT (token_id) DO NOTHING"))
            {
                insert.setString(1, tokenId);
                insert.setLong(2, expiresAtSecond);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** True when the access token with this id was revoked. */
    public boolean isRevoked(final String tokenId)
    {
        return revokedTokenExpiries.containsKey(tokenId);
    }

    /** Records a user's new role or disabled flag: its access tokens answer to it at once. */
    public void userChanged(final User user)
    {
        changedUsers.put(user.userId(), new UserState(user.role(), user.disabled()));
    }

    /** The user's state when it changed recently, else null: its tokens' own claims hold. */
    UserState changedUser(final long userId)
    {
        return changedUsers.get(userId);
    }
}
