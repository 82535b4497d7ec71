package io.tradingcore.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.gateway.ops.OpenApiRoute;
import io.tradingcore.projections.Projection;
import io.tradingcore.projections.postgres.PostgresSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway over real HTTP against a running core, its simulated venue and PostgreSQL (with the postgres projection
 * following the core for history): orders accepted, filled, modified and cancelled with the engine's answer; every
 * route across two tenants and three roles answers 401, 403 or 404 with nothing of the other tenant in it; bad input
 * answers 400 or 413 with one line and no stack trace; the admin's controls reach the engine.
 */
class GatewayEndToEndTest
{
    @TempDir
    static Path data;

    private static LivePlatform platform;
    private static Thread projection;
    private static final AtomicBoolean PROJECTING = new AtomicBoolean(true);
    private static final AtomicLong CLIENT_ORDER_ID = new AtomicLong(System.currentTimeMillis());

    @BeforeAll
    static void start() throws Exception
    {
        platform = new LivePlatform(data);
        final Projection postgres = new Projection(new PostgresSink(platform.database.url(), null, null),
            new Projection.Context().dataDirectory(data).lingerMs(0).log(new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream())));
        projection = new Thread(() -> postgres.run(PROJECTING::get), "test-postgres-projection");
        projection.start();
    }

    @AfterAll
    static void stop() throws Exception
    {
        PROJECTING.set(false);
        projection.join(10_000);
        platform.close();
    }

    private static JsonNode json(final HttpResponse<String> answer) throws Exception
    {
        return Json.MAPPER.readTree(answer.body());
    }

    private static String order(final long clientOrderId, final long accountId, final String side, final String type,
        final String quantity, final String price)
    {
        return "{\"clientOrderId\":" + clientOrderId + ",\"accountId\":" + accountId + ",\"symbol\":\"EURUSD\"," +
            "\"side\":\"" + side + "\",\"type\":\"" + type + "\",\"quantity\":\"" + quantity + "\"" +
            (price == null ? "" : ",\"price\":\"" + price + "\"") + "}";
    }

    @Test
    void aMarketOrderIsAcceptedFilledAndShowsAsAPosition() throws Exception
    {
        final String trader = platform.login("demo", "trader");
        final long id = CLIENT_ORDER_ID.incrementAndGet();
        final HttpResponse<String> placed = platform.send("POST", "/api/v1/orders", trader,
            order(id, 1001, "buy", "market", "0.10", null));
        assertEquals(200, placed.statusCode(), placed.body());
        final JsonNode answer = json(placed);
        assertEquals("accepted", answer.get("status").asText(), placed.body());
        assertEquals(id, answer.get("clientOrderId").asLong());
        assertTrue(answer.get("orderId").asLong() > 0 && answer.get("sequence").asLong() > 0, placed.body());

        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        BigDecimal net = BigDecimal.ZERO;
        while (net.signum() == 0 && System.nanoTime() < deadline)
        {
            final JsonNode positions = json(platform.send("GET", "/api/v1/positions", trader, null));
            assertTrue(positions.get("sequence").asLong() >= 1);
            for (final JsonNode position : positions.get("items"))
            {
                if (position.get("accountId").asLong() == 1001 && position.get("symbol").asText().equals("EURUSD"))
                {
                    net = new BigDecimal(position.get("netQuantity").asText());
                }
            }
            Thread.sleep(20);
        }
        assertTrue(net.signum() > 0, "the filled buy shows as a long position");
        assertFalse(json(platform.send("GET", "/api/v1/orders", trader, null)).toString()
            .contains("\"clientOrderId\":" + id), "a filled order is no longer open");

        // History from PostgreSQL, once the projection has it.
        final long historyDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        boolean found = false;
        while (!found && System.nanoTime() < historyDeadline)
        {
            final HttpResponse<String> fills = platform.send("GET", "/api/v1/fills?limit=1000", trader, null);
            if (fills.statusCode() == 200)
            {
                for (final JsonNode fill : json(fills).get("items"))
                {
                    found |= fill.get("clientOrderId").asLong() == id;
                }
            }
            Thread.sleep(50);
        }
        assertTrue(found, "the fill is in the history from PostgreSQL");
    }

    @Test
    void aLimitOrderIsModifiedAndCancelled() throws Exception
    {
        final String trader = platform.login("demo", "trader");
        final long id = CLIENT_ORDER_ID.incrementAndGet();
        final JsonNode placed = json(platform.send("POST", "/api/v1/orders", trader,
            order(id, 1001, "buy", "limit", "0.20", "1.36000")));
        assertEquals("accepted", placed.get("status").asText(), placed.toString());
        final JsonNode open = json(platform.send("GET", "/api/v1/orders", trader, null));
        assertTrue(open.get("items").toString().contains("\"clientOrderId\":" + id), open.toString());

        final HttpResponse<String> modified = platform.send("PATCH", "/api/v1/orders/" + id + "?accountId=1001",
            trader, "{\"price\":\"1.35990\"}");
        assertEquals(200, modified.statusCode(), modified.body());
        assertEquals("accepted", json(modified).get("status").asText(), modified.body());

        final HttpResponse<String> cancelled = platform.send("DELETE", "/api/v1/orders/" + id + "?accountId=1001",
            trader, null);
        assertEquals("accepted", json(cancelled).get("status").asText(), cancelled.body());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (json(platform.send("GET", "/api/v1/orders", trader, null)).get("items").toString()
            .contains("\"clientOrderId\":" + id))
        {
            assertTrue(System.nanoTime() < deadline, "the cancelled order leaves the open orders");
            Thread.sleep(20);
        }
        assertEquals(404, platform.send("DELETE", "/api/v1/orders/" + id + "?accountId=1001", trader, null)
            .statusCode(), "a finished order is no longer open");
    }

    @Test
    void theEngineRejectsWithItsReason() throws Exception
    {
        final String trader = platform.login("demo", "trader");
        final HttpResponse<String> tooBig = platform.send("POST", "/api/v1/orders", trader,
            order(CLIENT_ORDER_ID.incrementAndGet(), 1001, "buy", "market", "6.00", null));
        assertEquals(200, tooBig.statusCode(), tooBig.body());
        assertEquals("rejected", json(tooBig).get("status").asText(), tooBig.body());
        assertEquals("max_order_quantity", json(tooBig).get("reason").asText(), tooBig.body());
    }

    @Test
    void badInputAnswersOneLineWithoutAStackTrace() throws Exception
    {
        final String trader = platform.login("demo", "trader");
        final List<String[]> cases = List.of(
            new String[] {"{\"clientOrderId\":1,", "malformed JSON"},
            new String[] {"{\"clientOrderId\":1,\"accountId\":1001,\"symbol\":\"EURUSD\",\"side\":\"buy\"," +
                "\"type\":\"market\",\"quantity\":\"0.10\",\"leverage\":5}", "unknown field 'leverage'"},
            new String[] {"{\"clientOrderId\":\"one\",\"accountId\":1001}", "clientOrderId"},
            new String[] {"{\"clientOrderId\":1,\"accountId\":1001,\"symbol\":\"EURUSD\",\"side\":\"buy\"," +
                "\"type\":\"market\",\"quantity\":0.1}", "quantity"},
            new String[] {order(1, 1001, "buy", "market", "0.105", null), "steps of 0.0100"},
            new String[] {order(1, 1001, "buy", "limit", "0.10", "1.234567"), "more than 5 decimals"},
            new String[] {order(1, 1001, "buy", "market", "0.10", null).replace("EURUSD", "NOPE"), "unknown symbol"},
            new String[] {order(1, 1001, "up", "market", "0.10", null), "'side' must be one of"},
            new String[] {order(-1, 1001, "buy", "market", "0.10", null), "must be positive"},
            new String[] {"[]", "expected JSON object"},
            new String[] {"null", "not null"});
        for (final String[] bad : cases)
        {
            final HttpResponse<String> answer = platform.send("POST", "/api/v1/orders", trader, bad[0]);
            assertEquals(400, answer.statusCode(), bad[0] + " -> " + answer.body());
            final String error = json(answer).get("error").asText();
            assertTrue(error.contains(bad[1]), bad[0] + " -> " + error);
            assertFalse(answer.body().contains("\\n") || answer.body().contains("at io.") ||
                answer.body().contains("Exception"), answer.body());
        }
        final HttpResponse<String> huge = platform.send("POST", "/api/v1/orders", trader,
            "{\"text\":\"" + "x".repeat(200_000) + "\"}");
        assertEquals(413, huge.statusCode());
    }

    @Test
    void noCallerSeesOrTouchesAnotherTenant() throws Exception
    {
        final String demoTrader = platform.login("demo", "trader");
        final long id = CLIENT_ORDER_ID.incrementAndGet();
        assertEquals("accepted", json(platform.send("POST", "/api/v1/orders", demoTrader,
            order(id, 1001, "sell", "limit", "0.10", "1.40000"))).get("status").asText());
        // Calls that name the demo tenant's account, order or user: 404 (or 403 where the role does not reach).
        final List<String[]> touches = List.of(
            new String[] {"GET", "/api/v1/accounts/{accountId}", "/api/v1/accounts/1001", null},
            new String[] {"GET", "/api/v1/accounts/{accountId}/limits", "/api/v1/accounts/1001/limits", null},
            new String[] {"POST", "/api/v1/orders", "/api/v1/orders", order(CLIENT_ORDER_ID.incrementAndGet(), 1001,
                "buy", "market", "0.10", null)},
            new String[] {"PATCH", "/api/v1/orders/{clientOrderId}", "/api/v1/orders/" + id + "?accountId=1001",
                "{\"price\":\"1.40010\"}"},
            new String[] {"DELETE", "/api/v1/orders/{clientOrderId}", "/api/v1/orders/" + id + "?accountId=1001", null},
            new String[] {"PUT", "/api/v1/accounts/{accountId}/limits", "/api/v1/accounts/1001/limits",
                "{\"maxOpenOrders\":1}"},
            new String[] {"POST", "/api/v1/accounts/{accountId}/halt", "/api/v1/accounts/1001/halt", null},
            new String[] {"POST", "/api/v1/accounts/{accountId}/resume", "/api/v1/accounts/1001/resume", null},
            new String[] {"PATCH", "/api/v1/users/{username}", "/api/v1/users/demo-only", "{\"disabled\":true}"},
            new String[] {"GET", "/api/v1/invoices/{number}", "/api/v1/invoices/TC-2026-000001", null},
            new String[] {"GET", "/api/v1/invoices/{number}/html", "/api/v1/invoices/TC-2026-000001/html", null},
            new String[] {"GET", "/api/v1/invoices/{number}/pdf", "/api/v1/invoices/TC-2026-000001/pdf", null},
            new String[] {"POST", "/api/v1/invoices/{number}/pay", "/api/v1/invoices/TC-2026-000001/pay", null});
        // Calls whose scope is the caller's own tenant by construction: any answer, nothing of the demo tenant in it.
        final List<String[]> ownScope = List.of(
            new String[] {"GET", "/api/v1/orders", "/api/v1/orders", null},
            new String[] {"GET", "/api/v1/positions", "/api/v1/positions", null},
            new String[] {"GET", "/api/v1/accounts", "/api/v1/accounts", null},
            new String[] {"GET", "/api/v1/pnl", "/api/v1/pnl", null},
            new String[] {"GET", "/api/v1/instruments", "/api/v1/instruments", null},
            new String[] {"GET", "/api/v1/fills", "/api/v1/fills?accountId=1001", null},
            new String[] {"GET", "/api/v1/order-events", "/api/v1/order-events?accountId=1001", null},
            new String[] {"GET", "/api/v1/users", "/api/v1/users", null},
            new String[] {"GET", "/api/v1/me", "/api/v1/me", null},
            new String[] {"POST", "/api/v1/users", "/api/v1/users",
                "{\"username\":\"demo-only\",\"password\":\"a long enough password\",\"role\":\"viewer\"," +
                "\"tenant\":\"demo\"}"},
            new String[] {"POST", "/api/v1/kill-switch", "/api/v1/kill-switch", "{\"engage\":false}"},
            new String[] {"GET", "/api/v1/subscription", "/api/v1/subscription", null},
            new String[] {"GET", "/api/v1/invoices", "/api/v1/invoices", null},
            new String[] {"GET", "/api/v1/research/similar", "/api/v1/research/similar?symbol=EURUSD&" +
                "at=2014-05-08T10:00:00Z", null},
            new String[] {"POST", "/api/v1/notifications/telegram/link", "/api/v1/notifications/telegram/link", null},
            new String[] {"GET", "/api/v1/notifications/preferences", "/api/v1/notifications/preferences", null},
            new String[] {"PUT", "/api/v1/notifications/preferences", "/api/v1/notifications/preferences",
                "{\"kinds\":{\"risk_alert\":true}}"},
            new String[] {"POST", "/api/v1/subscription", "/api/v1/subscription", "{\"tier\":\"free\"}"},
            new String[] {"POST", "/api/v1/auth/refresh", "/api/v1/auth/refresh", "{\"refreshToken\":\"1.x\"}"},
            new String[] {"POST", "/api/v1/auth/logout", "/api/v1/auth/logout", "{\"refreshToken\":\"1.x\"}"});
        final java.util.Set<String> walked = new java.util.HashSet<>();
        for (final String role : List.of("viewer", "trader", "admin"))
        {
            final String acme = platform.login("acme", role);
            for (final String[] call : touches)
            {
                final HttpResponse<String> answer = platform.send(call[0], call[2], acme, call[3]);
                assertTrue(answer.statusCode() == 404 || answer.statusCode() == 403,
                    role + " " + call[0] + " " + call[2] + " -> " + answer.statusCode() + " " + answer.body());
                // The answer may repeat what the caller named (an account number), nothing the other tenant has.
                assertFalse(answer.body().contains("\"demo\"") || answer.body().contains("balance"), answer.body());
                walked.add(call[0] + " " + call[1]);
            }
            for (final String[] call : ownScope)
            {
                final HttpResponse<String> answer = platform.send(call[0], call[2], acme, call[3]);
                // 503: a service this test runs without (Weaviate); it says so, and shows nothing of anyone.
                assertTrue(answer.statusCode() < 500 || answer.statusCode() == 503, role + " " + call[0] + " " +
                    call[2] + " -> " +
                    answer.statusCode() + " " + answer.body());
                assertFalse(answer.body().contains("\"accountId\":1001") || answer.body().contains("\"demo\"") ||
                    answer.body().contains("\"tenantId\":1,") || answer.body().contains("demo-only"),
                    role + " " + call[0] + " " + call[2] + " leaks: " + answer.body());
                walked.add(call[0] + " " + call[1]);
            }
        }
        for (final io.tradingcore.gateway.http.Router.Route route : platform.gateway.router().routes())
        {
            if (route.role() != null)
            {
                assertTrue(walked.contains(route.method() + " " + route.pattern()),
                    "the walk covers " + route.method() + " " + route.pattern());
            }
        }
        // The demo order and the demo-only user are untouched.
        assertTrue(json(platform.send("GET", "/api/v1/orders", demoTrader, null)).toString()
            .contains("\"clientOrderId\":" + id));
        assertTrue(json(platform.send("GET", "/api/v1/users", platform.login("demo", "admin"), null)).toString()
            .contains("\"username\":\"demo-only\",\"role\":\"viewer\",\"disabled\":false"));
        assertEquals(200, platform.send("DELETE", "/api/v1/orders/" + id + "?accountId=1001", demoTrader, null)
            .statusCode());
    }

    @Test
    void rolesLimitWhatACallerMayDo() throws Exception
    {
        final String viewer = platform.login("demo", "viewer");
        final String trader = platform.login("demo", "trader");
        assertEquals(401, platform.send("GET", "/api/v1/orders", null, null).statusCode());
        assertEquals(401, platform.send("GET", "/api/v1/orders", "not-a-token", null).statusCode());
        assertEquals(200, platform.send("GET", "/api/v1/orders", viewer, null).statusCode());
        assertEquals(403, platform.send("POST", "/api/v1/orders", viewer,
            order(CLIENT_ORDER_ID.incrementAndGet(), 1001, "buy", "market", "0.10", null)).statusCode());
        assertEquals(403, platform.send("PUT", "/api/v1/accounts/1001/limits", trader, "{}").statusCode());
        assertEquals(403, platform.send("POST", "/api/v1/kill-switch", trader, "{\"engage\":true}").statusCode());
        assertEquals(403, platform.send("POST", "/api/v1/users", trader,
            "{\"username\":\"x\",\"password\":\"long enough password\",\"role\":\"viewer\"}").statusCode());
    }

    @Test
    void theAdminsControlsReachTheEngine() throws Exception
    {
        final String admin = platform.login("acme", "admin");
        final String trader = platform.login("acme", "trader");
        final HttpResponse<String> limits = platform.send("PUT", "/api/v1/accounts/2001/limits", admin,
            "{\"maxOrderQuantity\":\"2.00\",\"maxOpenOrders\":50,\"staleMarketMs\":600000," +
            "\"maxOrdersPerSecond\":5000}");
        assertEquals("accepted", json(limits).get("status").asText(), limits.body());
        final JsonNode read = json(platform.send("GET", "/api/v1/accounts/2001/limits", admin, null));
        assertEquals("2.0000", read.get("limits").get("maxOrderQuantity").asText(), read.toString());
        assertEquals("max_order_quantity", json(platform.send("POST", "/api/v1/orders", trader,
            order(CLIENT_ORDER_ID.incrementAndGet(), 2001, "buy", "market", "3.00", null))).get("reason").asText());

        assertEquals("accepted", json(platform.send("POST", "/api/v1/accounts/2001/halt", admin, null))
            .get("status").asText());
        final JsonNode halted = json(platform.send("POST", "/api/v1/orders", trader,
            order(CLIENT_ORDER_ID.incrementAndGet(), 2001, "buy", "market", "0.10", null)));
        assertEquals("rejected", halted.get("status").asText(), halted.toString());
        assertEquals("accepted", json(platform.send("POST", "/api/v1/accounts/2001/resume", admin, null))
            .get("status").asText());

        assertEquals("accepted", json(platform.send("POST", "/api/v1/kill-switch", admin,
            "{\"engage\":true,\"reason\":\"test\"}")).get("status").asText());
        final JsonNode killed = json(platform.send("POST", "/api/v1/orders", trader,
            order(CLIENT_ORDER_ID.incrementAndGet(), 2001, "buy", "market", "0.10", null)));
        assertEquals("rejected", killed.get("status").asText(), killed.toString());
        assertEquals("accepted", json(platform.send("POST", "/api/v1/kill-switch", admin,
            "{\"engage\":false}")).get("status").asText());
        // The other tenant was never stopped.
        final JsonNode demo = json(platform.send("POST", "/api/v1/orders", platform.login("demo", "trader"),
            order(CLIENT_ORDER_ID.incrementAndGet(), 1001, "buy", "limit", "0.10", "1.37000")));
        assertEquals("accepted", demo.get("status").asText(), demo.toString());
    }

    @Test
    void theStreamCarriesTheCallersTenantsEventsOnly() throws Exception
    {
        final StreamClient demo = StreamClient.open(platform, platform.login("demo", "viewer"), null);
        final StreamClient acme = StreamClient.open(platform, platform.login("acme", "viewer"), null);
        try (demo; acme)
        {
            final long id = CLIENT_ORDER_ID.incrementAndGet();
            assertEquals("accepted", json(platform.send("POST", "/api/v1/orders", platform.login("demo", "trader"),
                order(id, 1001, "buy", "market", "0.10", null))).get("status").asText());
            final JsonNode fill = demo.await(frame -> frame.path("kind").asText().equals("fill") &&
                frame.path("clientOrderId").asLong() == id, "the demo viewer sees the fill");
            assertEquals("EURUSD", fill.get("symbol").asText());
            assertFalse(fill.has("tenantId"), fill.toString());
            demo.await(frame -> frame.path("type").asText().equals("status"), "a status frame");
            Thread.sleep(300);
            for (final JsonNode frame : acme.frames())
            {
                assertFalse(frame.toString().contains("\"accountId\":1001") ||
                    frame.toString().contains(Long.toString(id)), "acme sees nothing of demo: " + frame);
            }
        }
        // Resumed from just before the order's sequence, a new connection gets the same events again, in order.
        final long fromSequence = json(platform.send("GET", "/api/v1/orders", platform.login("demo", "viewer"),
            null)).get("sequence").asLong();
        final long id = CLIENT_ORDER_ID.incrementAndGet();
        final long sequence = json(platform.send("POST", "/api/v1/orders", platform.login("demo", "trader"),
            order(id, 1001, "sell", "market", "0.10", null))).get("sequence").asLong();
        try (StreamClient resumed = StreamClient.open(platform, platform.login("demo", "viewer"), fromSequence))
        {
            final JsonNode accepted = resumed.await(frame -> frame.path("kind").asText().equals("order") &&
                frame.path("clientOrderId").asLong() == id, "the resumed stream replays the order");
            assertEquals(sequence, accepted.get("sequence").asLong());
            long lastSequence = 0;
            int lastIndex = 0;
            for (final JsonNode frame : resumed.frames())
            {
                if (frame.path("type").asText().equals("event"))
                {
                    final long at = frame.get("sequence").asLong();
                    final int index = frame.get("index").asInt();
                    assertTrue(at > fromSequence, "only events after the resume point: " + frame);
                    assertTrue(at > lastSequence || (at == lastSequence && index > lastIndex),
                        "in order, no duplicate: " + frame);
                    lastSequence = at;
                    lastIndex = index;
                }
            }
        }
    }

    @Test
    void theOpenApiDocumentNamesEveryRoute() throws Exception
    {
        assertEquals(List.of(), OpenApiRoute.undocumented(platform.gateway.router()));
        final HttpResponse<String> document = platform.send("GET", "/openapi.json", null, null);
        assertEquals(200, document.statusCode());
        assertTrue(json(document).get("openapi").asText().startsWith("3."));
    }
}
