package io.tradingcore.gateway.auth;

import com.nimbusds.jose.util.Base64URL;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Refresh tokens: {@code TENANT.RANDOM}, where RANDOM is 256 random bits in base64url and TENANT the tenant's id, so
 * that the lookup runs in the tenant's transaction under row-level security. Only their SHA-256 hashes are stored.
 * Each token belongs to a family that a login starts; a refresh spends the token and adds its successor to the family.
 * These are the statements; {@link Sessions} puts them together in transactions.
 */
final class RefreshTokens
{
    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,9})\\.([A-Za-z0-9_-]{43})");
    private static final int RANDOM_BYTES = 32;

    /** A presented token, parsed. */
    record Presented(int tenantId, byte[] hash)
    {
    }

    /** A stored token's row. */
    record Stored(UUID familyId, long userId, long expiresAtSecond, boolean spent, boolean revoked)
    {
    }

    /** An access token revoked with its refresh token, to refuse in memory as well. */
    record RevokedAccess(String tokenId, long expiresAtSecond)
    {
    }

    private final SecureRandom random = new SecureRandom();

    /** A new token for the tenant; its hash is what {@link #insert} stores. */
    String newToken(final int tenantId)
    {
        final byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return tenantId + "." + Base64URL.encode(bytes);
    }

    /** The presented token's tenant and hash, or null when it is not one of ours in shape. */
    static Presented parse(final String token)
    {
        if (token == null || token.length() > 64)
        {
            return null;
        }
        final java.util.regex.Matcher matcher = FORMAT.matcher(token);
        if (!matcher.matches())
        {
            return null;
        }
        final long tenantId = Long.parseLong(matcher.group(1));
        if (tenantId > Integer.MAX_VALUE)
        {
            return null;
        }
        return new Presented((int)tenantId, sha256(token));
    }

    static byte[] sha256(final String token)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is missing from this Java", ex);
        }
    }

    static void insert(
        final Connection connection, final String token, final UUID familyId, final User user,
        final TokenService.AccessToken access, final long expiresAtSecond) throws SQLException
    {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gateway.refresh_tokens (token_hash, family_id, tenant_id, user_id, access_token_id, " +
            "access_expires_at, expires_at) VALUES (?, ?, ?, ?, ?, to_timestamp(?), to_timestamp(?))"))
        {
            insert.setBytes(1, sha256(token));
            insert.setObject(2, familyId);
            insert.setInt(3, user.tenantId());
            insert.setLong(4, user.userId());
            insert.setString(5, access.tokenId());
            insert.setLong(6, access.expiresAtSecond());
            insert.setLong(7, expiresAtSecond);
            insert.executeUpdate();
        }
    }

    /** The stored token, locked until the transaction ends (so that two refreshes with it are one after the other). */
    static Stored lock(final Connection connection, final byte[] hash) throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT family_id, user_id, extract(epoch FROM expires_at)::bigint, spent_at IS NOT NULL, " +
            "revoked_at IS NOT NULL FROM gateway.refresh_tokens WHERE token_hash = ? FOR UPDATE"))
        {
            select.setBytes(1, hash);
            try (ResultSet row = select.executeQuery())
            {
                return row.next() ? new Stored(row.getObject(1, UUID.class), row.getLong(2), row.getLong(3),
                    row.getBoolean(4), row.getBoolean(5)) : null;
            }
        }
    }

    /** Forgets the user's tokens that expired: a spent token matters (theft detection) only until its expiry. */
    static void forgetExpired(final Connection connection, final long userId) throws SQLException
    {
        try (PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM gateway.refresh_tokens WHERE user_id = ? AND expires_at < now()"))
        {
            delete.setLong(1, userId);
            delete.executeUpdate();
        }
    }

    static void spend(final Connection connection, final byte[] hash) throws SQLException
    {
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE gateway.refresh_tokens SET spent_at = now() WHERE token_hash = ?"))
        {
            update.setBytes(1, hash);
            update.executeUpdate();
        }
    }

    /** Revokes every token of the family; answers the access tokens issued with them that have not expired. */
    static List<RevokedAccess> revokeFamily(final Connection connection, final UUID familyId) throws SQLException
    {
        return revoke(connection, "family_id = ?", familyId);
    }

    /** Revokes every refresh token of the user; answers the access tokens issued with them that have not expired. */
    static List<RevokedAccess> revokeUser(final Connection connection, final long userId)
        throws SQLException
    {
        return revoke(connection, "user_id = ?", userId);
    }

    private static List<RevokedAccess> revoke(final Connection connection, final String where, final Object key)
        throws SQLException
    {
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE gateway.refresh_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE " + where +
            " RETURNING access_token_id, extract(epoch FROM access_expires_at)::bigint, access_expires_at > now()"))
        {
            update.setObject(1, key);
            final List<RevokedAccess> alive = new ArrayList<>();
            try (ResultSet row = update.executeQuery())
            {
                while (row.next())
                {
                    if (row.getBoolean(3))
                    {
                        alive.add(new RevokedAccess(row.getString(1), row.getLong(2)));
                    }
                }
            }
            return alive;
        }
    }
}
