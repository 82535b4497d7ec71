package io.tradingcore.gateway.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import java.util.List;
import java.util.Map;

/** One HTTP request as a route sees it: already authenticated when the route needs a role. */
public final class Request
{
    private final HttpMethod method;
    private final String path;
    private final Map<String, List<String>> query;
    private final HttpHeaders headers;
    private final byte[] body;
    private final String remoteAddress;
    private Map<String, String> pathParameters = Map.of();
    private Principal principal;

    public Request(
        final HttpMethod method, final String path, final Map<String, List<String>> query, final HttpHeaders headers,
        final byte[] body, final String remoteAddress)
    {
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.remoteAddress = remoteAddress;
    }

    public HttpMethod method()
    {
        return method;
    }

    public String path()
    {
        return path;
    }

    public HttpHeaders headers()
    {
        return headers;
    }

    public byte[] body()
    {
        return body;
    }

    /** The caller's IP address, for limits on anonymous requests such as logins. */
    public String remoteAddress()
    {
        return remoteAddress;
    }

    /** The body as {@code type}; 400 with a one-line reason when it does not fit. */
    public <T> T json(final Class<T> type)
    {
        return Json.read(body, type);
    }

    /** A {@code {name}} segment of the route's pattern. */
    public String pathParameter(final String name)
    {
        final String value = pathParameters.get(name);
        if (value == null)
        {
            throw new IllegalStateException("the route has no path parameter " + name);
        }
        return value;
    }

    /** A path parameter that must be a whole number; 400 otherwise. */
    public long pathNumber(final String name)
    {
        return parseNumber(name, pathParameter(name));
    }

    /** The query parameter's single value, or {@code defaultValue} when absent; 400 when given twice. */
    public String queryParameter(final String name, final String defaultValue)
    {
        final List<String> values = query.get(name);
        if (values == null || values.isEmpty())
        {
            return defaultValue;
        }
        if (values.size() > 1)
        {
            throw ApiException.badRequest("query parameter '" + name + "' is given more than once");
        }
        return values.get(0);
    }

    /** A whole-number query parameter, or {@code defaultValue} when absent; 400 when not a number. */
    public long queryNumber(final String name, final long defaultValue)
    {
        final String value = queryParameter(name, null);
        return value == null ? defaultValue : parseNumber(name, value);
    }

    /** Every query parameter's name, to refuse the unknown ones. */
    public java.util.Set<String> queryNames()
    {
        return query.keySet();
    }

    /** The authenticated caller; throws 401 on a public route that has none. */
    public Principal principal()
    {
        if (principal == null)
        {
            throw ApiException.unauthorized("this needs an access token");
        }
        return principal;
    }

    /** The authenticated caller or null. */
    public Principal principalOrNull()
    {
        return principal;
    }

    void principal(final Principal principal)
    {
        this.principal = principal;
    }

    void pathParameters(final Map<String, String> pathParameters)
    {
        this.pathParameters = pathParameters;
    }

    private static long parseNumber(final String name, final String value)
    {
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw ApiException.badRequest("'" + name + "' must be a whole number");
        }
    }
}
