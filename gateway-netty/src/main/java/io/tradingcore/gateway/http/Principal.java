package io.tradingcore.gateway.http;

/**
 * Who is calling, from a verified access token: the user, its tenant (in the engine's numbering) and its role.
 *
 * @param tenantId        the tenant's id in the engine, the one on every event.
 * @param tenant          the tenant's name, as users log in with it.
 * @param userId          the user's id in the gateway's database.
 * @param username        the user's name within its tenant.
 * @param role            what the user may do.
 * @param tokenId         the access token's {@code jti}, for revocation.
 * @param expiresAtSecond when the access token expires, epoch seconds.
 */
public record Principal(
    int tenantId, String tenant, long userId, String username, Role role, String tokenId, long expiresAtSecond)
{
    /** Throws 403 unless the caller's role allows {@code needed}. */
    public void require(final Role needed)
    {
        if (!role.allows(needed))
        {
            throw ApiException.forbidden("this needs the " + needed.apiName() + " role");
        }
    }
}
