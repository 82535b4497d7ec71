package io.tradingcore.gateway.auth;

/**
 * A tenant as the gateway knows it.
 *
 * @param tenantId the engine's tenant id.
 * @param name     the name users log in with.
 * @param tier     the subscription tier, for rate limits.
 */
public record Tenant(int tenantId, String name, String tier)
{
}
