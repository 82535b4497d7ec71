package io.tradingcore.gateway.http;

import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The gateway's routes: a method and a path pattern ({@code /api/v1/orders/{clientOrderId}}) to a handler and the
 * least role that may call it. A route that needs a role authenticates the caller before its handler runs; a public
 * route (role null) runs for anyone. Blocking handlers (database, password hashing) run on the worker executor, never
 * on Netty's event loop.
 */
public final class Router
{
    /** A route's work when it may block: it runs on the worker executor. */
    @FunctionalInterface
    public interface Handler
    {
        Response handle(Request request) throws Exception;
    }

    /** A route's work when it does not block: it answers later, such as when the engine has answered. */
    @FunctionalInterface
    public interface AsyncHandler
    {
        CompletionStage<Response> handle(Request request) throws Exception;
    }

    /** One route. */
    public record Route(HttpMethod method, String pattern, Role role, AsyncHandler handler)
    {
    }

    /** A route found for a request, with the path's parameters. */
    public record Match(Route route, Map<String, String> parameters)
    {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Executor workers;

    public Router(final Executor workers)
    {
        this.workers = workers;
    }

    /** Adds a route whose handler may block. {@code role} null: public. */
    public Router blocking(final HttpMethod method, final String pattern, final Role role, final Handler handler)
    {
        return async(method, pattern, role, request -> CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return handler.handle(request);
            }
            catch (final RuntimeException ex)
            {
                throw ex;
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        }, workers));
    }

    /** Adds a route whose handler does not block. {@code role} null: public. */
    public Router async(final HttpMethod method, final String pattern, final Role role, final AsyncHandler handler)
    {
        for (final Route route : routes)
        {
            if (route.method().equals(method) && route.pattern().equals(pattern))
            {
                throw new IllegalArgumentException("route added twice: " + method + " " + pattern);
            }
        }
        routes.add(new Route(method, pattern, role, handler));
        return this;
    }

    /** Every route, in the order added (for the OpenAPI check). */
    public List<Route> routes()
    {
        return List.copyOf(routes);
    }

    /**
     * The route for a request.
     *
     * @throws ApiException 404 when no pattern matches the path, 405 when one does but not for this method.
     */
    public Match match(final HttpMethod method, final String path)
    {
        boolean pathKnown = false;
        for (final Route route : routes)
        {
            final Map<String, String> parameters = parameters(route.pattern(), path);
            if (parameters != null)
            {
                if (route.method().equals(method))
                {
                    return new Match(route, parameters);
                }
                pathKnown = true;
            }
        }
        if (pathKnown)
        {
            throw new ApiException(405, "method " + method + " is not allowed on " + path);
        }
        throw ApiException.notFound("no such route: " + path);
    }

    private static Map<String, String> parameters(final String pattern, final String path)
    {
        final String[] want = pattern.split("/", -1);
        final String[] have = path.split("/", -1);
        if (want.length != have.length)
        {
            return null;
        }
        Map<String, String> parameters = Map.of();
        for (int i = 0; i < want.length; i++)
        {
            if (want[i].startsWith("{") && want[i].endsWith("}"))
            {
                if (have[i].isEmpty())
                {
                    return null;
                }
                if (parameters.isEmpty())
                {
                    parameters = new HashMap<>();
                }
                parameters.put(want[i].substring(1, want[i].length() - 1), have[i]);
            }
            else if (!want[i].equals(have[i]))
            {
                return null;
            }
        }
        return parameters;
    }
}
