package io.tradingcore.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.gateway.http.Request;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's page in headless Chromium against a gateway whose API and stream a test plays (the real ones are
 * other parts of issue 20): login, snapshots, subscribing from the oldest snapshot, events applied once and in order,
 * a reconnect that resumes without duplicates, the order ticket's accept and reject, a token refresh, and data that
 * tries to be markup shown as text.
 */
class DashboardPageTest
{
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final ScriptedStream STREAM = new ScriptedStream();
    private static final BlockingQueue<JsonNode> ORDERS_SENT = new LinkedBlockingQueue<>();
    private static final AtomicInteger REFRESHES = new AtomicInteger();

    private static DashboardServer server;
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws InterruptedException
    {
        server = new DashboardServer(DashboardPageTest::api, STREAM);
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop()
    {
        browser.close();
        server.close();
    }

    private static void api(final Router router)
    {
        router.blocking(HttpMethod.POST, "/api/v1/auth/login", null, request ->
        {
            final JsonNode login = body(request);
            if (!"acme".equals(login.path("tenant").asText()) || !"alice".equals(login.path("username").asText()) ||
                !"secret".equals(login.path("password").asText()))
            {
                throw ApiException.unauthorized("wrong tenant, username or password");
            }
            // A short life, so that the page must refresh it while the test runs.
            return Response.json(Map.of("accessToken", "access-1", "refreshToken", "refresh-1", "expiresIn", 6));
        });
        router.blocking(HttpMethod.POST, "/api/v1/auth/refresh", null, request ->
        {
            if (!"refresh-1".equals(body(request).path("refreshToken").asText()))
            {
                throw ApiException.unauthorized("refresh token spent");
            }
            REFRESHES.incrementAndGet();
            return Response.json(Map.of("accessToken", "access-2", "refreshToken", "refresh-2", "expiresIn", 3600));
        });
        router.blocking(HttpMethod.GET, "/api/v1/me", null, request ->
        {
            authorize(request);
            return Response.json(Map.of("tenant", "acme", "tenantId", 1, "username", "alice", "role", "trader"));
        });
        router.blocking(HttpMethod.GET, "/api/v1/positions", null, request ->
        {
            authorize(request);
            return Response.json(Map.of("sequence", 10, "items", List.of(Map.of("accountId", 1, "symbol", "EURUSD",
                "netQuantity", "0.10", "averagePrice", "1.08500", "realizedPnl", "0.00", "unrealizedPnl", "1.20"))));
        });
        router.blocking(HttpMethod.GET, "/api/v1/orders", null, request ->
        {
            authorize(request);
            return Response.json(Map.of("sequence", 12, "items", List.of(Map.of("orderId", 7, "clientOrderId", 100,
                "accountId", 1, "symbol", "GBPUSD", "side", "buy", "status", "new", "quantity", "0.20",
                "leaves", "0.20", "price", "1.25000"))));
        });
        router.blocking(HttpMethod.GET, "/api/v1/accounts", null, request ->
        {
            authorize(request);
            return Response.json(Map.of("sequence", 11, "items", List.of(account("100001.20", 0))));
        });
        router.blocking(HttpMethod.POST, "/api/v1/orders", null, request ->
        {
            authorize(request);
            final JsonNode order = body(request);
            ORDERS_SENT.add(order);
            if ("BAD".equals(order.path("symbol").asText()))
            {
                return Response.json(Map.of("status", "rejected", "orderId", 0,
                    "clientOrderId", order.path("clientOrderId").asLong(), "reason", "unknown instrument BAD",
                    "sequence", 20));
            }
            return Response.json(Map.of("status", "accepted", "orderId", 42,
                "clientOrderId", order.path("clientOrderId").asLong(), "sequence", 20));
        });
    }

    private static Map<String, Object> account(final String equity, final long timeMs)
    {
        return Map.of("accountId", 1, "balance", "100000.00", "equity", equity, "realizedPnl", "0.00",
            "unrealizedPnl", "1.20", "marginUsed", "250.00", "openOrders", 1, "halted", false, "timeMs", timeMs);
    }

    private static void authorize(final Request request)
    {
        final String header = request.headers().get("Authorization");
        if (!"Bearer access-1".equals(header) && !"Bearer access-2".equals(header))
        {
            throw ApiException.unauthorized("bad token: " + header);
        }
    }

    private static JsonNode body(final Request request)
    {
        try
        {
            return Json.MAPPER.readTree(request.body());
        }
        catch (final IOException ex)
        {
            throw ApiException.badRequest("not JSON");
        }
    }

    @Test
    void thePageFollowsTheStreamAndTradesThroughTheTicket() throws Exception
    {
        browser.viewport(1280, 900, false);
        browser.navigate(server.url("/"));
        browser.waitFor("!document.getElementById('login-view').hidden", WAIT);
        browser.evaluate("""
            document.getElementById('tenant').value = 'acme';
            document.getElementById('username').value = 'alice';
            document.getElementById('password').value = 'secret';
            document.getElementById('login-form').requestSubmit();
            """);

        // The snapshots show, then the stream opens from the oldest of them.
        browser.waitFor(row("positions", "1:EURUSD") + " !== null", WAIT);
        assertEquals("{\"type\":\"auth\",\"accessToken\":\"access-1\"}", STREAM.nextReceived(WAIT));
        final JsonNode subscribe = Json.MAPPER.readTree(STREAM.nextReceived(WAIT));
        assertEquals("subscribe", subscribe.path("type").asText());
        assertEquals(10, subscribe.path("from").asLong(), subscribe.toString());
        assertEquals("[\"EURUSD\",\"GBPUSD\"]", subscribe.path("quotes").toString());
        browser.waitFor(text("status-line") + ".includes('live')", WAIT);

        // An event a snapshot already reflects changes nothing; a newer one does.
        STREAM.send(event(11, 0, "\"kind\":\"account\",\"accountId\":1,\"balance\":\"1.00\",\"equity\":\"999.00\""));
        STREAM.send(event(11, 1, "\"kind\":\"position\",\"accountId\":1,\"symbol\":\"EURUSD\"," +
            "\"netQuantity\":\"0.30\"," +
            "\"averagePrice\":\"1.08600\",\"realizedPnl\":\"0.00\",\"unrealizedPnl\":\"2.00\""));
        STREAM.send(event(12, 0, "\"kind\":\"order\",\"orderId\":7,\"clientOrderId\":100,\"accountId\":1," +
            "\"symbol\":\"GBPUSD\",\"side\":\"buy\",\"status\":\"cancelled\",\"quantity\":\"0.20\",\"leaves\":\"0\"," +
            "\"price\":\"1.25000\""));
        // A market order in one sequence: accepted, filled, gone from the open orders; a position and equity after.
        STREAM.send(event(13, 0, order(9, "new", "0.20")));
        STREAM.send(event(13, 1, "\"kind\":\"fill\",\"orderId\":9,\"clientOrderId\":101,\"accountId\":1," +
            "\"symbol\":\"GBPUSD\",\"side\":\"sell\",\"quantity\":\"0.20\",\"price\":\"1.24990\"," +
            "\"realizedPnl\":\"0.00\"," +
            "\"commission\":\"1.40\",\"timeMs\":1700000000000"));
        STREAM.send(event(13, 2, order(9, "filled", "0")));
        STREAM.send(event(13, 3, "\"kind\":\"position\",\"accountId\":1,\"symbol\":\"GBPUSD\"," +
            "\"netQuantity\":\"-0.20\"," +
            "\"averagePrice\":\"1.24990\",\"realizedPnl\":\"0.00\",\"unrealizedPnl\":\"-0.40\""));
        STREAM.send(event(13, 4, "\"kind\":\"account\",\"accountId\":1,\"balance\":\"99998.60\"," +
            "\"equity\":\"100005.00\",\"realizedPnl\":\"0.00\",\"unrealizedPnl\":\"1.60\",\"marginUsed\":\"500.00\"," +
            "\"openOrders\":1,\"halted\":false,\"timeMs\":" + System.currentTimeMillis()));
        STREAM.send(event(14, 0, "\"kind\":\"alert\",\"accountId\":1,\"alertKind\":\"drawdown\"," +
            "\"text\":\"<img src=x onerror=\\\"window.pwned=1\\\">\",\"timeMs\":1700000000000"));
        STREAM.send(event(14, 1, "\"kind\":\"kill\",\"scope\":\"tenant\",\"reason\":\"drill\",\"cancelledOrders\":3"));
        STREAM.send("{\"type\":\"quote\",\"symbol\":\"EURUSD\",\"bid\":\"1.08510\",\"ask\":\"1.08520\"," +
            "\"timeMs\":1700000000000}");
        STREAM.send("{\"type\":\"status\",\"components\":[{\"name\":\"core\",\"status\":\"ok\",\"lag\":0}," +
            "{\"name\":\"projection-postgres\",\"status\":\"degraded\",\"lag\":1200,\"detail\":\"catching up\"}]," +
            "\"latency\":{\"p50Us\":18,\"p99Us\":95,\"p999Us\":410,\"maxUs\":1250,\"buckets\":[[10,0],[20,540]," +
            "[50,300],[100,90],[500,9],[2000,1],[5000,0]]}}");

        browser.waitFor(text("status-line") + ".includes('sequence 14')", WAIT);
        browser.waitFor("document.querySelectorAll('#health li').length === 2", WAIT);
        assertEquals("0.30", cellText("positions", "1:EURUSD", 2));
        assertEquals("-0.20", cellText("positions", "1:GBPUSD", 2));
        assertEquals("1", browser.evaluate("document.querySelectorAll('#orders tr[data-key]').length"));
        assertEquals("new", cellText("orders", "7", 5));
        assertEquals("100005.00", cellText("accounts", "1", 2));
        assertEquals("1", browser.evaluate("document.querySelectorAll('#fills tr[data-key]').length"));
        assertEquals("1.24990", browser.evaluate("document.querySelector('#fills tr td:nth-child(6)').textContent"));
        assertEquals("1.08520", cellText("quotes", "EURUSD", 2));
        assertEquals("5", browser.evaluate("document.querySelectorAll('#latency .bars li').length"));
        assertTrue(browser.evaluate(text("latency")).contains("p99 95 µs"));
        assertTrue(browser.evaluate(
            "document.querySelector('#health li[data-key=\"projection-postgres\"]').textContent")
            .contains("catching up"));
        assertNotNull(browser.evaluate("document.querySelector('#equity-chart canvas') && 'drawn'"));
        assertEquals("2", browser.evaluate("tradingDashboard.state.chart.time.length"));

        // Data that looks like markup stays text.
        assertEquals("2", browser.evaluate("document.querySelectorAll('#alerts li').length"));
        assertTrue(browser.evaluate(text("alerts")).contains("<img src=x"));
        assertEquals("true", browser.evaluate("document.querySelector('#alerts img') === null && !window.pwned"));
        browser.screenshot(HeadlessChromium.screenshotFolder().resolve("dashboard-live.png"));

        // The gateway drops the page as too slow: it reconnects, resumes after the last complete sequence (13) and
        // drops the events of 14 it already has.
        STREAM.close(4408, "too slow");
        assertEquals("{\"type\":\"auth\",\"accessToken\":\"access-1\"}".length(),
            STREAM.nextReceived(WAIT).length(), "the page authenticates again (with whichever token is current)");
        final JsonNode resume = Json.MAPPER.readTree(STREAM.nextReceived(WAIT));
        assertEquals(13, resume.path("from").asLong(), resume.toString());
        assertEquals(2, STREAM.connections());
        STREAM.send(event(14, 0, "\"kind\":\"alert\",\"accountId\":1,\"alertKind\":\"drawdown\",\"text\":\"again\"," +
            "\"timeMs\":1700000000000"));
        STREAM.send(event(14, 1, "\"kind\":\"kill\",\"scope\":\"tenant\",\"reason\":\"drill\",\"cancelledOrders\":3"));
        STREAM.send(event(15, 0, "\"kind\":\"alert\",\"accountId\":1,\"alertKind\":\"margin\"," +
            "\"text\":\"margin 80%\"," +
            "\"timeMs\":1700000001000"));
        browser.waitFor(text("status-line") + ".includes('sequence 15')", WAIT);
        assertEquals("3", browser.evaluate("document.querySelectorAll('#alerts li').length"));
        assertFalse(browser.evaluate(text("alerts")).contains("again"));

        // The ticket: the engine's accept, then its reject with the reason.
        browser.evaluate("""
            document.getElementById('ticket-symbol').value = 'EURUSD';
            document.getElementById('ticket-side').value = 'buy';
            document.getElementById('ticket-quantity').value = '0.10';
            document.getElementById('ticket').requestSubmit();
            """);
        browser.waitFor(text("ticket-result") + ".startsWith('Accepted')", WAIT);
        assertTrue(browser.evaluate(text("ticket-result")).startsWith("Accepted: order 42"));
        final JsonNode sent = ORDERS_SENT.poll(10, TimeUnit.SECONDS);
        assertNotNull(sent);
        assertEquals(1, sent.path("accountId").asLong());
        assertEquals("market", sent.path("type").asText());
        assertEquals("0.10", sent.path("quantity").asText());
        assertTrue(sent.path("clientOrderId").isIntegralNumber() && sent.path("clientOrderId").asLong() > 0);
        assertFalse(sent.has("price"));
        browser.evaluate("""
            document.getElementById('ticket-symbol').value = 'BAD';
            document.getElementById('ticket-type').value = 'limit';
            document.getElementById('ticket-type').dispatchEvent(new Event('change'));
            document.getElementById('ticket-price').value = '1.00000';
            document.getElementById('ticket').requestSubmit();
            """);
        browser.waitFor(text("ticket-result") + ".startsWith('Rejected')", WAIT);
        assertTrue(browser.evaluate(text("ticket-result")).contains("unknown instrument BAD"));
        final JsonNode rejected = ORDERS_SENT.poll(10, TimeUnit.SECONDS);
        assertNotNull(rejected);
        assertEquals("1.00000", rejected.path("price").asText());
        assertTrue(rejected.path("clientOrderId").asLong() > sent.path("clientOrderId").asLong());

        // The six-second token is refreshed before it expires, once.
        browser.waitFor("JSON.parse(sessionStorage.getItem('tradingcore.session')).accessToken === 'access-2'", WAIT);
        assertEquals(1, REFRESHES.get());

        browser.viewport(390, 844, true);
        browser.waitFor("document.documentElement.scrollWidth <= window.innerWidth", WAIT);
        browser.screenshot(HeadlessChromium.screenshotFolder().resolve("dashboard-live-phone.png"));
        for (final String problem : browser.problems())
        {
            assertFalse(problem.contains("Content Security Policy") || problem.startsWith("exception"), problem);
        }
    }

    private static String event(final long sequence, final int index, final String fields)
    {
        return "{\"type\":\"event\",\"sequence\":" + sequence + ",\"index\":" + index + "," + fields + "}";
    }

    private static String order(final long orderId, final String status, final String leaves)
    {
        return "\"kind\":\"order\",\"orderId\":" + orderId + ",\"clientOrderId\":101,\"accountId\":1," +
            "\"symbol\":\"GBPUSD\",\"side\":\"sell\",\"status\":\"" + status + "\",\"quantity\":\"0.20\"," +
            "\"leaves\":\"" + leaves + "\",\"price\":\"1.24990\"";
    }

    private static String row(final String table, final String key)
    {
        return "document.querySelector('#" + table + " tr[data-key=\"" + key + "\"]')";
    }

    private static String text(final String id)
    {
        return "document.getElementById('" + id + "').textContent";
    }

    private static String cellText(final String table, final String key, final int column)
    {
        return browser.evaluate(row(table, key) + ".querySelector('td:nth-child(" + (column + 1) + ")').textContent");
    }
}
