package io.tradingcore.gateway.auth;

import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Principal;
import io.tradingcore.gateway.http.Role;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Login, refresh and logout: what ties users, access tokens, refresh tokens and revocations together. Every refusal
 * of a login is the same 401, whatever the reason, so that a caller learns nothing about which tenants and users exist.
 */
public final class Sessions
{
    /** The answer to a login or a refresh. */
    public record Tokens(String accessToken, String refreshToken, long expiresIn)
    {
    }

    private enum Outcome
    {
        ISSUED, UNKNOWN, REVOKED, EXPIRED, REUSED, USER_GONE
    }

    private record Rotation(Outcome outcome, Tokens tokens, List<RefreshTokens.RevokedAccess> revoked)
    {
    }

    private final GatewayDatabase database;
    private final UserStore users;
    private final TokenService tokens;
    private final Revocations revocations;
    private final RefreshTokens refreshTokens = new RefreshTokens();
    private final long refreshTokenSeconds;

    public Sessions(
        final GatewayDatabase database, final UserStore users, final TokenService tokens,
        final Revocations revocations)
    {
        this.database = database;
        this.users = users;
        this.tokens = tokens;
        this.revocations = revocations;
        this.refreshTokenSeconds = tokens.context().refreshTokenSeconds();
    }

    /** Tokens for the user whose password this is; 401 "invalid credentials" for every kind of failure. */
    public Tokens login(final String tenant, final String username, final String password) throws SQLException
    {
        final Optional<User> user = users.checkPassword(tenant, username, password);
        if (user.isEmpty())
        {
            throw ApiException.unauthorized("invalid credentials");
        }
        return database.inTenant(user.get().tenantId(), connection ->
        {
            RefreshTokens.forgetExpired(connection, user.get().userId());
            return issue(connection, user.get(), tenant, UUID.randomUUID());
        });
    }

    /**
     * New tokens for a refresh token, which is spent. A spent token presented again revokes its whole family, and the
     * access tokens issued with it: one of the two parties presenting it stole it.
     */
    public Tokens refresh(final String refreshToken) throws SQLException
    {
        final RefreshTokens.Presented presented = RefreshTokens.parse(refreshToken);
        if (presented == null)
        {
            throw ApiException.unauthorized("invalid refresh token");
        }
        final Rotation rotation = database.inTenant(presented.tenantId(), connection ->
        {
            final RefreshTokens.Stored stored = RefreshTokens.lock(connection, presented.hash());
            if (stored == null)
            {
                return new Rotation(Outcome.UNKNOWN, null, List.of());
            }
            if (stored.revoked())
            {
                return new Rotation(Outcome.REVOKED, null, List.of());
            }
            if (stored.spent())
            {
                return new Rotation(Outcome.REUSED, null, RefreshTokens.revokeFamily(connection, stored.familyId()));
            }
            if (stored.expiresAtSecond() <= System.currentTimeMillis() / 1000)
            {
                return new Rotation(Outcome.EXPIRED, null, List.of());
            }
            final User user = currentUser(connection, presented.tenantId(), stored.userId());
            if (user == null || user.disabled())
            {
                return new Rotation(Outcome.USER_GONE, null, RefreshTokens.revokeFamily(connection,
                    stored.familyId()));
            }
            RefreshTokens.spend(connection, presented.hash());
            return new Rotation(Outcome.ISSUED,
                issue(connection, user, tenantName(connection, presented.tenantId()), stored.familyId()), List.of());
        });
        for (final RefreshTokens.RevokedAccess access : rotation.revoked())
        {
            revocations.revokeAccessToken(access.tokenId(), access.expiresAtSecond());
        }
        switch (rotation.outcome())
        {
            case ISSUED:
                return rotation.tokens();
            case REVOKED:
                throw ApiException.unauthorized("refresh token revoked");
            case EXPIRED:
                throw ApiException.unauthorized("refresh token expired");
            case REUSED:
                throw ApiException.unauthorized("refresh token already used: its session is revoked");
            case USER_GONE:
                throw ApiException.unauthorized("the user is disabled");
            default:
                throw ApiException.unauthorized("invalid refresh token");
        }
    }

    /**
     * Ends the caller's session: its access token is refused from now on and the refresh token's family revoked
     * (when it is the caller's; an unknown or another user's refresh token is left alone).
     */
    public void logout(final Principal caller, final String refreshToken) throws SQLException
    {
        revocations.revokeAccessToken(caller.tokenId(), caller.expiresAtSecond());
        final RefreshTokens.Presented presented = RefreshTokens.parse(refreshToken);
        if (presented == null || presented.tenantId() != caller.tenantId())
        {
            return;
        }
        final List<RefreshTokens.RevokedAccess> revoked = database.inTenant(caller.tenantId(), connection ->
        {
            final RefreshTokens.Stored stored = RefreshTokens.lock(connection, presented.hash());
            if (stored == null || stored.userId() != caller.userId())
            {
                return List.<RefreshTokens.RevokedAccess>of();
            }
            return RefreshTokens.revokeFamily(connection, stored.familyId());
        });
        for (final RefreshTokens.RevokedAccess access : revoked)
        {
            revocations.revokeAccessToken(access.tokenId(), access.expiresAtSecond());
        }
    }

    private Tokens issue(
        final Connection connection, final User user, final String tenantName, final UUID familyId)
        throws SQLException
    {
        final TokenService.AccessToken access = tokens.issue(user, tenantName);
        final String refreshToken = refreshTokens.newToken(user.tenantId());
        RefreshTokens.insert(connection, refreshToken, familyId, user, access,
            System.currentTimeMillis() / 1000 + refreshTokenSeconds);
        return new Tokens(access.token(), refreshToken, tokens.context().accessTokenSeconds());
    }

    private static User currentUser(final Connection connection, final int tenantId, final long userId)
        throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT user_id, tenant_id, username, role, disabled FROM gateway.users " +
            "WHERE tenant_id = ? AND user_id = ?"))
        {
            select.setInt(1, tenantId);
            select.setLong(2, userId);
            try (ResultSet row = select.executeQuery())
            {
                return row.next() ? new User(row.getLong(1), row.getInt(2), row.getString(3),
                    Role.parse(row.getString(4)), row.getBoolean(5)) : null;
            }
        }
    }

    private static String tenantName(final Connection connection, final int tenantId) throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT name FROM gateway.tenants WHERE tenant_id = ?"))
        {
            select.setInt(1, tenantId);
            try (ResultSet row = select.executeQuery())
            {
                row.next();
                return row.getString(1);
            }
        }
    }
}
