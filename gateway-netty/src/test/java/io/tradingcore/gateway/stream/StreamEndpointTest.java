package io.tradingcore.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.gateway.core.Instrument;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /stream} over a real server and the JDK's WebSocket client. */
class StreamEndpointTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instrument EURUSD = new Instrument(1, "EURUSD", 5, 1, 1, 100_000_000, 1);
    private static final Instrument GBPUSD = new Instrument(2, "GBPUSD", 5, 1, 1, 100_000_000, 1);

    @Test
    void aConnectionWithoutAuthIsClosed4401() throws Exception
    {
        try (StreamServer server = new StreamServer(new StreamEndpoint.Context().authTimeoutMs(300));
            StreamClient client = StreamClient.connect(server))
        {
            final StreamClient.Closed closed = client.awaitClose(WAIT);
            assertEquals(4401, closed.code());
            assertTrue(closed.reason().contains("no auth message"), closed.reason());
            awaitTrue(() -> server.endpoint().connections() == 0);
            assertEquals(1, server.endpoint().authFailures());
        }
    }

    @Test
    void aRefusedTokenOrASubscribeBeforeAuthIsClosed4401() throws Exception
    {
        try (StreamServer server = new StreamServer(new StreamEndpoint.Context()))
        {
            try (StreamClient client = StreamClient.connect(server))
            {
                client.send("{\"type\":\"auth\",\"accessToken\":\"forged\"}");
                assertEquals(new StreamClient.Closed(4401, "the access token is not valid"), client.awaitClose(WAIT));
            }
            try (StreamClient client = StreamClient.connect(server))
            {
                client.send("{\"type\":\"subscribe\"}");
                assertEquals(4401, client.awaitClose(WAIT).code());
            }
            try (StreamClient client = StreamClient.connect(server))
            {
                client.send("{\"type\":\"auth\",\"accessToken\":\"\"}");
                assertEquals(4401, client.awaitClose(WAIT).code());
            }
            assertEquals(3, server.endpoint().authFailures());
        }
    }

    @Test
    void anExpiredTokenIsClosed4401() throws Exception
    {
        try (StreamServer server = new StreamServer(new StreamEndpoint.Context());
            StreamClient client = StreamClient.connect(server).subscribe("a-short", ""))
        {
            assertEquals(new StreamClient.Closed(4401, "token expired"), client.awaitClose(WAIT));
        }
    }

    @Test
    void malformedOrUnknownMessagesAreClosed4400() throws Exception
    {
        final String auth = "{\"type\":\"auth\",\"accessToken\":\"a-viewer\"}";
        final List<List<String>> cases = List.of(
            List.of("not json"),
            List.of("{\"type\":\"auth\",\"accessToken\":\"a-viewer\",\"admin\":true}"),
            List.of("{\"accessToken\":\"a-viewer\"}"),
            List.of("[1,2]"),
            List.of(auth, "{\"type\":\"dance\"}"),
            List.of(auth, "{\"type\":\"subscribe\",\"from\":\"5\"}"),
            List.of(auth, "{\"type\":\"subscribe\",\"from\":1.5}"),
            List.of(auth, "{\"type\":\"subscribe\",\"from\":-1}"),
            List.of(auth, "{\"type\":\"subscribe\",\"quotes\":[1]}"),
            List.of(auth, "{\"type\":\"subscribe\",\"quotes\":\"EURUSD\"}"),
            List.of(auth, "{\"type\":\"subscribe\"} {}"),
            List.of(auth, auth),
            List.of(auth, "{\"type\":\"subscribe\"}", "{\"type\":\"subscribe\",\"from\":3}"));
        try (StreamServer server = new StreamServer(new StreamEndpoint.Context()))
        {
            for (final List<String> messages : cases)
            {
                try (StreamClient client = StreamClient.connect(server))
                {
                    messages.forEach(client::send);
                    final StreamClient.Closed closed = client.awaitClose(WAIT);
                    assertEquals(4400, closed.code(), messages + ": " + closed);
                    assertFalse(closed.reason().isBlank() || closed.reason().contains("\n"), closed.reason());
                }
            }
            try (StreamClient client = StreamClient.connect(server))
            {
                client.sendBinary(new byte[] {1, 2, 3});
                assertEquals(4400, client.awaitClose(WAIT).code());
            }
            assertEquals(cases.size() + 1, server.endpoint().badMessages());
        }
    }

    @Test
    void aTenantSeesOnlyItsOwnEvents() throws Exception
    {
        try (StreamServer server = new StreamServer(new StreamEndpoint.Context());
            StreamClient a = StreamClient.connect(server).subscribe("a-viewer", "");
            StreamClient b = StreamClient.connect(server).subscribe("b-viewer", ""))
        {
            final StreamEndpoint endpoint = server.endpoint();
            awaitTrue(() -> endpoint.subscribers() == 2);
            for (int sequence = 1; sequence <= 30; sequence++)
            {
                endpoint.onEvent(sequence % 3 + 1, sequence, 0, order(sequence % 3 + 1, sequence, "x"));
            }
            endpoint.onEvent(1, 31, 0, order(1, 31, "end"));
            endpoint.onEvent(2, 31, 1, order(2, 31, "end"));
            for (final StreamClient client : List.of(a, b))
            {
                final int tenant = client == a ? 1 : 2;
                final List<Long> expected = new ArrayList<>();
                for (long sequence = 1; sequence <= 30; sequence++)
                {
                    if (sequence % 3 + 1 == tenant)
                    {
                        expected.add(sequence);
                    }
                }
                expected.add(31L);
                final List<Long> seen = new ArrayList<>();
                JsonNode event;
                do
                {
                    event = client.next("event", WAIT);
                    assertFalse(event.has("tenantId"), event.toString());
                    assertEquals("order", event.get("kind").asText());
                    assertEquals(event.get("sequence").asLong(), event.get("orderId").asLong());
                    seen.add(event.get("sequence").asLong());
                }
                while (!"end".equals(event.get("text").asText()));
                assertEquals(expected, seen);
                assertEquals(tenant == 1 ? 0 : 1, event.get("index").asInt());
            }
            assertNull(a.poll("event", Duration.ofMillis(200)));
        }
    }

    @Test
    void statusFramesComeFromTheSupplier() throws Exception
    {
        try (StreamServer server = new StreamServer(new StreamEndpoint.Context().statusIntervalMs(50));
            StreamClient client = StreamClient.connect(server).subscribe("a-viewer", ""))
        {
            for (int i = 0; i < 3; i++)
            {
                final JsonNode status = client.next("status", WAIT);
                assertEquals("core", status.get("components").get(0).get("name").asText());
                assertEquals(12, status.get("latency").get("p50Us").asInt());
            }
        }
    }

    @Test
    void aResumeAfterADisconnectHasNoGapAndNoDuplicate() throws Exception
    {
        try (StreamServer server = new StreamServer(new StreamEndpoint.Context().ringEvents(1 << 20)))
        {
            final StreamEndpoint endpoint = server.endpoint();
            final List<long[]> sent = new CopyOnWriteArrayList<>();
            final AtomicBoolean stop = new AtomicBoolean();
            final Thread producer = new Thread(() ->
            {
                long sequence = 0;
                while (!stop.get())
                {
                    sequence++;
                    // Tenant 1 has one or two events per sequence; tenant 2's come between.
                    final int events = sequence % 3 == 0 ? 2 : 1;
                    for (int index = 0; index < events; index++)
                    {
                        endpoint.onEvent(1, sequence, index, order(1, sequence, "x"));
                        sent.add(new long[] {sequence, index});
                    }
                    endpoint.onEvent(2, sequence, events, order(2, sequence, "other"));
                    if (sequence % 20 == 0)
                    {
                        pause(1);
                    }
                }
                endpoint.onEvent(1, sequence + 1, 0, order(1, sequence + 1, "end"));
                sent.add(new long[] {sequence + 1, 0});
            }, "producer");
            producer.start();
            final long resumeFrom;
            try (StreamClient first = StreamClient.connect(server).subscribe("a-viewer", "\"from\":0"))
            {
                long lastSequence;
                do
                {
                    final JsonNode event = first.next("event", WAIT);
                    lastSequence = event.get("sequence").asLong();
                }
                while (lastSequence < 300);
                first.abort();
                // As the dashboard does: the last sequence may have been cut off half way, so it is asked again.
                resumeFrom = lastSequence - 1;
            }
            final List<String> received = new ArrayList<>();
            try (StreamClient second = StreamClient.connect(server).subscribe("a-viewer", "\"from\":" + resumeFrom))
            {
                final long liveStart = sent.size();
                JsonNode event;
                do
                {
                    event = second.next("event", WAIT);
                    received.add(event.get("sequence").asLong() + "/" + event.get("index").asInt());
                    if (sent.size() > liveStart + 500)
                    {
                        stop.set(true);
                    }
                }
                while (!"end".equals(event.get("text").asText()));
            }
            finally
            {
                stop.set(true);
                producer.join();
            }
            final List<String> expected = new ArrayList<>();
            for (final long[] event : sent)
            {
                if (event[0] > resumeFrom)
                {
                    expected.add(event[0] + "/" + event[1]);
                }
            }
            assertTrue(expected.size() > 500, "events flowed during the reconnect: " + expected.size());
            assertEquals(expected, received);
        }
    }

    @Test
    void aResumePointTheRingNoLongerKeepsIsClosed4410() throws Exception
    {
        try (StreamServer server = new StreamServer(new StreamEndpoint.Context().ringEvents(16)))
        {
            final StreamEndpoint endpoint = server.endpoint();
            endpoint.onEvent(2, 1, 0, order(2, 1, "b's, dropped first"));
            for (int sequence = 2; sequence <= 40; sequence++)
            {
                endpoint.onEvent(1, sequence, 0, order(1, sequence, "x"));
            }
            try (StreamClient client = StreamClient.connect(server).subscribe("a-viewer", "\"from\":5"))
            {
                assertEquals(new StreamClient.Closed(4410, StreamConnection.RESUME_NOT_KEPT), client.awaitClose(WAIT));
            }
            assertEquals(1, endpoint.resumesRefused());
            // The ring keeps positions 24 to 39: sequences 25 to 40; nothing after 24 was dropped.
            try (StreamClient client = StreamClient.connect(server).subscribe("a-viewer", "\"from\":24"))
            {
                for (long sequence = 25; sequence <= 40; sequence++)
                {
                    assertEquals(sequence, client.next("event", WAIT).get("sequence").asLong());
                }
            }
            // Tenant 2's only event was dropped, but a resume after it needs nothing the ring lost.
            try (StreamClient client = StreamClient.connect(server).subscribe("b-viewer", "\"from\":1"))
            {
                endpoint.onEvent(2, 41, 0, order(2, 41, "b's"));
                assertEquals(41, client.next("event", WAIT).get("sequence").asLong());
            }
        }
    }

    @Test
    void aClientThatDoesNotReadIsClosed4408WithBoundedMemory() throws Exception
    {
        final int maxPending = 256 * 1024;
        try (StreamServer server = new StreamServer(
            new StreamEndpoint.Context().maxPendingBytes(maxPending).ringEvents(1024));
            StreamClient slow = StreamClient.connectNotReading(server).subscribe("a-viewer", "");
            StreamClient reader = StreamClient.connect(server).subscribe("a-viewer", ""))
        {
            final StreamEndpoint endpoint = server.endpoint();
            awaitTrue(() -> endpoint.subscribers() == 2);
            final String text = "x".repeat(1000);
            long sequence = 0;
            while (endpoint.slowConsumerDrops() == 0 && sequence < 1_000_000)
            {
                sequence++;
                endpoint.onEvent(1, sequence, 0, order(1, sequence, text));
                if (sequence % 100 == 0)
                {
                    // The reading client keeps up.
                    while (reader.next("event", WAIT).get("sequence").asLong() < sequence)
                    {
                        assertFalse(reader.isClosed());
                    }
                }
            }
            assertEquals(1, endpoint.slowConsumerDrops());
            assertTrue(endpoint.peakPendingBytes() <= maxPending, "peak " + endpoint.peakPendingBytes());
            slow.startReading();
            assertEquals(new StreamClient.Closed(4408, StreamConnection.TOO_SLOW), slow.awaitClose(WAIT));
            awaitTrue(() -> endpoint.subscribers() == 1 && endpoint.connections() == 1);
            endpoint.onEvent(1, sequence + 1, 0, order(1, sequence + 1, "after"));
            JsonNode event;
            do
            {
                event = reader.next("event", WAIT);
            }
            while (event.get("sequence").asLong() <= sequence);
            assertEquals("after", event.get("text").asText());
            awaitTrue(() -> endpoint.pendingBytes() == 0);
        }
    }

    @Test
    void quotesAreConflatedToTheLatestOfEachSubscribedSymbol() throws Exception
    {
        try (StreamServer server = new StreamServer(new StreamEndpoint.Context());
            StreamClient client = StreamClient.connect(server).subscribe("a-viewer", "\"quotes\":[\"EURUSD\"]"))
        {
            final StreamEndpoint endpoint = server.endpoint();
            awaitTrue(() -> endpoint.subscribers() == 1);
            final int ticks = 20_000;
            for (int i = 1; i <= ticks; i++)
            {
                endpoint.onQuote(EURUSD, 100_000 + i, 100_010 + i, i);
                endpoint.onQuote(GBPUSD, 120_000 + i, 120_010 + i, i);
            }
            final String lastBid = EURUSD.formatPrice(100_000 + ticks);
            int received = 0;
            long previousTime = 0;
            JsonNode quote;
            do
            {
                quote = client.next("quote", WAIT);
                received++;
                assertEquals("EURUSD", quote.get("symbol").asText());
                assertTrue(quote.get("timeMs").asLong() > previousTime, quote.toString());
                previousTime = quote.get("timeMs").asLong();
            }
            while (!lastBid.equals(quote.get("bid").asText()));
            assertEquals(EURUSD.formatPrice(100_010 + ticks), quote.get("ask").asText());
            assertTrue(received < ticks / 10, "received " + received + " of " + ticks);

            client.send("{\"type\":\"subscribe\",\"quotes\":[\"GBPUSD\"]}");
            quote = client.next("quote", WAIT);
            assertEquals("GBPUSD", quote.get("symbol").asText());
            assertEquals(GBPUSD.formatPrice(120_000 + ticks), quote.get("bid").asText());
            assertNull(client.poll("quote", Duration.ofMillis(300)), "no new tick, no new quote");
        }
    }

    @Test
    void theContextRefusesSettingsThatCannotWork()
    {
        assertThrows(IllegalStateException.class, () -> new StreamEndpoint.Context().ringEvents(0).conclude());
        assertThrows(IllegalStateException.class, () -> new StreamEndpoint.Context().maxPendingBytes(100).conclude());
        assertThrows(IllegalStateException.class, () -> new StreamEndpoint.Context().quoteIntervalMs(0).conclude());
        final StreamEndpoint.Context context = new StreamEndpoint.Context().conclude();
        assertEquals(StreamEndpoint.Context.RING_EVENTS_DEFAULT, context.ringEvents());
        assertEquals(1024 * 1024, context.maxPendingBytes());
        assertThrows(IllegalStateException.class, () -> context.ringEvents(5));
        System.setProperty(StreamEndpoint.Context.MAX_PENDING_BYTES_PROP_NAME, "2m");
        try
        {
            assertEquals(2 * 1024 * 1024, new StreamEndpoint.Context().maxPendingBytes());
        }
        finally
        {
            System.clearProperty(StreamEndpoint.Context.MAX_PENDING_BYTES_PROP_NAME);
        }
    }

    private static Map<String, Object> order(final int tenantId, final long sequence, final String text)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "order");
        json.put("tenantId", tenantId);
        json.put("timeMs", 1_700_000_000_000L);
        json.put("orderId", sequence);
        json.put("status", "new");
        json.put("text", text);
        json.put("sequence", sequence);
        return json;
    }

    private static void awaitTrue(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("not true within " + WAIT);
            }
            Thread.sleep(5);
        }
    }

    private static void pause(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
