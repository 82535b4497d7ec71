package io.tradingcore.gateway.business;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.HttpServer;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.gateway.http.Principal;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notification routes on a real {@link HttpServer}: each caller gets codes and preferences for its own user, and
 * bodies that name unknown kinds or non-booleans are refused. The store behind them is the projections' (wired by the
 * gateway); here a map stands in, as the gateway cannot load it at compile time.
 */
final class NotificationRoutesTest
{
    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(2);
    private static final Map<String, Map<String, Boolean>> STORE = new ConcurrentHashMap<>();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception
    {
        final Router router = new Router(WORKERS);
        new NotificationRoutes((tenantId, userId) -> new NotificationRoutes.LinkCode("CODE" + tenantId + "X" + userId,
            600), new NotificationRoutes.PreferenceStore()
            {
                @Override
                public NotificationRoutes.Preferences read(final int tenantId, final long userId)
                {
                    final Map<String, Boolean> kinds = new LinkedHashMap<>();
                    NotificationRoutes.KINDS.forEach(kind -> kinds.put(kind, true));
                    kinds.putAll(STORE.getOrDefault(tenantId + "/" + userId, Map.of()));
                    return new NotificationRoutes.Preferences(false, kinds);
                }

                @Override
                public void write(final int tenantId, final long userId, final Map<String, Boolean> kinds)
                {
                    STORE.computeIfAbsent(tenantId + "/" + userId, key -> new ConcurrentHashMap<>()).putAll(kinds);
                }
            }, "tradingcore_bot").register(router);
        server = new HttpServer("127.0.0.1", 0, 64 * 1024, 5_000, 30_000, 1, router, NotificationRoutesTest::caller,
            (request, headers) ->
            {
            }, (method, route, status, elapsedNanos) ->
            {
            }, null, Throwable::printStackTrace);
    }

    @AfterAll
    static void stop()
    {
        server.close();
        WORKERS.shutdownNow();
    }

    private static Principal caller(final String token)
    {
        final String[] parts = token.split("-");
        if (parts.length != 2)
        {
            throw ApiException.unauthorized("not a test token");
        }
        return new Principal(Integer.parseInt(parts[0]), "t", Long.parseLong(parts[1]), "u", Role.VIEWER, token,
            Long.MAX_VALUE);
    }

    private static HttpResponse<String> call(final String method, final String path, final String token,
        final String body) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() +
            path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody() :
            HttpRequest.BodyPublishers.ofString(body));
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aViewerGetsALinkCodeForItsOwnUser() throws Exception
    {
        final HttpResponse<String> response = call("POST", "/api/v1/notifications/telegram/link", "7-42", null);
        assertEquals(200, response.statusCode(), response.body());
        final JsonNode answer = Json.MAPPER.readTree(response.body());
        assertEquals("CODE7X42", answer.get("code").asText());
        assertEquals("tradingcore_bot", answer.get("botUsername").asText());
        assertEquals("https://t.me/tradingcore_bot?start=CODE7X42", answer.get("link").asText());
        assertEquals(600, answer.get("expiresInSeconds").asLong());
        assertEquals(401, call("POST", "/api/v1/notifications/telegram/link", null, null).statusCode());
    }

    @Test
    void preferencesAreTheCallersOwn() throws Exception
    {
        final HttpResponse<String> put = call("PUT", "/api/v1/notifications/preferences", "8-1",
            "{\"kinds\":{\"daily_pnl\":false}}");
        assertEquals(200, put.statusCode(), put.body());
        assertFalse(Json.MAPPER.readTree(put.body()).get("kinds").get("daily_pnl").asBoolean());
        final JsonNode other = Json.MAPPER.readTree(call("GET", "/api/v1/notifications/preferences", "8-2", null)
            .body());
        assertTrue(other.get("kinds").get("daily_pnl").asBoolean());
        assertEquals(7, other.get("kinds").size());
    }

    @Test
    void unknownKindsAndNonBooleansAreRefused() throws Exception
    {
        assertEquals(400, call("PUT", "/api/v1/notifications/preferences", "9-1", "{\"kinds\":{\"spam\":true}}")
            .statusCode());
        assertEquals(400, call("PUT", "/api/v1/notifications/preferences", "9-1", "{\"kinds\":{\"invoice\":1}}")
            .statusCode());
        assertEquals(400, call("PUT", "/api/v1/notifications/preferences", "9-1", "{\"invoice\":true}")
            .statusCode());
    }
}
