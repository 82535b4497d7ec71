package io.tradingcore.gateway.stream;

import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.HttpServer;
import io.tradingcore.gateway.http.Principal;
import io.tradingcore.gateway.http.RequestGuard;
import io.tradingcore.gateway.http.RequestObserver;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real {@link HttpServer} on a free port of 127.0.0.1 with a {@link StreamEndpoint}. Its authenticator knows
 * {@code a-viewer} (tenant 1), {@code b-viewer} (tenant 2) and {@code a-short} (tenant 1, expiring within two
 * seconds); the real one is the auth package's.
 */
final class StreamServer implements AutoCloseable
{
    private final ExecutorService workers = Executors.newFixedThreadPool(1);
    private final StreamEndpoint endpoint;
    private final HttpServer server;

    StreamServer(final StreamEndpoint.Context context) throws InterruptedException
    {
        endpoint = new StreamEndpoint(StreamServer::authenticate,
            () -> Map.of("components", List.of(Map.of("name", "core", "status", "ok")),
                "latency", Map.of("p50Us", 12)), context);
        server = new HttpServer("127.0.0.1", 0, 64 * 1024, 5_000, 30_000, 2, new Router(workers),
            StreamServer::authenticate, RequestGuard.NONE, RequestObserver.NONE, endpoint, Throwable::printStackTrace);
    }

    private static Principal authenticate(final String token)
    {
        final long farFuture = System.currentTimeMillis() / 1000 + 3600;
        return switch (token)
        {
            case "a-viewer" -> new Principal(1, "a", 11, "viewer", Role.VIEWER, "jti-a", farFuture);
            case "b-viewer" -> new Principal(2, "b", 21, "viewer", Role.VIEWER, "jti-b", farFuture);
            case "a-short" -> new Principal(1, "a", 12, "short", Role.VIEWER, "jti-s",
                System.currentTimeMillis() / 1000 + 1);
            default -> throw ApiException.unauthorized("the access token is not valid");
        };
    }

    StreamEndpoint endpoint()
    {
        return endpoint;
    }

    int port()
    {
        return server.port();
    }

    @Override
    public void close()
    {
        server.close();
        workers.shutdownNow();
    }
}
