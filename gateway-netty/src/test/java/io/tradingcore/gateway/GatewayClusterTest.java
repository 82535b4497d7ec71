package io.tradingcore.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.cluster.ClusterClient;
import io.tradingcore.cluster.TestCluster;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.projections.postgres.TestDatabase;
import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The gateway in cluster mode: three members in this JVM, the reference data and some ticks sent through a cluster
 * client, the gateway's commands through its own cluster client and its view on a member that is not the leader. An
 * order through HTTP is accepted by the engine; the leader is stopped, as a crash would; a second order, sent while
 * the others elect a new leader, is accepted once the new leader takes over; the view shows both open orders.
 */
class GatewayClusterTest
{
    private static final String PASSWORD = "correct horse battery";
    private static final Path SAMPLE = Path.of("..", "samples", "EURUSD_20140508.mt5.csv.gz");
    private static final int MEMBERS = TestCluster.MEMBERS;

    @TempDir
    Path data;

    private TestCluster cluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void ordersAreAcceptedAcrossALeaderChange() throws Exception
    {
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        Gateway gateway = null;
        try (TestDatabase database = TestDatabase.create("gateway_cluster"))
        {
            final int leader = startCluster();
            final int followed = (leader + 1) % MEMBERS;
            gateway = startGateway(database, followed, 30_000, log);
            final Gateway started = gateway;
            assertTrue(started.core().clustered());
            assertEquals(leader, started.core().leaderMemberId(), "the gateway's session is with the leader");

            final String token = login(started);
            final long first = System.currentTimeMillis();
            final JsonNode accepted = placeOrder(started, token, first);
            assertEquals("accepted", accepted.get("status").asText(), accepted.toString());
            assertTrue(accepted.get("orderId").asLong() > 0, accepted.toString());

            final JsonNode health = Json.MAPPER.readTree(send(started, "GET", "/health", null, null).body());
            assertTrue(health.toString().contains("leader member " + leader), health.toString());

            // The leader goes, and the second order is sent at once: it waits in the gateway's cluster client and is
            // sent again to the new leader, which applies it once.
            cluster.stop(leader);
            final long second = first + 1;
            final CompletableFuture<JsonNode> secondAnswer = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return placeOrder(started, token, second);
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
            });
            final int newLeader = cluster.awaitLeader(leader, Duration.ofSeconds(30));
            final JsonNode secondAccepted = secondAnswer.get(60, TimeUnit.SECONDS);
            assertEquals("accepted", secondAccepted.get("status").asText(), secondAccepted.toString());
            assertEquals(second, secondAccepted.get("clientOrderId").asLong());
            assertNotEquals(accepted.get("orderId").asLong(), secondAccepted.get("orderId").asLong());
            await("the gateway hears of the new leader " + newLeader, 30, () ->
                started.core().leaderMemberId() == newLeader && started.core().commandsOpen());

