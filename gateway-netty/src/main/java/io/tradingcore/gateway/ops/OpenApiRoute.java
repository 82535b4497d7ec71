package io.tradingcore.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /openapi.json} (public): the hand-written OpenAPI 3 document of the gateway's API, the classpath resource
 * {@value #RESOURCE}. Written by hand so that it says what the contract means (decimal strings, sequences, tenants);
 * {@link #undocumented(Router)} keeps it honest by listing every route of a router the document lacks.
 */
public final class OpenApiRoute
{
    public static final String PATH = "/openapi.json";
    public static final String RESOURCE = "/openapi.json";

    private final byte[] document;

    public OpenApiRoute()
    {
        this.document = load();
    }

    /** Adds {@code GET /openapi.json}; the document is in memory, so the route does not block. */
    public void register(final Router router)
    {
        router.async(HttpMethod.GET, PATH, null, request ->
            CompletableFuture.completedFuture(new Response(200, Response.JSON, document)));
    }

    /** The document's bytes. */
    public byte[] document()
    {
        return document.clone();
    }

    /**
     * The routes of {@code router} the document does not describe, as {@code "METHOD pattern"} lines in the router's
     * order; empty when it describes them all.
     */
    public static List<String> undocumented(final Router router)
    {
        final JsonNode paths = paths(load());
        final List<String> missing = new ArrayList<>();
        for (final Router.Route route : router.routes())
        {
            final JsonNode path = paths.get(route.pattern());
            if (path == null || !path.has(route.method().name().toLowerCase(Locale.ROOT)))
            {
                missing.add(route.method().name() + " " + route.pattern());
            }
        }
        return missing;
    }

    private static JsonNode paths(final byte[] document)
    {
        try
        {
            final JsonNode paths = Json.MAPPER.readTree(document).get("paths");
            if (paths == null || !paths.isObject())
            {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " has no paths");
            }
            return paths;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("the OpenAPI document is not JSON: " + ex.getMessage(), ex);
        }
    }

    private static byte[] load()
    {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is not on the class path");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
