package io.tradingcore.projections.business.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A strict stand-in for the Telegram Bot API, for the calls the notifier makes: {@code POST /bot<token>/sendMessage}
 * and {@code /bot<token>/getUpdates} with JSON bodies. It refuses what Telegram refuses, with Telegram's answers: a
 * wrong token (401 Unauthorized), an unknown method (404), a missing {@code chat_id} or {@code text} (400), a
 * {@code parse_mode} other than HTML, MarkdownV2 or Markdown (400), HTML that does not parse (unknown or unclosed tags,
 * a bare {@code <}, {@code >} or {@code &}, an unknown entity: 400 "can't parse entities"), text over 4096 characters
 * after parsing, a chat that never talked to the bot (400 "chat not found"), and more than about one message a second
 * to a chat or thirty a second in all (429 with {@code parameters.retry_after}). It is stricter than Telegram in two
 * ways that only catch client bugs: it takes JSON bodies only, and refuses parameters it does not know.
 * <p>
 * Tests program it: answers to give the next calls ({@link #failNext}), a call to hold unanswered
 * ({@link #holdSend}), messages users send the bot ({@link #userSends}); and read what it delivered
 * ({@link #delivered}) and any call that came during a {@code retry_after} it had asked for ({@link #violations}).
 */
final class TelegramContractServer implements AutoCloseable
{
    static final String TOKEN = "123456:contract-test-token_AbCdEf";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a",
        "code", "pre", "tg-spoiler", "span", "tg-emoji", "blockquote");
    private static final Set<String> SEND_FIELDS = Set.of("chat_id", "text", "parse_mode", "disable_notification",
        "link_preview_options", "protect_content", "message_thread_id", "reply_parameters", "reply_markup",
        "entities");
    private static final Set<String> UPDATE_FIELDS = Set.of("offset", "limit", "timeout", "allowed_updates");
    private static final long CHAT_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(900);
    private static final int PER_SECOND = 31;

    /** A message the server accepted. */
    record Delivered(long chatId, String html, String text)
    {
    }

    private record Failure(int status, String description, int retryAfter)
    {
    }

    private final String token;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Set<Long> chats = new HashSet<>();
    private final List<Delivered> delivered = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final Map<Long, Long> lastByChat = new HashMap<>();
    private final Deque<Long> recent = new ArrayDeque<>();
    private final List<ObjectNode> updates = new ArrayList<>();
    private long quietUntilNs = System.nanoTime();
    private long nextUpdateId = 500_000_001L;
    private long nextMessageId = 1;
    private int rateLimited;
    private int sendCalls;
    private int holdAt;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    TelegramContractServer() throws IOException
    {
        this(TOKEN);
    }

    TelegramContractServer(final String token) throws IOException
    {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl()
    {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A chat the bot may write to, as if its user had pressed Start. */
    synchronized void knownChat(final long chatId)
    {
        chats.add(chatId);
    }

    /** A user writes {@code text} to the bot from {@code chatId}: an update for getUpdates. */
    synchronized void userSends(final long chatId, final String text)
    {
        chats.add(chatId);
        final ObjectNode update = JSON.createObjectNode();
        update.put("update_id", nextUpdateId++);
        final ObjectNode message = update.putObject("message");
        message.put("message_id", nextMessageId++);
        message.putObject("from").put("id", chatId).put("is_bot", false).put("first_name", "User");
        message.putObject("chat").put("id", chatId).put("type", "private").put("first_name", "User");
        message.put("date", System.currentTimeMillis() / 1000);
        message.put("text", text);
        updates.add(update);
        notifyAll();
    }

    /** The next sendMessage calls get this answer instead (429 with {@code retryAfter}, 500, ...), in order. */
    synchronized void failNext(final int status, final String description, final int retryAfter)
    {
        failures.add(new Failure(status, description, retryAfter));
    }

    /** The {@code n}th sendMessage call (from 1) is delivered and then left unanswered until {@link #release()}. */
    synchronized void holdSend(final int n)
    {
        holdAt = n;
    }

    boolean awaitHeld(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return held.await(timeout, unit);
    }

    void release()
    {
        release.countDown();
    }

    synchronized List<Delivered> delivered()
    {
        return List.copyOf(delivered);
    }

    synchronized List<String> violations()
    {
        return List.copyOf(violations);
    }

    /** 429s the server gave because the client sent too fast (not the programmed ones). */
    synchronized int rateLimited()
    {
        return rateLimited;
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String path = exchange.getRequestURI().getPath();
            final String prefix = "/bot" + token + "/";
            if (!path.startsWith("/bot") || !path.startsWith(prefix))
            {
                final boolean botPath = path.startsWith("/bot") && path.indexOf('/', 4) > 0;
                answer(exchange, botPath ? 401 : 404, error(botPath ? 401 : 404, botPath ? "Unauthorized" :
                    "Not Found", 0));
                return;
            }
            final String method = path.substring(prefix.length());
            if (!"POST".equals(exchange.getRequestMethod()))
            {
                answer(exchange, 400, error(400, "Bad Request: this stand-in takes POST only", 0));
                return;
            }
            final String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.startsWith("application/json"))
            {
                answer(exchange, 400, error(400, "Bad Request: this stand-in takes application/json bodies only", 0));
                return;
            }
            final JsonNode body;
            try
            {
                body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            }
            catch (final IOException ex)
            {
                answer(exchange, 400, error(400, "Bad Request: can't parse JSON object", 0));
                return;
            }
            if (body == null || !body.isObject())
            {
                answer(exchange, 400, error(400, "Bad Request: can't parse JSON object", 0));
                return;
            }
            switch (method)
            {
                case "sendMessage" -> sendMessage(exchange, body);
                case "getUpdates" -> getUpdates(exchange, body);
                default -> answer(exchange, 404, error(404, "Not Found", 0));
            }
        }
    }

    private void sendMessage(final HttpExchange exchange, final JsonNode body) throws IOException
    {
        final String unknown = unknownField(body, SEND_FIELDS);
        if (unknown != null)
        {
            answer(exchange, 400, error(400, "Bad Request: unexpected parameter " + unknown, 0));
            return;
        }
        final JsonNode chat = body.get("chat_id");
        if (chat == null || chat.isNull() || chat.isTextual() && chat.asText().isEmpty())
        {
            answer(exchange, 400, error(400, "Bad Request: chat_id is empty", 0));
            return;
        }
        if (!chat.isIntegralNumber() && !(chat.isTextual() && chat.asText().matches("-?\\d+|@\\w+")))
        {
            answer(exchange, 400, error(400, "Bad Request: chat not found", 0));
            return;
        }
        final JsonNode text = body.get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank())
        {
            answer(exchange, 400, error(400, "Bad Request: message text is empty", 0));
            return;
        }
        final JsonNode parseMode = body.get("parse_mode");
        String plain = text.asText();
        if (parseMode != null)
        {
            if (!parseMode.isTextual() || !Set.of("HTML", "MarkdownV2", "Markdown").contains(parseMode.asText()))
            {
                answer(exchange, 400, error(400, "Bad Request: unsupported parse_mode", 0));
                return;
            }
            if ("HTML".equals(parseMode.asText()))
            {
                try
                {
                    plain = TelegramHtmlParser.plainText(text.asText());
                }
                catch (final IllegalArgumentException ex)
                {
                    answer(exchange, 400, error(400, "Bad Request: can't parse entities: " + ex.getMessage(), 0));
                    return;
                }
            }
        }
        if (plain.length() > 4096)
        {
            answer(exchange, 400, error(400, "Bad Request: message is too long", 0));
            return;
        }
        final long chatId = chat.isIntegralNumber() ? chat.asLong() : parseChat(chat.asText());
        final boolean hold;
        final ObjectNode result;
        synchronized (this)
        {
            sendCalls++;
            final long now = System.nanoTime();
            if (now - quietUntilNs < 0)
            {
                violations.add("sendMessage to " + chatId + " " + TimeUnit.NANOSECONDS.toMillis(quietUntilNs - now) +
                    " ms before the retry_after asked for was over");
                answer(exchange, 429, error(429, "Too Many Requests: retry after 1", 1));
                return;
            }
            final Failure failure = failures.poll();
            if (failure != null)
            {
                if (failure.retryAfter() > 0)
                {
                    quietUntil(now, failure.retryAfter());
                }
                answer(exchange, failure.status(), error(failure.status(), failure.description(),
                    failure.retryAfter()));
                return;
            }
            if (!chats.contains(chatId))
            {
                answer(exchange, 400, error(400, "Bad Request: chat not found", 0));
                return;
            }
            final Long last = lastByChat.get(chatId);
            pruneRecent(now);
            if (last != null && now - last < CHAT_INTERVAL_NS || recent.size() >= PER_SECOND)
            {
                rateLimited++;
                quietUntil(now, 1);
                answer(exchange, 429, error(429, "Too Many Requests: retry after 1", 1));
                return;
            }
            lastByChat.put(chatId, now);
            recent.add(now);
            delivered.add(new Delivered(chatId, text.asText(), plain));
            result = JSON.createObjectNode();
            result.put("message_id", nextMessageId++);
            result.putObject("from").put("id", 123456).put("is_bot", true).put("first_name", "Trading Core")
                .put("username", "tradingcore_test_bot");
            result.putObject("chat").put("id", chatId).put("type", "private");
            result.put("date", System.currentTimeMillis() / 1000);
            result.put("text", plain);
            hold = sendCalls == holdAt;
        }
        if (hold)
        {
            held.countDown();
            try
            {
                release.await(60, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        final ObjectNode ok = JSON.createObjectNode().put("ok", true);
        ok.set("result", result);
        answer(exchange, 200, ok);
    }

    private void quietUntil(final long now, final int retryAfterSeconds)
    {
        // A little slack for the trip back to the client: a client that waits retry_after from receiving the answer
        // is never early by more than that.
        quietUntilNs = now + TimeUnit.SECONDS.toNanos(retryAfterSeconds) - TimeUnit.MILLISECONDS.toNanos(50);
    }

    private void pruneRecent(final long now)
    {
        final Iterator<Long> times = recent.iterator();
        while (times.hasNext() && now - times.next() >= TimeUnit.SECONDS.toNanos(1))
        {
            times.remove();
        }
    }

    private void getUpdates(final HttpExchange exchange, final JsonNode body) throws IOException
    {
        final String unknown = unknownField(body, UPDATE_FIELDS);
        if (unknown != null)
        {
            answer(exchange, 400, error(400, "Bad Request: unexpected parameter " + unknown, 0));
            return;
        }
        for (final String field : List.of("offset", "limit", "timeout"))
        {
            if (body.has(field) && !body.get(field).isIntegralNumber())
            {
                answer(exchange, 400, error(400, "Bad Request: field \"" + field + "\" must be of type Integer", 0));
                return;
            }
        }
        final long offset = body.path("offset").asLong(0);
        final int limit = body.path("limit").asInt(100);
        final int timeout = body.path("timeout").asInt(0);
        if (limit < 1 || limit > 100 || timeout < 0)
        {
            answer(exchange, 400, error(400, "Bad Request: wrong limit or timeout", 0));
            return;
        }
        final ArrayNode result = JSON.createArrayNode();
        synchronized (this)
        {
            if (offset > 0)
            {
                // An offset confirms every update before it: Telegram forgets them.
                updates.removeIf(update -> update.get("update_id").asLong() < offset);
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
            while (updates.isEmpty() && deadline - System.nanoTime() > 0)
            {
                try
                {
                    TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (final ObjectNode update : updates)
            {
                if (result.size() < limit)
                {
                    result.add(update);
                }
            }
        }
        final ObjectNode ok = JSON.createObjectNode().put("ok", true);
        ok.set("result", result);
        answer(exchange, 200, ok);
    }

    private static long parseChat(final String chat)
    {
        return chat.startsWith("@") ? -1 : Long.parseLong(chat);
    }

    private static String unknownField(final JsonNode body, final Set<String> known)
    {
        final Iterator<String> names = body.fieldNames();
        while (names.hasNext())
        {
            final String name = names.next();
            if (!known.contains(name))
            {
                return name;
            }
        }
        return null;
    }

    private static ObjectNode error(final int code, final String description, final int retryAfter)
    {
        final ObjectNode error = JSON.createObjectNode().put("ok", false).put("error_code", code)
            .put("description", description);
        if (retryAfter > 0)
        {
            error.putObject("parameters").put("retry_after", retryAfter);
        }
        return error;
    }

    private static void answer(final HttpExchange exchange, final int status, final JsonNode body) throws IOException
    {
        final byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }

    @Override
    public void close()
    {
        release();
        server.stop(0);
        executor.shutdownNow();
    }

    /** Telegram's HTML parse mode, as far as the check needs it: the tags it knows, entities, nesting. */
    static final class TelegramHtmlParser
    {
        private TelegramHtmlParser()
        {
        }

        /** The message's text without its markup. @throws IllegalArgumentException saying why Telegram refuses it */
        static String plainText(final String html)
        {
            final StringBuilder plain = new StringBuilder();
            final Deque<String> open = new ArrayDeque<>();
            int i = 0;
            while (i < html.length())
            {
                final char c = html.charAt(i);
                if (c == '<')
                {
                    final int end = html.indexOf('>', i);
                    if (end < 0)
                    {
                        throw new IllegalArgumentException("Unclosed start tag at byte offset " + i);
                    }
                    final String tag = html.substring(i + 1, end);
                    if (tag.startsWith("/"))
                    {
                        final String name = tag.substring(1).strip();
                        if (open.isEmpty() || !open.peek().equals(name))
                        {
                            throw new IllegalArgumentException("Unmatched end tag at byte offset " + i +
                                ", expected \"</" + open.peek() + ">\", found \"</" + name + ">\"");
                        }
                        open.pop();
                    }
                    else
                    {
                        final String name = tag.split("[\\s]", 2)[0];
                        if (!TAGS.contains(name))
                        {
                            throw new IllegalArgumentException("Unsupported start tag \"" + name + "\" at byte " +
                                "offset " + i);
                        }
                        final String attributes = tag.substring(name.length()).strip();
                        if (!attributes.isEmpty() &&
                            !attributes.matches("[a-z-]+=\"[^\"<>]*\"(\\s+[a-z-]+=\"[^\"<>]*\")*"))
                        {
                            throw new IllegalArgumentException("Expected equal sign or end of tag at byte offset " +
                                i);
                        }
                        entities(attributes.replaceAll("[a-z-]+=\"|\"", ""), i);
                        open.push(name);
                    }
                    i = end + 1;
                }
                else if (c == '>')
                {
                    throw new IllegalArgumentException("Unexpected end tag at byte offset " + i);
                }
                else if (c == '&')
                {
                    final int semicolon = html.indexOf(';', i);
                    if (semicolon < 0)
                    {
                        throw new IllegalArgumentException("Character entity expected at byte offset " + i);
                    }
                    plain.append(entity(html.substring(i + 1, semicolon), i));
                    i = semicolon + 1;
                }
                else
                {
                    plain.append(c);
                    i++;
                }
            }
            if (!open.isEmpty())
            {
                throw new IllegalArgumentException("Can't find end tag corresponding to start tag \"" + open.peek() +
                    "\"");
            }
            return plain.toString();
        }

        private static void entities(final String value, final int offset)
        {
            int i = value.indexOf('&');
            while (i >= 0)
            {
                final int semicolon = value.indexOf(';', i);
                if (semicolon < 0)
                {
                    throw new IllegalArgumentException("Character entity expected at byte offset " + offset);
                }
                entity(value.substring(i + 1, semicolon), offset);
                i = value.indexOf('&', semicolon);
            }
        }

        private static String entity(final String name, final int offset)
        {
            switch (name)
            {
                case "lt":
                    return "<";
                case "gt":
                    return ">";
                case "amp":
                    return "&";
                case "quot":
                    return "\"";
                default:
                    if (name.matches("#[0-9]{1,7}"))
                    {
                        return new String(Character.toChars(Integer.parseInt(name.substring(1))));
                    }
                    if (name.matches("#x[0-9a-fA-F]{1,6}"))
                    {
                        return new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
                    }
                    throw new IllegalArgumentException("Unsupported entity \"&" + name + ";\" at byte offset " +
                        offset);
            }
        }
    }
}
