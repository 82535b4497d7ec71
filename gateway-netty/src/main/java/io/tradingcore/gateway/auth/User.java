package io.tradingcore.gateway.auth;

import io.tradingcore.gateway.http.Role;

/**
 * A user of a tenant.
 *
 * @param userId   the user's id in the gateway's database.
 * @param tenantId the engine's tenant id.
 * @param username the name, unique in its tenant regardless of case.
 * @param role     what the user may do.
 * @param disabled a disabled user cannot log in and its tokens are refused.
 */
public record User(long userId, int tenantId, String username, Role role, boolean disabled)
{
}
