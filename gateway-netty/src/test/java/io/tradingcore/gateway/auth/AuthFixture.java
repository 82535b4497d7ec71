package io.tradingcore.gateway.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tradingcore.projections.postgres.TestDatabase;
import io.tradingcore.gateway.http.HttpServer;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.gateway.http.RequestGuard;
import io.tradingcore.gateway.http.RequestObserver;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway with the auth routes on a free port over a database of its own, and a client to call it over real HTTP.
 * Two tenants: 1 "alpha" and 2 "beta", each with an admin, a trader and a viewer.
 */
final class AuthFixture implements AutoCloseable
{
    static final String PASSWORD = "correct horse battery";

    /** One answer: status, headers and body. */
    record Answer(int status, HttpResponse<String> raw)
    {
        Map<String, Object> json()
        {
            try
            {
                return Json.MAPPER.readValue(raw.body(), new TypeReference<Map<String, Object>>()
                {
                });
            }
            catch (final IOException ex)
            {
                throw new AssertionError("not JSON: " + raw.body(), ex);
            }
        }

        String text(final String field)
        {
            return (String)json().get(field);
        }

        String error()
        {
            return text("error");
        }
    }

    final TestDatabase testDatabase;
    final GatewayDatabase database;
    final Path dataDirectory;
    final Auth auth;
    final HttpServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    AuthFixture(final String name, final LoginLimiter.Context limits) throws Exception
    {
        testDatabase = TestDatabase.create(name);
        database = new GatewayDatabase(testDatabase.url(), null, null);
        dataDirectory = Files.createTempDirectory(name);
        auth = new Auth(database, new TokenService.Context().dataDirectory(dataDirectory), limits);
        final Router router = new Router(workers);
        auth.register(router);
        server = new HttpServer("127.0.0.1", 0, 64 * 1024, 10_000, 60_000, 1, router, auth.authenticator(),
            RequestGuard.NONE, RequestObserver.NONE, null, errors::add);
        for (final int tenant : new int[] {1, 2})
        {
            final String tenantName = tenant == 1 ? "alpha" : "beta";
            auth.users().createTenant(tenant, tenantName);
            for (final Role role : Role.values())
            {
                auth.users().createUser(tenant, role.apiName(), PASSWORD, role);
            }
        }
    }

    /** High login limits, for tests that are not about them. */
    static LoginLimiter.Context generousLimits()
    {
        return new LoginLimiter.Context().userPerMinute(1000).userBurst(1000).addressPerMinute(1000)
            .addressBurst(1000);
    }

    Answer send(final String method, final String path, final String body, final String accessToken)
        throws IOException, InterruptedException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() +
            path)).timeout(Duration.ofSeconds(10)).method(method, body == null ?
            HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null)
        {
            request.header("Content-Type", "application/json");
        }
        if (accessToken != null)
        {
            request.header("Authorization", "Bearer " + accessToken);
        }
        final HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response);
    }

    Answer post(final String path, final String body, final String accessToken) throws Exception
    {
        return send("POST", path, body, accessToken);
    }

    Answer get(final String path, final String accessToken) throws Exception
    {
        return send("GET", path, null, accessToken);
    }

    Answer login(final String tenant, final String username, final String password) throws Exception
    {
        return post("/api/v1/auth/login", Json.MAPPER.writeValueAsString(
            Map.of("tenant", tenant, "username", username, "password", password)), null);
    }

    /** Logs in and answers {accessToken, refreshToken, expiresIn}; fails the test unless it worked. */
    Map<String, Object> tokens(final String tenant, final String username) throws Exception
    {
        final Answer answer = login(tenant, username, PASSWORD);
        assertEquals(200, answer.status(), answer.raw().body());
        return answer.json();
    }

    String accessToken(final String tenant, final String username) throws Exception
    {
        return (String)tokens(tenant, username).get("accessToken");
    }

    /** A refusal: the status, a one-line {"error"} body and no stack trace. */
    static void assertRefused(final int status, final Answer answer)
    {
        assertEquals(status, answer.status(), answer.raw().body());
        final String error = answer.error();
        assertTrue(error != null && !error.isBlank(), answer.raw().body());
        assertFalse(error.contains("\n"), error);
        assertFalse(answer.raw().body().contains("Exception"), answer.raw().body());
        assertFalse(answer.raw().body().contains("\tat "), answer.raw().body());
    }

    @Override
    public void close() throws IOException, java.sql.SQLException
    {
        server.close();
        workers.shutdownNow();
        database.close();
        testDatabase.close();
        try (var files = Files.walk(dataDirectory))
        {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        assertTrue(errors.isEmpty(), "the server logged errors: " + errors);
    }
}
