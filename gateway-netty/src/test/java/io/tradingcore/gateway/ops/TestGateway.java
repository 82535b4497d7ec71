package io.tradingcore.gateway.ops;

import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Authenticator;
import io.tradingcore.gateway.http.HttpServer;
import io.tradingcore.gateway.http.Principal;
import io.tradingcore.gateway.http.RequestGuard;
import io.tradingcore.gateway.http.RequestObserver;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@link HttpServer} on a free port with the routes a test registers, and the JDK's HTTP client to call it.
 * Its authenticator takes tokens of the form {@code t<tenantId>-u<userId>} (the real one is the auth package's): the
 * rate limits only need to know who the caller is.
 */
final class TestGateway implements AutoCloseable
{
    private static final Pattern TOKEN = Pattern.compile("t(\\d+)-u(\\d+)");

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    TestGateway(final Consumer<Router> routes, final RequestGuard guard, final RequestObserver observer)
        throws InterruptedException
    {
        final Router router = new Router(workers);
        routes.accept(router);
        server = new HttpServer("127.0.0.1", 0, 64 * 1024, 5_000, 30_000, 1, router, TestGateway::authenticate,
            guard, observer, null, Throwable::printStackTrace);
    }

    static Authenticator authenticator()
    {
        return TestGateway::authenticate;
    }

    private static Principal authenticate(final String token)
    {
        final Matcher matcher = TOKEN.matcher(token);
        if (!matcher.matches())
        {
            throw ApiException.unauthorized("not a test token");
        }
        final int tenantId = Integer.parseInt(matcher.group(1));
        final long userId = Long.parseLong(matcher.group(2));
        return new Principal(tenantId, "tenant" + tenantId, userId, "user" + userId, Role.ADMIN, "jti-" + token,
            Long.MAX_VALUE);
    }

    HttpResponse<String> get(final String path) throws IOException, InterruptedException
    {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(final String path, final String token) throws IOException, InterruptedException
    {
        return client.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Override
    public void close()
    {
        server.close();
        workers.shutdownNow();
    }
}
