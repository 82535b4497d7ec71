package io.tradingcore.gateway.http;

import java.util.Map;

/**
 * An answer other than success, with its HTTP status and a one-line reason for the caller. The gateway answers every
 * one of them as {@code {"error": reason}} and never shows a stack trace.
 */
public final class ApiException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;

    public ApiException(final int status, final String reason)
    {
        this(status, reason, Map.of());
    }

    public ApiException(final int status, final String reason, final Map<String, String> headers)
    {
        super(reason, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public int status()
    {
        return status;
    }

    /** Headers the answer carries, such as {@code Retry-After}. */
    public Map<String, String> headers()
    {
        return headers;
    }

    public static ApiException badRequest(final String reason)
    {
        return new ApiException(400, reason);
    }

    public static ApiException unauthorized(final String reason)
    {
        return new ApiException(401, reason, Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiException forbidden(final String reason)
    {
        return new ApiException(403, reason);
    }

    public static ApiException notFound(final String reason)
    {
        return new ApiException(404, reason);
    }

    public static ApiException conflict(final String reason)
    {
        return new ApiException(409, reason);
    }

    public static ApiException unavailable(final String reason)
    {
        return new ApiException(503, reason);
    }
}
