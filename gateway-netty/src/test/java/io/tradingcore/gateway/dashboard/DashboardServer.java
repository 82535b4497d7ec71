package io.tradingcore.gateway.dashboard;

import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.HttpServer;
import io.tradingcore.gateway.http.RequestGuard;
import io.tradingcore.gateway.http.RequestObserver;
import io.tradingcore.gateway.http.Router;
import io.tradingcore.gateway.http.WebSocketEndpoint;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** The gateway's HTTP server on a free port of 127.0.0.1 with the dashboard's routes and whatever a test adds. */
final class DashboardServer implements AutoCloseable
{
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final HttpServer server;

    DashboardServer(final Consumer<Router> moreRoutes, final WebSocketEndpoint webSocket) throws InterruptedException
    {
        final Router router = new DashboardRoutes().register(new Router(workers));
        moreRoutes.accept(router);
        server = new HttpServer("127.0.0.1", 0, 64 * 1024, 10_000, 60_000, 1, router,
            token ->
            {
                throw ApiException.unauthorized("no tokens here");
            },
            RequestGuard.NONE, RequestObserver.NONE, webSocket, Throwable::printStackTrace);
    }

    DashboardServer() throws InterruptedException
    {
        this(router -> { }, null);
    }

    int port()
    {
        return server.port();
    }

    String url(final String path)
    {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close()
    {
        server.close();
        workers.shutdownNow();
    }
}
