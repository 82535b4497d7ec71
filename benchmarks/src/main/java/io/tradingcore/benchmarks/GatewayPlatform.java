package io.tradingcore.benchmarks;

import io.tradingcore.config.ReferenceData;
import io.tradingcore.gateway.Gateway;
import io.tradingcore.gateway.GatewayContext;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.pipeline.TradingCore;
import io.tradingcore.venue.VenueConnection;
import io.tradingcore.venue.VenueSettings;
import org.agrona.ExpandableArrayBuffer;

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
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The platform the gateway's harness measures, started as the gateway's end-to-end tests start theirs
 * (gateway-netty's {@code LivePlatform}): a core on the wall clock with the simulated venue, EURUSD ticks of the
 * sample fed in the background (one every 20 ms, the first 2,000 over and over) so the market stays fresh, the gateway
 * on a free port over a PostgreSQL database of the harness's own server, and one trader of tenant 1 ("demo", account
 * 1001). The account's limits are opened wide (orders a second, open orders, price band) so that the harness measures
 * the path and not the limits; the gateway's request limits per user and tenant likewise (system properties, set before
 * the gateway starts).
 */
final class GatewayPlatform implements AutoCloseable
{
    static final String TENANT = "demo";
    static final String USERNAME = "bench";
    static final long ACCOUNT = 1001;
    static final int INSTRUMENT = 1;
    private static final String PASSWORD = "a long password 123";
    private static final int QUOTES = 2_000;
    private static final int FIRST_QUOTES = 500;
    private static final String CONFIG = String.join("\n",
        "tenant 1 name=" + TENANT,
        "account 1001 tenant=1 currency=USD balance=100000.00 leverage=100",
        "instrument 1 EURUSD digits=5 contract=100000 tick=0.00001 volume-min=0.01 volume-max=100 volume-step=0.01 " +
            "currency=USD",
        "limits account=1001 tenant=1 max-order=5 max-position=10 max-exposure=5000000 max-open-orders=100000 " +
            "max-orders-per-second=1000000 price-band-bps=5000 stale-ms=600000 daily-loss=5000",
        "engine account-state-interval-ms=100", "");

    final TradingCore core;
    final Gateway gateway;
    private final List<long[]> quotes;
    private final Thread ticks;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean running = true;

    GatewayPlatform(final Path data, final String postgresUrl, final String postgresUser, final PrintStream log)
        throws Exception
    {
        openRequestLimits();
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        core = TradingCore.open(new TradingCore.Context()
            .dataDirectory(data)
            .snapshotInterval(0)
            .referenceData(ReferenceData.parse(CONFIG, "GatewayPlatform").inputs())
            .listener(venue)
            .publisherThreadAgent(venue));
        venue.connect(core.venueIngress());
        core.start();
        quotes = readTicks();
        feed(quotes.subList(0, FIRST_QUOTES));
        ticks = new Thread(this::keepFeeding, "bench-ticks");
        ticks.setDaemon(true);
        ticks.start();
        final Path config = data.resolve("gateway-bench.properties");
        Files.writeString(config, "postgres.url=" + postgresUrl + "\npostgres.user=" + postgresUser + "\n");
        gateway = Gateway.launch(new GatewayContext().dataDirectory(data).configFile(config).port(0), log);
        gateway.auth().users().createUser(1, USERNAME, PASSWORD, Role.TRADER);
        awaitLive();
    }

    /**
     * Every tier's request limits far above the harness's rates: the defaults (20 a second per user) are meant for a
     * person at the dashboard and would answer the load with 429s.
     */
    private static void openRequestLimits()
    {
        for (final String tier : List.of("free", "pro", "enterprise"))
        {
            for (final String field : List.of("userPerSecond", "userBurst", "tenantPerSecond", "tenantBurst"))
            {
                System.setProperty("tradingcore.gateway.tier." + tier + "." + field, "100000000");
            }
        }
    }

    private void awaitLive() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(gateway.core().live() && gateway.core().commandsOpen()))
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the gateway did not follow the core live within a minute");
            }
            Thread.sleep(10);
        }
    }

    int port()
    {
        return gateway.port();
    }

    /** An access token of the harness's trader, from {@code POST /api/v1/auth/login}. */
    String login() throws Exception
    {
        final HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port() + "/api/v1/auth/login"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"" + TENANT + "\",\"username\":\"" + USERNAME +
                "\",\"password\":\"" + PASSWORD + "\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200)
        {
            throw new IllegalStateException("login answered " + answer.statusCode() + ": " + answer.body());
        }
        return io.tradingcore.gateway.http.Json.MAPPER.readTree(answer.body()).get("accessToken").asText();
    }

    /**
     * A buy limit price the venue never fills: 5 pips under the lowest bid of the quotes fed, as the engine's decimal
     * string. An IOC order at it is accepted, sent to the venue and cancelled there unfilled, so orders never pile up.
     */
    String priceUnderTheMarket()
    {
        long lowest = Long.MAX_VALUE;
        for (final long[] quote : quotes)
        {
            lowest = Math.min(lowest, quote[1]);
        }
        return String.format(Locale.ROOT, "%.5f", (lowest - 50) / 1e5);
    }

    /** Offers an engine input (an SBE message, header included) as a client of the core's ingress would. */
    void offer(final ExpandableArrayBuffer buffer, final int length)
    {
        core.offerBlocking(buffer, 0, length);
    }

    private List<long[]> readTicks() throws Exception
    {
        final List<long[]> read = new ArrayList<>();
        try (Mt5TickReader reader = Mt5TickReader.open(TickFiles.sample(), 5))
        {
            reader.read((time, bid, ask, last, volume, flags) -> read.add(new long[] {time, bid, ask, last, volume,
                flags}), QUOTES);
        }
        return read;
    }

    private void feed(final List<long[]> some)
    {
        final InputMessages messages = new InputMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        for (final long[] q : some)
        {
            core.offerBlocking(buffer, 0, messages.marketTick(buffer, 0, INSTRUMENT, q[0], q[1], q[2], q[3], q[4],
                (int)q[5]));
        }
    }

    private void keepFeeding()
    {
        int next = FIRST_QUOTES;
        while (running)
        {
            feed(quotes.subList(next, next + 1));
            next = next + 1 < quotes.size() ? next + 1 : FIRST_QUOTES;
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
    public void close()
    {
        running = false;
        ticks.interrupt();
        try
        {
            ticks.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        gateway.close();
        core.close();
    }
}
