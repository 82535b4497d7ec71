package io.tradingcore.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.gateway.http.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's WebSocket client on {@code /stream}. A reading client asks for every message; a client made with
 * {@code reading = false} asks for none (the JDK then stops reading its socket) until {@link #startReading()}.
 */
final class StreamClient implements WebSocket.Listener, AutoCloseable
{
    /** How a connection ended: the close code and reason, or -1 and the error. */
    record Closed(int code, String reason)
    {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final boolean reading;
    private final WebSocket socket;

    private StreamClient(final int port, final boolean reading)
    {
        this.reading = reading;
        this.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/stream"), this)
            .orTimeout(10, TimeUnit.SECONDS).join();
    }

    static StreamClient connect(final StreamServer server)
    {
        return new StreamClient(server.port(), true);
    }

    static StreamClient connectNotReading(final StreamServer server)
    {
        return new StreamClient(server.port(), false);
    }

    @Override
    public void onOpen(final WebSocket webSocket)
    {
        if (reading)
        {
            webSocket.request(Long.MAX_VALUE);
        }
    }

    @Override
    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        partial.append(data);
        if (last)
        {
            final String text = partial.toString();
            partial.setLength(0);
            try
            {
                messages.add(Json.MAPPER.readTree(text));
            }
            catch (final IOException ex)
            {
                closed.complete(new Closed(-1, "not JSON: " + text));
            }
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
    {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(final WebSocket webSocket, final Throwable error)
    {
        closed.complete(new Closed(-1, String.valueOf(error)));
    }

    StreamClient send(final String text)
    {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    StreamClient sendBinary(final byte[] bytes)
    {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    /** Sends auth and subscribe; {@code subscribeFields} is what follows {@code "type":"subscribe"}. */
    StreamClient subscribe(final String token, final String subscribeFields)
    {
        send("{\"type\":\"auth\",\"accessToken\":\"" + token + "\"}");
        return send("{\"type\":\"subscribe\"" + (subscribeFields.isEmpty() ? "" : "," + subscribeFields) + "}");
    }

    /** The next message of the type, skipping others, waiting at most the timeout. */
    JsonNode next(final String type, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final JsonNode message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null)
            {
                throw new AssertionError("no " + type + " message within " + timeout + "; closed: " +
                    closed.getNow(null));
            }
            if (type.equals(message.path("type").asText()))
            {
                return message;
            }
        }
    }

    /** A message of the type if one is waiting or comes within the time, else null. */
    JsonNode poll(final String type, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final JsonNode message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null || type.equals(message.path("type").asText()))
            {
                return message;
            }
        }
    }

    Closed awaitClose(final Duration timeout)
    {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    boolean isClosed()
    {
        return closed.isDone();
    }

    void startReading()
    {
        socket.request(Long.MAX_VALUE);
    }

    /** Drops the connection without a close handshake, as a lost network would. */
    void abort()
    {
        socket.abort();
    }

    @Override
    public void close()
    {
        socket.abort();
    }
}
