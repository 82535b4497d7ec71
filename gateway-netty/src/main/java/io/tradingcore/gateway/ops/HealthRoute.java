package io.tradingcore.gateway.ops;

import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Router;

/**
 * {@code GET /health} (public): {@link PlatformHealth#report()}, 200 when {@code ok} or {@code degraded} (the gateway
 * serves, perhaps with stale history), 503 when {@code down} (the core cannot take orders), so a load balancer or
 * a probe reads the status code alone.
 */
public final class HealthRoute
{
    public static final String PATH = "/health";

    private final PlatformHealth health;

    public HealthRoute(final PlatformHealth health)
    {
        this.health = health;
    }

    /** Adds {@code GET /health}; it reads files, so it runs on the worker threads. */
    public void register(final Router router)
    {
        router.blocking(HttpMethod.GET, PATH, null, request ->
        {
            final PlatformHealth.Report report = health.report();
            return Response.json(PlatformHealth.DOWN.equals(report.status()) ? 503 : 200, report);
        });
    }
}
