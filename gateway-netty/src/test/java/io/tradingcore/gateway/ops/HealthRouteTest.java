package io.tradingcore.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.aeron.Counter;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.gateway.http.RequestGuard;
import io.tradingcore.gateway.http.RequestObserver;
import io.tradingcore.pipeline.CoreCounters;
import io.tradingcore.projections.ProjectionState;
import io.tradingcore.projections.ProjectionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /health} over real HTTP, from counters in a real Aeron CnC file and real projection counters files. */
class HealthRouteTest
{
    private static final long NOW_MS = 1_700_000_000_000L;

    @TempDir
    Path data;

    private final AtomicLong clockMs = new AtomicLong(NOW_MS);
    private CoreCountersReader reader;
    private TestGateway gateway;

    @BeforeEach
    void start() throws InterruptedException
    {
        reader = new CoreCountersReader(data.resolve("aeron"));
        final PlatformHealth health = new PlatformHealth(
            reader, new ProjectionStatuses(data.resolve("projections")), clockMs::get);
        gateway = new TestGateway(router -> new HealthRoute(health).register(router), RequestGuard.NONE,
            RequestObserver.NONE);
    }

    @AfterEach
    void stop()
    {
        gateway.close();
        reader.close();
    }

    @Test
    void theCoreDownIsTheWholeDown() throws Exception
    {
        final HttpResponse<String> answer = gateway.get("/health");
        assertEquals(503, answer.statusCode());
        final JsonNode health = Json.MAPPER.readTree(answer.body());
        assertEquals("down", health.get("status").asText());
        final JsonNode core = component(health, "core");
        assertEquals("down", core.get("status").asText());
        assertTrue(core.get("detail").asText().contains("no Aeron CnC file"), core.toString());
        assertFalse(core.has("lag"), "absent fields are left out, not null");
        assertEquals("down", component(health, "bridge").get("status").asText());
    }

    @Test
    void coreBridgeAndProjectionsUpAreOkThenEachProblemShows() throws Exception
    {
        try (TestCore core = new TestCore(data.resolve("aeron"));
            ProjectionStatus postgres = ProjectionStatus.create(data.resolve("projections/postgres"), "postgres"))
        {
            final Counter heartbeat = core.counter(CoreCounters.CORE_HEARTBEAT_TYPE_ID, "core heartbeat", NOW_MS - 100);
            core.counter(CoreCounters.INPUTS_JOURNALED_TYPE_ID, "journaled", 1_010);
            core.counter(CoreCounters.INPUTS_PUBLISHED_TYPE_ID, "published", 1_000);
            core.counter(CoreCounters.BRIDGE_HEARTBEAT_TYPE_ID, "bridge heartbeat", NOW_MS - 200);
            final Counter sessions = core.counter(CoreCounters.BRIDGE_SESSIONS_TYPE_ID, "bridge sessions", 2);
            postgres.state(ProjectionState.LIVE);
            postgres.set(ProjectionStatus.Counter.LAG_INPUTS, 3);
            postgres.set(ProjectionStatus.Counter.HEARTBEAT_MS, NOW_MS - 500);

            HttpResponse<String> answer = gateway.get("/health");
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode health = Json.MAPPER.readTree(answer.body());
            assertEquals("ok", health.get("status").asText(), answer.body());
            final JsonNode coreHealth = component(health, "core");
            assertEquals(10, coreHealth.get("lag").asLong(), "journaled but not yet published");
            assertEquals(NOW_MS - 100, coreHealth.get("lastSeenMs").asLong());
            assertEquals("2 terminals connected", component(health, "bridge").get("detail").asText());
            final JsonNode projection = component(health, "projection:postgres");
            assertEquals("ok", projection.get("status").asText());
            assertEquals(3, projection.get("lag").asLong());
            assertEquals(NOW_MS - 500, projection.get("lastSeenMs").asLong());
            assertEquals("live", projection.get("detail").asText());

            postgres.state(ProjectionState.CATCHING_UP);
            sessions.set(0);
            answer = gateway.get("/health");
            assertEquals(200, answer.statusCode());
            health = Json.MAPPER.readTree(answer.body());
            assertEquals("degraded", health.get("status").asText());
            assertEquals("degraded", component(health, "projection:postgres").get("status").asText());
            assertEquals("degraded", component(health, "bridge").get("status").asText());

            clockMs.addAndGet(5_000);
            answer = gateway.get("/health");
            assertEquals(503, answer.statusCode(), "every heartbeat 5 s old: the core has stopped");
            health = Json.MAPPER.readTree(answer.body());
            assertEquals("down", health.get("status").asText());
            assertEquals("no heartbeat for 5 s", component(health, "core").get("detail").asText());
            assertEquals("down", component(health, "projection:postgres").get("status").asText());

            heartbeat.set(clockMs.get());
            assertEquals(200, gateway.get("/health").statusCode(), "the core beats again");
        }
    }

    private static JsonNode component(final JsonNode health, final String name)
    {
        for (final JsonNode component : health.get("components"))
        {
            if (component.get("name").asText().equals(name))
            {
                return component;
            }
        }
        throw new AssertionError("no component " + name + " in " + health);
    }
}
