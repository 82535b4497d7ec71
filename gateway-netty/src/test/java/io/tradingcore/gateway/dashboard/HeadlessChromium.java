package io.tradingcore.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol: one page, navigated, evaluated and photographed by
 * tests. The browser runs with its own temporary profile and picks its own debugging port, which it writes to
 * {@code DevToolsActivePort} in the profile; the harness talks to it over one WebSocket (the JDK's), with the page
 * attached as a flattened session. What the page logs (console errors, CSP violations, uncaught exceptions) is kept
 * in {@link #problems()} so that a failing test can say why.
 *
 * <pre>{@code
 * try (HeadlessChromium browser = HeadlessChromium.start())
 * {
 *     browser.navigate("http://127.0.0.1:" + port + "/");
 *     browser.waitFor("document.querySelector('#positions tr[data-key=\"1:EURUSD\"]') !== null",
 *         Duration.ofSeconds(5));
 *     browser.screenshot(HeadlessChromium.screenshotFolder().resolve("positions.png"));
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable
{
    /** The browser, from Debian's {@code chromium} package. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MS = 20;
    private static final int MAX_PROBLEMS = 200;

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<EventWaiter> waiters = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final String sessionId;

    private record EventWaiter(String method, Predicate<JsonNode> accept, CompletableFuture<JsonNode> future)
    {
    }

    private HeadlessChromium(final Path profile) throws IOException, InterruptedException
    {
        this.profile = profile;
        final Path log = profile.resolve("chromium.log");
        this.process = new ProcessBuilder(CHROMIUM.toString(),
            "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
            "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
            "--hide-scrollbars", "--window-size=1280,900", "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        try
        {
            final URI browserEndpoint = awaitEndpoint(log);
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(START_TIMEOUT)
                .buildAsync(browserEndpoint, new Listener())
                .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            final String targetId = browserCommand("Target.createTarget", Map.of("url", "about:blank"))
                .path("targetId").asText();
            this.sessionId = browserCommand("Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
                .path("sessionId").asText();
            command("Page.enable", Map.of());
            command("Runtime.enable", Map.of());
            command("Log.enable", Map.of());
        }
        catch (final ExecutionException | TimeoutException | RuntimeException ex)
        {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not start: " + ex + "\n" + tail(log), ex);
        }
    }

    /** Starts a headless browser with a fresh temporary profile; {@link #close()} stops it and deletes the profile. */
    public static HeadlessChromium start()
    {
        try
        {
            return new HeadlessChromium(Files.createTempDirectory("chromium-profile-"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Where tests keep their screenshots: {@code target/screenshots/} of the module. */
    public static Path screenshotFolder()
    {
        return Path.of("target", "screenshots");
    }

    /** Opens the URL in the page and waits for its load event. */
    public void navigate(final String url)
    {
        final CompletableFuture<JsonNode> loaded = awaitEvent("Page.loadEventFired", event -> true);
        final JsonNode answer = command("Page.navigate", Map.of("url", url));
        if (answer.hasNonNull("errorText"))
        {
            waiters.removeIf(waiter -> waiter.future() == loaded);
            throw new IllegalStateException("cannot open " + url + ": " + answer.get("errorText").asText());
        }
        await(loaded, COMMAND_TIMEOUT, "the load event of " + url);
    }

    /**
     * Evaluates an expression in the page (awaiting it if it is a promise).
     *
     * @return a string result as it is; any other value as its JSON text ({@code null} for undefined).
     * @throws IllegalStateException when the expression throws.
     */
    public String evaluate(final String expression)
    {
        final JsonNode value = evaluateJson(expression);
        if (value == null)
        {
            return null;
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** Evaluates an expression in the page and answers its value as JSON; {@code null} for undefined. */
    public JsonNode evaluateJson(final String expression)
    {
        final JsonNode answer = command("Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (answer.has("exceptionDetails"))
        {
            final JsonNode details = answer.get("exceptionDetails");
            final String message = details.path("exception").path("description").asText(details.path("text").asText());
            throw new IllegalStateException("the page threw evaluating `" + expression + "`: " + message);
        }
        final JsonNode result = answer.path("result");
        return result.has("value") ? result.get("value") : null;
    }

    /**
     * Waits until a JavaScript condition holds in the page.
     *
     * @throws IllegalStateException when it does not within the timeout, with the page's last problems.
     */
    public void waitFor(final String condition, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = null;
        while (true)
        {
            try
            {
                final JsonNode value = evaluateJson("Boolean(" + condition + ")");
                if (value != null && value.asBoolean())
                {
                    return;
                }
                lastError = null;
            }
            catch (final IllegalStateException ex)
            {
                lastError = ex.getMessage();
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("not true within " + timeout + ": " + condition +
                    (lastError == null ? "" : "\nlast error: " + lastError) + "\npage problems: " + problems());
            }
            sleep(POLL_MS);
        }
    }

    /** Saves a PNG of the whole page (beyond the viewport) to the file, creating its folder. */
    public Path screenshot(final Path file)
    {
        final JsonNode answer = command("Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true));
        try
        {
            final Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.write(file, Base64.getDecoder().decode(answer.path("data").asText()));
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Emulates a screen: {@code mobile} true for a phone (touch, narrow viewport honoured as on a device). */
    public void viewport(final int width, final int height, final boolean mobile)
    {
        command("Emulation.setDeviceMetricsOverride", Map.of(
            "width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** What the page reported: console errors and warnings, log entries (CSP violations), uncaught exceptions. */
    public List<String> problems()
    {
        return List.copyOf(problems);
    }

    /** Sends a DevTools command to the page and answers its result. */
    public JsonNode command(final String method, final Map<String, Object> parameters)
    {
        return send(method, parameters, sessionId);
    }

    @Override
    public void close()
    {
        try
        {
            if (socket != null && !socket.isOutputClosed())
            {
                send("Browser.close", Map.of(), null);
            }
        }
        catch (final RuntimeException ignored)
        {
            // The browser may be gone already; the process is stopped below either way.
        }
        try
        {
            if (!process.waitFor(5, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (socket != null)
        {
            socket.abort();
        }
        deleteTree(profile);
    }

    private JsonNode browserCommand(final String method, final Map<String, Object> parameters)
    {
        return send(method, parameters, null);
    }

    private JsonNode send(final String method, final Map<String, Object> parameters, final String session)
    {
        final int id = ids.incrementAndGet();
        final ObjectNode message = json.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", json.valueToTree(parameters));
        if (session != null)
        {
            message.put("sessionId", session);
        }
        final CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (socket)
        {
            // The JDK's WebSocket takes one send at a time.
            await(socket.sendText(message.toString(), true), COMMAND_TIMEOUT, "sending " + method);
        }
        final JsonNode reply = await(answer, COMMAND_TIMEOUT, method);
        if (reply.has("error"))
        {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    private CompletableFuture<JsonNode> awaitEvent(final String method, final Predicate<JsonNode> accept)
    {
        final CompletableFuture<JsonNode> future = new CompletableFuture<>();
        waiters.add(new EventWaiter(method, accept, future));
        return future;
    }

    private void onMessage(final String text)
    {
        final JsonNode message;
        try
        {
            message = json.readTree(text);
        }
        catch (final IOException ex)
        {
            return;
        }
        if (message.has("id"))
        {
            final CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
            if (answer != null)
            {
                answer.complete(message);
            }
            return;
        }
        final String method = message.path("method").asText();
        final JsonNode params = message.path("params");
        noteProblem(method, params);
        for (final EventWaiter waiter : waiters)
        {
            if (waiter.method().equals(method) && waiter.accept().test(params))
            {
                waiters.remove(waiter);
                waiter.future().complete(params);
            }
        }
    }

    private void noteProblem(final String method, final JsonNode params)
    {
        String problem = null;
        if ("Runtime.exceptionThrown".equals(method))
        {
            final JsonNode details = params.path("exceptionDetails");
            problem = "exception: " +
                details.path("exception").path("description").asText(details.path("text").asText());
        }
        else if ("Runtime.consoleAPICalled".equals(method))
        {
            final String type = params.path("type").asText();
            if ("error".equals(type) || "warning".equals(type) || "assert".equals(type))
            {
                final List<String> args = new ArrayList<>();
                params.path("args").forEach(
                    arg -> args.add(arg.path("value").asText(arg.path("description").asText())));
                problem = "console." + type + ": " + String.join(" ", args);
            }
        }
        else if ("Log.entryAdded".equals(method))
        {
            final JsonNode entry = params.path("entry");
            final String level = entry.path("level").asText();
            if ("error".equals(level) || "warning".equals(level))
            {
                problem = "log " + entry.path("source").asText() + " " + level + ": " + entry.path("text").asText() +
                    (entry.has("url") ? " (" + entry.path("url").asText() + ")" : "");
            }
        }
        if (problem != null && problems.size() < MAX_PROBLEMS)
        {
            problems.add(problem);
        }
    }

    private final class Listener implements WebSocket.Listener
    {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                final String text = partial.toString();
                partial.setLength(0);
                onMessage(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
        {
            failPending(new IllegalStateException("the browser closed the DevTools connection: " + statusCode));
            return null;
        }

        @Override
        public void onError(final WebSocket webSocket, final Throwable error)
        {
            failPending(error);
        }
    }

    private void failPending(final Throwable cause)
    {
        pending.values().forEach(future -> future.completeExceptionally(cause));
        pending.clear();
        waiters.forEach(waiter -> waiter.future().completeExceptionally(cause));
        waiters.clear();
    }

    private URI awaitEndpoint(final Path log) throws IOException, InterruptedException
    {
        final Path activePort = profile.resolve("DevToolsActivePort");
        final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0)
        {
            if (Files.exists(activePort))
            {
                final List<String> lines = Files.readAllLines(activePort);
                if (lines.size() >= 2 && !lines.get(0).isBlank() && !lines.get(1).isBlank())
                {
                    return URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
                }
            }
            if (!process.isAlive())
            {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + "\n" + tail(log));
            }
            Thread.sleep(POLL_MS);
        }
        throw new IllegalStateException("Chromium wrote no DevToolsActivePort within " + START_TIMEOUT + "\n" +
            tail(log));
    }

    private static <T> T await(final CompletableFuture<T> future, final Duration timeout, final String what)
    {
        try
        {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, ex);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException("failed waiting for " + what + ": " + ex.getCause(), ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalStateException("no answer within " + timeout + " to " + what, ex);
        }
    }

    private static String tail(final Path log)
    {
        try
        {
            final List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex + ")";
        }
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void deleteTree(final Path root)
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException | UncheckedIOException ignored)
        {
            // A temporary folder left behind is harmless; the test's result is what matters.
        }
    }
}
