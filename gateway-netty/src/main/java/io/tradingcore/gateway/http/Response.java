package io.tradingcore.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: a status, a content type, a body and any extra headers. */
public final class Response
{
    public static final String JSON = "application/json";

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public Response(final int status, final String contentType, final byte[] body)
    {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    /** 200 with the value as JSON. */
    public static Response json(final Object value)
    {
        return json(200, value);
    }

    public static Response json(final int status, final Object value)
    {
        return new Response(status, JSON, Json.write(value));
    }

    /** 204: done, nothing to say. */
    public static Response noContent()
    {
        return new Response(204, null, new byte[0]);
    }

    public static Response text(final int status, final String contentType, final String text)
    {
        return new Response(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The answer to a refused request: {@code {"error": reason}} with its status and headers. */
    public static Response error(final ApiException ex)
    {
        final Response response = json(ex.status(), Map.of("error", ex.getMessage()));
        ex.headers().forEach(response::header);
        return response;
    }

    /** Adds a header; returns this. */
    public Response header(final String name, final String value)
    {
        headers.put(name, value);
        return this;
    }

    public int status()
    {
        return status;
    }

    public String contentType()
    {
        return contentType;
    }

    public byte[] body()
    {
        return body;
    }

    public Map<String, String> headers()
    {
        return headers;
    }
}
