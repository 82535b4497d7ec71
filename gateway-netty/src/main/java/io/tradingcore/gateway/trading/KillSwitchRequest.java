package io.tradingcore.gateway.trading;

/** {@code POST /api/v1/kill-switch}: engage or release the caller's tenant's kill switch. */
public record KillSwitchRequest(Boolean engage, String reason)
{
}
