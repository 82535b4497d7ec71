package io.tradingcore.gateway.business;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.HttpServer;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.gateway.http.Principal;
import io.tradingcore.gateway.http.RequestGuard;
import io.tradingcore.gateway.http.RequestObserver;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;
import io.tradingcore.gateway.ops.OpenApiRoute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link PaymentRoutes} over real HTTP on a real {@link HttpServer}. The payments service behind the two interfaces
 * is the projections module's and has its own tests there; here the interfaces answer what the test sets, to show
 * what the routes pass on (the body byte for byte, the caller's tenant) and how they answer.
 */
class PaymentRoutesTest
{
    private static final Pattern TOKEN = Pattern.compile("t(\\d+)-(viewer|trader|admin)");

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicReference<PaymentRoutes.NotificationAnswer> nextAnswer = new AtomicReference<>();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws InterruptedException
    {
        final Router router = new Router(workers);
        new PaymentRoutes(body ->
        {
            bodies.add(body);
            return nextAnswer.get();
        }, (tenantId, invoiceNumber) ->
        {
            started.add(tenantId + " " + invoiceNumber);
            if (invoiceNumber.equals("INV-PAID"))
            {
                throw ApiException.conflict("invoice INV-PAID is paid");
            }
            return invoiceNumber.startsWith("INV-") ? "https://app.sandbox.midtrans.com/snap/v4/redirection/t-" +
                tenantId + "-" + invoiceNumber : null;
        }).register(router);
        server = new HttpServer("127.0.0.1", 0, 64 * 1024, 5_000, 30_000, 1, router, PaymentRoutesTest::authenticate,
            RequestGuard.NONE, RequestObserver.NONE, null, Throwable::printStackTrace);
    }

    @AfterEach
    void stop()
    {
        server.close();
        workers.shutdownNow();
    }

    private static Principal authenticate(final String token)
    {
        final Matcher matcher = TOKEN.matcher(token);
        if (!matcher.matches())
        {
            throw ApiException.unauthorized("not a test token");
        }
        final int tenantId = Integer.parseInt(matcher.group(1));
        return new Principal(tenantId, "tenant" + tenantId, 1, "user", Role.parse(matcher.group(2)), "jti-" + token,
            Long.MAX_VALUE);
    }

    private HttpResponse<String> post(final String path, final String token, final byte[] body) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() +
            path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(final HttpResponse<String> response) throws Exception
    {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void aNotificationNeedsNoTokenAndReachesTheHandlerByteForByte() throws Exception
    {
        final String body = "{\n  \"order_id\" : \"INV-1-1\",\n  \"gross_amount\" : \"10000.00\", \"note\": \"é\"\n}";
        nextAnswer.set(new PaymentRoutes.NotificationAnswer(200, "applied"));
        final HttpResponse<String> answer = post(PaymentRoutes.NOTIFICATION_PATH, null,
            body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("applied", json(answer).get("status").asText());
        assertEquals(List.of(body), bodies, "the signature is over the strings as sent: nothing re-encoded");
    }

    @Test
    void theHandlersOutcomeIsTheAnswer() throws Exception
    {
        for (final Map.Entry<Integer, String> outcome : Map.of(200, "already_applied", 401, "bad signature",
            400, "field 'order_id' is missing", 503, "Get Status: Midtrans did not answer").entrySet())
        {
            nextAnswer.set(new PaymentRoutes.NotificationAnswer(outcome.getKey(), outcome.getValue()));
            final HttpResponse<String> answer = post(PaymentRoutes.NOTIFICATION_PATH, null, "{}".getBytes());
            assertEquals((int)outcome.getKey(), answer.statusCode(), answer.body());
            assertEquals(outcome.getValue(), json(answer).get(outcome.getKey() == 200 ? "status" : "error").asText());
            if (outcome.getKey() == 401)
            {
                assertFalse(answer.headers().firstValue("WWW-Authenticate").isPresent(),
                    "a bad signature asks for no bearer token");
            }
        }
    }

    @Test
    void aBodyThatIsNotUtf8OrEmptyIs400WithoutTheHandler() throws Exception
    {
        assertEquals(400, post(PaymentRoutes.NOTIFICATION_PATH, null, new byte[] {'{', (byte)0xC3, '}'})
            .statusCode());
        assertEquals(400, post(PaymentRoutes.NOTIFICATION_PATH, null, new byte[0]).statusCode());
        assertEquals(List.of(), bodies);
    }

    @Test
    void anAdminPaysItsOwnTenantsInvoice() throws Exception
    {
        final HttpResponse<String> answer = post("/api/v1/invoices/INV-2026-000042/pay", "t5-admin", new byte[0]);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("https://app.sandbox.midtrans.com/snap/v4/redirection/t-5-INV-2026-000042",
            json(answer).get("redirectUrl").asText());
        assertEquals(List.of("5 INV-2026-000042"), started, "the tenant is the caller's, never the request's");
        assertEquals(200, post("/api/v1/invoices/INV-2026-000042/pay", "t5-admin", "{}".getBytes()).statusCode());
    }

    @Test
    void payingNeedsAnAdminAndAnInvoiceOfTheTenant() throws Exception
    {
        assertEquals(401, post("/api/v1/invoices/INV-1/pay", null, new byte[0]).statusCode());
        assertEquals(403, post("/api/v1/invoices/INV-1/pay", "t5-trader", new byte[0]).statusCode());
        assertEquals(404, post("/api/v1/invoices/OTHER-1/pay", "t5-admin", new byte[0]).statusCode());
        assertEquals(404, post("/api/v1/invoices/" + "N".repeat(48) + "/pay", "t5-admin", new byte[0])
            .statusCode(), "too long for an order id: no invoice of ours");
        final HttpResponse<String> paid = post("/api/v1/invoices/INV-PAID/pay", "t5-admin", new byte[0]);
        assertEquals(409, paid.statusCode());
        assertEquals("invoice INV-PAID is paid", json(paid).get("error").asText());
        assertEquals(400, post("/api/v1/invoices/INV-1/pay", "t5-admin", "{\"amount\":1}".getBytes()).statusCode());
        assertEquals(List.of("5 OTHER-1", "5 INV-PAID"), started);
        assertNull(nextAnswer.get());
    }

    @Test
    void bothRoutesAreInTheOpenApiDocument()
    {
        final Router router = new Router(Runnable::run);
        new PaymentRoutes(body -> null, (tenantId, invoiceNumber) -> null).register(router);
        assertEquals(List.of(), OpenApiRoute.undocumented(router));
    }
}