            await("the view shows both orders open", 30, () ->
            {
                final String orders = get(started, token, "/api/v1/orders");
                return orders.contains("\"clientOrderId\":" + first) && orders.contains("\"clientOrderId\":" + second);
            });
            final JsonNode after = Json.MAPPER.readTree(send(started, "GET", "/health", null, null).body());
            assertTrue(after.toString().contains("leader member " + newLeader), after.toString());
            assertTrue(after.toString().contains("counters (CnC) are not read"), after.toString());
            System.out.println("GatewayClusterTest: leader " + leader + " stopped, new leader " + newLeader +
                ", view on member " + followed + ", gateway session opened " + started.core().commandSessionOpens() +
                " times; health " + after);
        }
        finally
        {
            CloseHelper.quietCloseAll(gateway, cluster);
            System.out.println("GatewayClusterTest: gateway log:\n" + log);
        }
    }

    @Test
    void anOrderUnansweredWithoutQuorumIs503AndAppliedOnceWhenTheClusterIsBack() throws Exception
    {
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        Gateway gateway = null;
        try (TestDatabase database = TestDatabase.create("gateway_cluster"))
        {
            final int leader = startCluster();
            final int followed = (leader + 1) % MEMBERS;
            final int other = (leader + 2) % MEMBERS;
            gateway = startGateway(database, followed, 2_000, log);
            final Gateway started = gateway;
            final String token = login(started);

            // Two of three members gone: no quorum, nothing is committed, the caller is answered 503.
            cluster.stop(leader);
            cluster.stop(other);
            final long id = System.currentTimeMillis();
            final HttpResponse<String> unanswered = send(started, "POST", "/api/v1/orders", token, order(id));
            assertEquals(503, unanswered.statusCode(), unanswered.body());
            assertTrue(unanswered.body().contains("stays queued"), unanswered.body());

            // A member back: a leader again, the queued command is resent and applied, once.
            cluster.launch(other);
            cluster.awaitLeader(leader, Duration.ofSeconds(30));
            await("the view shows the order the caller was answered 503 for", 60, () ->
                get(started, token, "/api/v1/orders").contains("\"clientOrderId\":" + id));
            final String orders = get(started, token, "/api/v1/orders");
            assertEquals(1, orders.split("\"clientOrderId\":" + id, -1).length - 1, orders);
            // And the session goes on: a new order is answered by the engine.
            final JsonNode next = placeOrder(started, token, id + 1);
            assertEquals("accepted", next.get("status").asText(), next.toString());
        }
        finally
        {
            CloseHelper.quietCloseAll(gateway, cluster);
            System.out.println("GatewayClusterTest: gateway log:\n" + log);
        }
    }

    /** The three members, the reference data and 500 ticks; returns the leader. */
    private int startCluster() throws Exception
    {
        cluster = TestCluster.started(data.resolve("cluster"));
        sendReferenceDataAndTicks();
        return cluster.awaitLeader(-1, Duration.ofSeconds(30));
    }

    /** The gateway in cluster mode, its view on member {@code followed}, once it reads to the end and is connected. */
    private Gateway startGateway(
        final TestDatabase database, final int followed, final long commandTimeoutMs, final ByteArrayOutputStream log)
        throws Exception
    {
        final Path config = data.resolve("gateway-test.properties");
        Files.writeString(config, "postgres.url=" + database.url() + "\n");
        final Gateway gateway = Gateway.launch(new GatewayContext().dataDirectory(data).configFile(config).port(0)
            .cluster(true).clusterBasePort(cluster.basePort()).followMember(followed)
            .commandTimeoutMs(commandTimeoutMs), new PrintStream(log, true));
        gateway.auth().users().createUser(1, "trader", PASSWORD, Role.TRADER);
        await("the gateway's view reads member " + followed + "'s journals to their end and its cluster session " +
            "opens", 30, () -> gateway.core().live() && gateway.core().commandsOpen());
        return gateway;
    }

    /** The reference data on client session 1, then 500 ticks of the sample day, all acknowledged. */
    private void sendReferenceDataAndTicks() throws Exception
    {
        final ClusterClient client = cluster.client("reference", 1);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final List<byte[]> inputs = new ArrayList<>(ReferenceData.parse(LivePlatform.CONFIG, "GatewayClusterTest")
            .inputs());
        final InputMessages messages = new InputMessages();
        try (Mt5TickReader reader = Mt5TickReader.open(SAMPLE, 5))
        {
            reader.read((time, bid, ask, last, volume, flags) ->
            {
                final int length = messages.marketTick(buffer, 0, 1, time, bid, ask, last, volume, flags);
                final byte[] tick = new byte[length];
                buffer.getBytes(0, tick);
                inputs.add(tick);
            }, 500);
        }
        for (final byte[] input : inputs)
        {
            buffer.putBytes(0, input);
            while (client.offer(buffer, 0, input.length) == ClusterClient.FULL)
            {
                client.poll();
            }
            client.poll();
        }
        await("the reference data and ticks acknowledged", 60, () ->
        {
            client.poll();
            return client.acknowledgedSequence() == client.lastSequence();
        });
    }

    private JsonNode placeOrder(final Gateway gateway, final String token, final long clientOrderId)
        throws Exception
    {
        final HttpResponse<String> answer = send(gateway, "POST", "/api/v1/orders", token, order(clientOrderId));
        assertEquals(200, answer.statusCode(), answer.body());
        return Json.MAPPER.readTree(answer.body());
    }

    private static String order(final long clientOrderId)
    {
        return "{\"clientOrderId\":" + clientOrderId + ",\"accountId\":1001,\"symbol\":\"EURUSD\",\"side\":\"buy\"," +
            "\"type\":\"limit\",\"quantity\":\"0.01\",\"price\":\"1.36000\"}";
    }

    private String login(final Gateway gateway) throws Exception
    {
        final HttpResponse<String> answer = send(gateway, "POST", "/api/v1/auth/login", null,
            "{\"tenant\":\"demo\",\"username\":\"trader\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, answer.statusCode(), answer.body());
        return Json.MAPPER.readTree(answer.body()).get("accessToken").asText();
    }

    private String get(final Gateway gateway, final String token, final String path)
    {
        try
        {
            return send(gateway, "GET", path, token, null).body();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private HttpResponse<String> send(
        final Gateway gateway, final String method, final String path, final String token, final String body)
        throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(60))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() :
                HttpRequest.BodyPublishers.ofString(body));
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null)
        {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(final String what, final int seconds, final BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
