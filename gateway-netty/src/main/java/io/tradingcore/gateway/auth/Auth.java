package io.tradingcore.gateway.auth;

import io.tradingcore.gateway.http.Authenticator;
import io.tradingcore.gateway.http.Router;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Users, tenants and tokens put together: what the gateway builds at start, over its database. The database is the
 * caller's to close.
 */
public final class Auth
{
    private final UserStore users;
    private final Revocations revocations;
    private final TokenService tokens;
    private final Sessions sessions;
    private final LoginLimiter limiter;

    /**
     * Loads the signing key (creating it at the first start) and the revocations that still matter.
     *
     * @param database      the gateway's database, migrated.
     * @param tokenContext  the key file and token lifetimes.
     * @param loginContext  the login attempt limits.
     */
    public Auth(
        final GatewayDatabase database, final TokenService.Context tokenContext,
        final LoginLimiter.Context loginContext) throws SQLException
    {
        tokenContext.conclude();
        this.users = new UserStore(database, new PasswordHasher());
        this.revocations = Revocations.load(database, users, tokenContext.accessTokenSeconds(),
            tokenContext.clockSkewSeconds());
        this.tokens = new TokenService(tokenContext, revocations);
        this.sessions = new Sessions(database, users, tokens, revocations);
        this.limiter = new LoginLimiter(loginContext);
    }

    /** Adds the login, token, {@code /me} and user-management routes. */
    public void register(final Router router)
    {
        new AuthRoutes(users, sessions, revocations, limiter).register(router);
    }

    /** Verifies access tokens: the {@link io.tradingcore.gateway.http.HttpServer}'s authenticator. */
    public Authenticator authenticator()
    {
        return tokens;
    }

    public TokenService tokens()
    {
        return tokens;
    }

    public UserStore users()
    {
        return users;
    }

    public Sessions sessions()
    {
        return sessions;
    }

    public Revocations revocations()
    {
        return revocations;
    }

    /** See {@link FirstUser#ensure}. */
    public Optional<FirstUser.Credentials> ensureFirstUser(
        final Path dataDirectory, final int tenantId, final String tenantName) throws SQLException, IOException
    {
        return FirstUser.ensure(dataDirectory, users, tenantId, tenantName);
    }
}
