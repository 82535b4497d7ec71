package io.tradingcore.gateway.ops;

import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.http.RequestGuard;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.pipeline.CoreCounters;
import io.tradingcore.projections.ProjectionState;
import io.tradingcore.projections.ProjectionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics} over real HTTP: the gateway's requests and the platform's counters, in the text format. */
class GatewayMetricsTest
{
    @TempDir
    Path data;

    private CoreCountersReader reader;
    private TestGateway gateway;

    @BeforeEach
    void start() throws InterruptedException
    {
        reader = new CoreCountersReader(data.resolve("aeron"));
        final GatewayMetrics metrics = new GatewayMetrics(reader, new ProjectionStatuses(data.resolve("projections")));
        gateway = new TestGateway(router ->
        {
            metrics.register(router);
            router.blocking(HttpMethod.GET, "/api/v1/orders/{clientOrderId}", null,
                request -> Response.json(Map.of("id", request.pathParameter("clientOrderId"))));
        }, RequestGuard.NONE, metrics);
    }

    @AfterEach
    void stop()
    {
        gateway.close();
        reader.close();
    }

    @Test
    void countsRequestsByMethodRouteAndStatusWithLatencyByRoute() throws Exception
    {
        assertEquals(200, gateway.get("/api/v1/orders/1").statusCode());
        assertEquals(200, gateway.get("/api/v1/orders/2").statusCode());
        assertEquals(404, gateway.get("/no/such/route").statusCode());
        final String text = scrapeUntil(
            "gateway_http_requests_total{method=\"GET\",route=\"/api/v1/orders/{clientOrderId}\",status=\"200\"} 2");
        assertTrue(text.contains(
            "gateway_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1"), text);
        assertTrue(text.contains(
            "gateway_http_request_duration_seconds_count{route=\"/api/v1/orders/{clientOrderId}\"} 2"), text);
        assertTrue(text.contains(
            "gateway_http_request_duration_seconds_bucket{route=\"/api/v1/orders/{clientOrderId}\",le=\"+Inf\"} 2"),
            text);
        assertTrue(text.contains("# TYPE gateway_http_request_duration_seconds histogram"), text);
    }

    @Test
    void readsTheCoreAndTheProjectionsWhenScraped() throws Exception
    {
        String text = scrape();
        assertTrue(text.contains("tradingcore_core_up 0"), text);
        assertFalse(text.contains("tradingcore_engine_inputs_total "), "no value while the core is down: " + text);

        try (TestCore core = new TestCore(data.resolve("aeron"));
            ProjectionStatus postgres = ProjectionStatus.create(data.resolve("projections/postgres"), "postgres"))
        {
            core.counter(CoreCounters.CORE_HEARTBEAT_TYPE_ID, "heartbeat", System.currentTimeMillis());
            core.counter(CoreCounters.INPUTS_PUBLISHED_TYPE_ID, "published", 12_345);
            core.counter(CoreCounters.RING_FILL_TYPE_ID, "ring fill", 7);
            core.counter(CoreCounters.RING_SIZE_TYPE_ID, "ring size", 65_536);
            core.counter(CoreCounters.INPUT_JOURNAL_BYTES_TYPE_ID, "input journal bytes", 1_048_576);
            core.counter(CoreCounters.OUTPUT_JOURNAL_BYTES_TYPE_ID, "output journal bytes", 2_097_152);
            core.counter(CoreCounters.BRIDGE_SESSIONS_TYPE_ID, "bridge sessions", 2);
            core.keyedCounter(CoreCounters.TICK_TO_ORDER_BUCKET_TYPE_ID, 100, "tick-to-order <= 100 us", 5);
            postgres.state(ProjectionState.LIVE);
            postgres.set(ProjectionStatus.Counter.LAG_INPUTS, 42);
            postgres.set(ProjectionStatus.Counter.HEARTBEAT_MS, System.currentTimeMillis());

            text = scrape();
            assertTrue(text.contains("tradingcore_core_up 1"), text);
            assertTrue(text.contains("# TYPE tradingcore_engine_inputs_total counter"), text);
            assertTrue(text.contains("tradingcore_engine_inputs_total 12345"), text);
            assertTrue(text.contains("tradingcore_ring_fill_entries 7"), text);
            assertTrue(text.contains("tradingcore_ring_size_entries 65536"), text);
            assertTrue(text.contains("tradingcore_journal_size_bytes{journal=\"input\"} 1048576"), text);
            assertTrue(text.contains("tradingcore_journal_size_bytes{journal=\"output\"} 2097152"), text);
            assertTrue(text.contains("tradingcore_bridge_sessions 2"), text);
            assertTrue(text.contains("tradingcore_tick_to_order_orders_total{upper_us=\"100\"} 5"), text);
            assertTrue(text.contains("tradingcore_projection_lag_inputs{projection=\"postgres\"} 42"), text);
            assertTrue(text.contains("tradingcore_projection_up{projection=\"postgres\"} 1"), text);
        }
    }

    private String scrape() throws Exception
    {
        final HttpResponse<String> answer = gateway.get("/metrics");
        assertEquals(200, answer.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", answer.headers().firstValue("Content-Type").get());
        return answer.body();
    }

    /** The observer sees a request just after its answer is written, so the scrape may have to come again. */
    private String scrapeUntil(final String line) throws Exception
    {
        String text = scrape();
        for (int i = 0; i < 100 && !text.contains(line); i++)
        {
            Thread.sleep(10);
            text = scrape();
        }
        assertTrue(text.contains(line), text);
        return text;
    }
}
