package io.tradingcore.gateway;

import io.tradingcore.config.ReferenceData;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.pipeline.TradingCore;
import io.tradingcore.projections.postgres.TestDatabase;
import io.tradingcore.venue.VenueConnection;
import io.tradingcore.venue.VenueSettings;
import org.agrona.ExpandableArrayBuffer;

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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live platform for the gateway's end-to-end tests: a real core on the wall clock with a simulated venue that
 * fills orders, two tenants (1 "demo" with account 1001, 2 "acme" with account 2001), real EURUSD ticks fed in the
 * background so the market stays fresh, a real PostgreSQL database, and the gateway on a free port with three users
 * per tenant: admin, trader and viewer.
 */
final class LivePlatform implements AutoCloseable
{
    static final String PASSWORD = "correct horse battery";
    static final String CONFIG = String.join("\n",
        "tenant 1 name=demo",
        "tenant 2 name=acme",
        "account 1001 tenant=1 currency=USD balance=100000.00 leverage=100",
        "account 2001 tenant=2 currency=USD balance=50000.00 leverage=100",
        "instrument 1 EURUSD digits=5 contract=100000 tick=0.00001 volume-min=0.01 volume-max=100 volume-step=0.01 " +
            "currency=USD",
        "limits account=1001 tenant=1 max-order=5 max-position=10 max-exposure=5000000 max-open-orders=100 " +
            "max-orders-per-second=5000 price-band-bps=300 stale-ms=600000 daily-loss=5000",
        "limits account=2001 tenant=2 max-order=5 max-position=10 max-exposure=5000000 max-open-orders=100 " +
            "max-orders-per-second=5000 price-band-bps=300 stale-ms=600000 daily-loss=5000",
        "engine account-state-interval-ms=100", "");
    private static final Path SAMPLE = Path.of("..", "samples", "EURUSD_20140508.mt5.csv.gz");

    final Path data;
    final TestDatabase database;
    TradingCore core;
    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final Thread ticks;
    private final List<long[]> quotes;
    private volatile boolean running = true;

    LivePlatform(final Path data) throws Exception
    {
        this(data, GatewayContext.COMMAND_TIMEOUT_MS_DEFAULT);
    }

    LivePlatform(final Path data, final long commandTimeoutMs) throws Exception
    {
        this.data = data;
        database = TestDatabase.create("gateway_e2e");
        quotes = readTicks(2_000);
        startCore();
        feed(quotes.subList(0, 500));
        ticks = new Thread(this::keepFeeding, "test-ticks");
        ticks.setDaemon(true);
        ticks.start();
        final Path config = data.resolve("gateway-test.properties");
        Files.writeString(config, "postgres.url=" + database.url() + "\n");
        gateway = Gateway.launch(new GatewayContext().dataDirectory(data).configFile(config).port(0)
            .commandTimeoutMs(commandTimeoutMs), new PrintStream(log, true));
        for (final String tenant : List.of("demo", "acme"))
        {
            final int tenantId = tenant.equals("demo") ? 1 : 2;
            for (final Role role : Role.values())
            {
                if (!(tenant.equals("demo") && role == Role.ADMIN && userExists(tenantId, "admin")))
                {
                    gateway.auth().users().createUser(tenantId, role.apiName(), PASSWORD, role);
                }
            }
        }
        // A name only the demo tenant has, for the test that another tenant's admin cannot reach it.
        gateway.auth().users().createUser(1, "demo-only", PASSWORD, Role.VIEWER);
        awaitLive();
    }

    private void startCore()
    {
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        final TradingCore started = TradingCore.open(new TradingCore.Context()
            .dataDirectory(data)
            .snapshotInterval(0)
            .referenceData(ReferenceData.parse(CONFIG, "LivePlatform").inputs())
            .listener(venue)
            .publisherThreadAgent(venue));
        venue.connect(started.venueIngress());
        started.start();
        core = started;
    }

    /** Stops the core (its media driver goes with it) and, after {@code downMs}, starts it again on its data. */
    void restartCore(final long downMs) throws InterruptedException
    {
        synchronized (this)
        {
            core.close();
            Thread.sleep(downMs);
            startCore();
        }
    }

    private boolean userExists(final int tenantId, final String username) throws Exception
    {
        return gateway.auth().users().user(tenantId, username).isPresent();
    }

    private void awaitLive() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(gateway.core().live() && gateway.core().commandsOpen()))
        {
            assertTrue(System.nanoTime() < deadline, "the gateway follows the core live and its command session opens");
            Thread.sleep(10);
        }
    }

    String base()
    {
        return "http://127.0.0.1:" + gateway.port();
    }

    HttpResponse<String> send(final String method, final String path, final String token, final String body)
        throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(Duration.ofSeconds(20))
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

    /** An access token for the user (admin, trader or viewer) of the tenant (demo or acme). */
    String login(final String tenant, final String username) throws Exception
    {
        // The demo tenant's admin is the first user, with the password the gateway generated at its first start.
        final String password = tenant.equals("demo") && username.equals("admin") ?
            Files.readAllLines(data.resolve("gateway").resolve("first-user.txt")).stream()
                .filter(line -> line.startsWith("password=")).findFirst().orElseThrow().substring(9) : PASSWORD;
        final HttpResponse<String> answer = send("POST", "/api/v1/auth/login", null,
            "{\"tenant\":\"" + tenant + "\",\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        assertTrue(answer.statusCode() == 200, "login " + tenant + "/" + username + ": " + answer.body());
        return io.tradingcore.gateway.http.Json.MAPPER.readTree(answer.body()).get("accessToken").asText();
    }

    private static List<long[]> readTicks(final int count) throws Exception
    {
        final List<long[]> ticks = new ArrayList<>();
        try (Mt5TickReader reader = Mt5TickReader.open(SAMPLE, 5))
        {
            reader.read((time, bid, ask, last, volume, flags) -> ticks.add(new long[] {time, bid, ask, last, volume,
                flags}), count);
        }
        return ticks;
    }

    private synchronized void feed(final List<long[]> quotes)
    {
        final InputMessages messages = new InputMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        for (final long[] q : quotes)
        {
            core.offerBlocking(buffer, 0, messages.marketTick(buffer, 0, 1, q[0], q[1], q[2], q[3], q[4], (int)q[5]));
        }
    }

    private void keepFeeding()
    {
        int next = 500;
        while (running)
        {
            try
            {
                feed(quotes.subList(next, next + 1));
            }
            catch (final IllegalStateException closed)
            {
                // The core is closing (a restart, or the end of the test): the next tick goes to the next core.
            }
            next = next + 1 < quotes.size() ? next + 1 : 500;
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    @Override
    public void close() throws java.sql.SQLException
    {
        running = false;
        ticks.interrupt();
        gateway.close();
        core.close();
        database.close();
    }
}
