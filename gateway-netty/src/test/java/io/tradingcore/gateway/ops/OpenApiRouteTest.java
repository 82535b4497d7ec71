package io.tradingcore.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.gateway.http.RequestGuard;
import io.tradingcore.gateway.http.RequestObserver;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenApiRouteTest
{
    /** Every route of the contract in the brief, as the lead's router will hold them. */
    private static final List<String> CONTRACT = List.of(
        "POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/auth/logout", "GET /api/v1/me",
        "GET /api/v1/users", "POST /api/v1/users", "PATCH /api/v1/users/{username}",
        "POST /api/v1/orders", "PATCH /api/v1/orders/{clientOrderId}", "DELETE /api/v1/orders/{clientOrderId}",
        "GET /api/v1/orders", "GET /api/v1/positions", "GET /api/v1/accounts", "GET /api/v1/pnl",
        "GET /api/v1/fills", "GET /api/v1/order-events",
        "GET /api/v1/accounts/{accountId}/limits", "PUT /api/v1/accounts/{accountId}/limits",
        "POST /api/v1/accounts/{accountId}/halt", "POST /api/v1/accounts/{accountId}/resume",
        "POST /api/v1/kill-switch", "GET /health", "GET /metrics", "GET /openapi.json", "GET /", "GET /assets/{file}");

    @Test
    void servesTheDocumentPublicly() throws Exception
    {
        try (TestGateway gateway = new TestGateway(router -> new OpenApiRoute().register(router), RequestGuard.NONE,
            RequestObserver.NONE))
        {
            final HttpResponse<String> answer = gateway.get("/openapi.json");
            assertEquals(200, answer.statusCode());
            assertEquals("application/json", answer.headers().firstValue("Content-Type").get());
            final JsonNode document = Json.MAPPER.readTree(answer.body());
            assertTrue(document.get("openapi").asText().startsWith("3."), answer.body());
            final JsonNode bearer = document.at("/components/securitySchemes/bearer");
            assertEquals("bearer", bearer.get("scheme").asText());
            assertEquals("JWT", bearer.get("bearerFormat").asText());
            assertEquals("string", document.at("/components/schemas/Error/properties/error/type").asText());
            assertEquals(List.of("error"), List.of(document.at("/components/schemas/Error/required/0").asText()));
        }
    }

    @Test
    void documentsEveryRouteOfTheContract()
    {
        final Router router = router(CONTRACT);
        assertEquals(List.of(), OpenApiRoute.undocumented(router));
    }

    @Test
    void listsTheRoutesTheDocumentLacks()
    {
        final Router router = router(List.of("GET /health", "DELETE /health", "GET /api/v1/secret",
            "GET /api/v1/orders", "POST /api/v1/orders/{orderId}"));
        assertEquals(List.of("DELETE /health", "GET /api/v1/secret", "POST /api/v1/orders/{orderId}"),
            OpenApiRoute.undocumented(router));
    }

    @Test
    void everyOperationSaysItsSecurityAndTheErrorsItMayAnswer() throws Exception
    {
        final JsonNode paths = Json.MAPPER.readTree(new OpenApiRoute().document()).get("paths");
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation ->
        {
            final String name = operation.getKey() + " " + path.getKey();
            final JsonNode security = operation.getValue().get("security");
            assertTrue(security != null && security.isArray(), name + " says whether it needs a token");
            final boolean api = path.getKey().startsWith("/api/v1/") &&
                !List.of("/api/v1/auth/login", "/api/v1/auth/refresh",
                    "/api/v1/payments/midtrans/notification").contains(path.getKey());
            assertEquals(api, !security.isEmpty(), name + ": the API needs a bearer token, the rest is public");
            final JsonNode responses = operation.getValue().get("responses");
            if (!path.getKey().equals("/stream"))
            {
                assertTrue(responses.has("429"), name + " documents the rate limit");
            }
            if (api)
            {
                assertTrue(responses.has("401"), name + " documents 401");
            }
        }));
    }

    private static Router router(final List<String> routes)
    {
        final Router router = new Router(Runnable::run);
        for (final String route : routes)
        {
            final String[] parts = route.split(" ");
            router.blocking(HttpMethod.valueOf(parts[0]), parts[1], parts[1].startsWith("/api") ? Role.VIEWER : null,
                request -> Response.json(Map.of()));
        }
        return router;
    }
}
