package io.tradingcore.projections.business.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The two Bot API methods the notifier uses, {@code sendMessage} (HTML parse mode) and {@code getUpdates} (long
 * polling), over the JDK's HTTP client with JSON bodies. The token is part of every URL
 * ({@code <base>/bot<token>/<method>}), so no URL ever goes into an exception or a log line.
 */
public final class TelegramClient
{
    /** Telegram's own address; a test points the client at its contract server instead. */
    public static final String DEFAULT_BASE_URL = "https://api.telegram.org";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message the bot received: the update's id, the chat it came from, and its text (may be null). */
    public record Update(long updateId, long chatId, String text)
    {
    }

    private final HttpClient http;
    private final String base;
    private final String token;
    private final Duration requestTimeout;

    public TelegramClient(final String baseUrl, final String token, final Duration requestTimeout)
    {
        if (token == null || token.isBlank() || token.contains("/"))
        {
            throw new IllegalArgumentException("the bot token is missing or malformed (give TC_TELEGRAM_BOT_TOKEN or " +
                "telegram.bot.tokenFile)");
        }
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Sends {@code html} to the chat with {@code parse_mode=HTML}.
     *
     * @return the message's id in the chat
     * @throws TelegramException when Telegram refused it (not sent)
     * @throws IOException       when no answer came: see {@link #unsent(IOException)} for whether it may have been sent
     */
    public long sendMessage(final long chatId, final String html)
        throws IOException, InterruptedException, TelegramException
    {
        final ObjectNode body = JSON.createObjectNode();
        body.put("chat_id", chatId);
        body.put("text", html);
        body.put("parse_mode", "HTML");
        return call("sendMessage", body, requestTimeout).path("message_id").asLong();
    }

    /**
     * The updates from {@code offset} on, waiting up to {@code timeoutSeconds} for one (long polling). Calling with
     * an offset confirms, and makes Telegram forget, every update before it.
     */
    public List<Update> getUpdates(final long offset, final int timeoutSeconds)
        throws IOException, InterruptedException, TelegramException
    {
        final ObjectNode body = JSON.createObjectNode();
        body.put("offset", offset);
        body.put("timeout", timeoutSeconds);
        body.putArray("allowed_updates").add("message");
        final JsonNode result = call("getUpdates", body, requestTimeout.plusSeconds(timeoutSeconds));
        final List<Update> updates = new ArrayList<>();
        for (final JsonNode update : result)
        {
            final JsonNode message = update.path("message");
            updates.add(new Update(update.path("update_id").asLong(),
                message.path("chat").path("id").asLong(0),
                message.path("text").isTextual() ? message.path("text").asText() : null));
        }
        return updates;
    }

    /**
     * Whether a call that failed with {@code failure} certainly never reached Telegram (no connection was made), so
     * that sending again cannot make a duplicate. A timeout or a reset after the request went out may have been sent.
     */
    public static boolean unsent(final IOException failure)
    {
        return failure instanceof java.net.ConnectException ||
            failure instanceof java.net.http.HttpConnectTimeoutException ||
            failure instanceof java.net.UnknownHostException;
    }

    private JsonNode call(final String method, final ObjectNode body, final Duration timeout)
        throws IOException, InterruptedException, TelegramException
    {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/bot" + token + "/" + method))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .build();
        final HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        final JsonNode answer;
        try
        {
            answer = JSON.readTree(response.body());
        }
        catch (final IOException ex)
        {
            throw new TelegramException(response.statusCode() >= 400 ? response.statusCode() : 502,
                method + " answered HTTP " + response.statusCode() + " without a Bot API body", 0);
        }
        if (answer != null && answer.path("ok").asBoolean(false))
        {
            return answer.path("result");
        }
        final int code = answer == null ? response.statusCode() : answer.path("error_code").asInt(
            response.statusCode());
        final String description = answer == null ? "no body" : answer.path("description").asText("no description");
        final int retryAfter = answer == null ? 0 : answer.path("parameters").path("retry_after").asInt(0);
        throw new TelegramException(code, description, retryAfter);
    }
}
