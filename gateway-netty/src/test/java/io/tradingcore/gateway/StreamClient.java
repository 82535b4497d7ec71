package io.tradingcore.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.gateway.http.Json;

import java.net.URI;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A subscriber of the gateway's {@code /stream} over the JDK's WebSocket client, keeping every frame it gets. */
final class StreamClient implements WebSocket.Listener, AutoCloseable
{
    private final List<JsonNode> frames = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static StreamClient open(final LivePlatform platform, final String token, final Long from) throws Exception
    {
        final StreamClient client = new StreamClient();
        client.socket = platform.http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + platform.gateway.port() + "/stream"), client)
            .get(10, TimeUnit.SECONDS);
        client.socket.sendText("{\"type\":\"auth\",\"accessToken\":\"" + token + "\"}", true).join();
        client.socket.sendText("{\"type\":\"subscribe\"" + (from == null ? "" : ",\"from\":" + from) +
            ",\"quotes\":[\"EURUSD\"]}", true).join();
        return client;
    }

    @Override
    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        partial.append(data);
        if (last)
        {
            try
            {
                final JsonNode frame = Json.MAPPER.readTree(partial.toString());
                synchronized (frames)
                {
                    frames.add(frame);
                }
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException("not JSON: " + partial, ex);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    List<JsonNode> frames()
    {
        synchronized (frames)
        {
            return new ArrayList<>(frames);
        }
    }

    JsonNode await(final Predicate<JsonNode> wanted, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true)
        {
            for (final JsonNode frame : frames())
            {
                if (wanted.test(frame))
                {
                    return frame;
                }
            }
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what + "; got " + frames().size() +
                " frames");
            Thread.sleep(10);
        }
    }

    @Override
    public void close()
    {
        socket.abort();
    }
}
