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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The invoice routes over real HTTP, on the gateway's own server, with a source holding invoices of two tenants: each
 * admin sees its tenant's alone, another tenant's number answers 404 in every form, and the documents come with their
 * content types.
 */
class InvoiceRoutesTest
{
    private static final String MINE = "TC-2027-000001";
    private static final String THEIRS = "TC-2027-000002";
    private static final byte[] PDF_BYTES = "%PDF-1.4 an invoice".getBytes(StandardCharsets.US_ASCII);

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<String> asked = new ArrayList<>();
    private Router router;
    private HttpServer server;

    @BeforeEach
    void start() throws InterruptedException
    {
        router = new Router(workers);
        new InvoiceRoutes(new Source()).register(router);
        server = new HttpServer("127.0.0.1", 0, 64 * 1024, 5_000, 30_000, 1, router, InvoiceRoutesTest::caller,
            RequestGuard.NONE, RequestObserver.NONE, null, Throwable::printStackTrace);
    }

    @AfterEach
    void stop()
    {
        server.close();
        workers.shutdownNow();
    }

    @Test
    void anAdminListsItsTenantsInvoicesAlone() throws Exception
    {
        final HttpResponse<byte[]> answer = get("/api/v1/invoices", "admin-1");
        assertEquals(200, answer.statusCode());
        final JsonNode items = Json.MAPPER.readTree(answer.body()).get("items");
        assertEquals(1, items.size());
        assertEquals(MINE, items.get(0).get("number").asText());
        assertEquals("893550.00", items.get(0).get("total").asText());

        final JsonNode theirs = Json.MAPPER.readTree(get("/api/v1/invoices", "admin-2").body()).get("items");
        assertEquals(THEIRS, theirs.get(0).get("number").asText());
    }

    @Test
    void oneInvoiceAsJsonHtmlAndPdf() throws Exception
    {
        final HttpResponse<byte[]> json = get("/api/v1/invoices/" + MINE, "admin-1");
        assertEquals(200, json.statusCode());
        assertEquals("application/json", json.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(MINE, Json.MAPPER.readTree(json.body()).get("number").asText());

        final HttpResponse<byte[]> html = get("/api/v1/invoices/" + MINE + "/html", "admin-1");
        assertEquals(200, html.statusCode());
        assertEquals("text/html; charset=utf-8", html.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("default-src 'none'; style-src 'unsafe-inline'",
            html.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertTrue(new String(html.body(), StandardCharsets.UTF_8).contains("<h1>Invoice " + MINE + "</h1>"));

        final HttpResponse<byte[]> pdf = get("/api/v1/invoices/" + MINE + "/pdf", "admin-1");
        assertEquals(200, pdf.statusCode());
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("inline; filename=\"" + MINE + ".pdf\"",
            pdf.headers().firstValue("Content-Disposition").orElseThrow());
        assertArrayEquals(PDF_BYTES, pdf.body());
    }

    @Test
    void anotherTenantsInvoiceIsNotFoundInAnyForm() throws Exception
    {
        for (final String suffix : List.of("", "/html", "/pdf"))
        {
            final HttpResponse<byte[]> answer = get("/api/v1/invoices/" + THEIRS + suffix, "admin-1");
            assertEquals(404, answer.statusCode(), suffix);
            assertEquals("{\"error\":\"no such invoice\"}", new String(answer.body(), StandardCharsets.UTF_8));
            assertEquals(404, get("/api/v1/invoices/TC-2027-000099" + suffix, "admin-1").statusCode());
        }
        asked.clear();
        assertEquals(404, get("/api/v1/invoices/..%2Fetc", "admin-1").statusCode());
        assertEquals(404, get("/api/v1/invoices/tc-2027-1", "admin-1").statusCode());
        assertEquals(List.of(), asked, "what cannot be a number is not looked up");
    }

    @Test
    void onlyAdminsAndOnlyWithAToken() throws Exception
    {
        assertEquals(403, get("/api/v1/invoices", "viewer-1").statusCode());
        assertEquals(403, get("/api/v1/invoices/" + MINE + "/pdf", "viewer-1").statusCode());
        assertEquals(401, get("/api/v1/invoices", "nobody").statusCode());
    }

    @Test
    void theRoutesAreDocumented()
    {
        assertEquals(List.of(), OpenApiRoute.undocumented(router));
    }

    private HttpResponse<byte[]> get(final String path, final String token) throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Tokens {@code admin-N} and {@code viewer-N}: a user of tenant N with that role. */
    private static Principal caller(final String token)
    {
        final String[] parts = token.split("-");
        if (parts.length != 2 || !(parts[0].equals("admin") || parts[0].equals("viewer")))
        {
            throw ApiException.unauthorized("not a test token");
        }
        final int tenant = Integer.parseInt(parts[1]);
        return new Principal(tenant, "tenant" + tenant, tenant * 10L, parts[0], parts[0].equals("admin") ?
            Role.ADMIN : Role.VIEWER, "jti-" + token, Long.MAX_VALUE);
    }

    /** Invoice {@value #MINE} is tenant 1's, {@value #THEIRS} tenant 2's. */
    private final class Source implements InvoiceSource
    {
        private Map<String, Object> find(final int tenantId, final String number)
        {
            asked.add(number);
            final String owned = tenantId == 1 ? MINE : tenantId == 2 ? THEIRS : null;
            if (!number.equals(owned))
            {
                return null;
            }
            final Map<String, Object> invoice = new LinkedHashMap<>();
            invoice.put("number", number);
            invoice.put("tenantId", tenantId);
            invoice.put("total", "893550.00");
            return invoice;
        }

        @Override
        public List<Map<String, Object>> invoices(final int tenantId)
        {
            return List.of(find(tenantId, tenantId == 1 ? MINE : THEIRS));
        }

        @Override
        public Map<String, Object> invoice(final int tenantId, final String number)
        {
            return find(tenantId, number);
        }

        @Override
        public byte[] html(final int tenantId, final String number)
        {
            return find(tenantId, number) == null ? null :
                ("<!DOCTYPE html><h1>Invoice " + number + "</h1>").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] pdf(final int tenantId, final String number)
        {
            return find(tenantId, number) == null ? null : PDF_BYTES;
        }
    }
}
