package io.tradingcore.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.gateway.dashboard.HeadlessChromium;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.projections.business.BusinessDatabase;
import io.tradingcore.projections.business.BusinessService;
import io.tradingcore.projections.business.QuotaNotices;
import io.tradingcore.projections.business.SubscriptionTiers;
import io.tradingcore.projections.business.billing.Billing;
import io.tradingcore.projections.business.notifications.Notifications;
import io.tradingcore.projections.business.payments.MidtransContractServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The business services end to end, over the gateway's API with a real core, PostgreSQL and the strict Midtrans
 * stand-in (contract server): a tenant on Free (10 orders a day in this test's tiers) crosses its daily quota through
 * the API, is warned and then halted in the engine; it upgrades to Pro through a Midtrans payment whose notifications
 * come twice, out of order and once with a bad signature (refused and logged); the halt is lifted at once; the
 * upgrade's invoice and then the month's carry gap-free numbers; each alert is one row of the notification outbox.
 * (The Telegram sender's once-each across a SIGKILL is TelegramSenderKillTest's, in projections.)
 */
class BusinessEndToEndTest
{
    private static final String KEY = "SB-Mid-server-end-to-end-key";

    @TempDir
    Path data;

    private long orderId = System.currentTimeMillis();

    @Test
    void aFreeTenantIsLimitedThenUpgradesThroughMidtrans() throws Exception
    {
        final Path tiersFile = data.resolve("tiers.properties");
        Files.writeString(tiersFile, "tier.free.ordersPerDay=10\n");
        final Path keyFile = data.resolve("midtrans.key");
        Files.writeString(keyFile, KEY);
        try (MidtransContractServer midtrans = new MidtransContractServer(KEY))
        {
            System.setProperty(SubscriptionTiers.TIERS_FILE_PROP_NAME, tiersFile.toString());
            System.setProperty("tradingcore.midtrans.serverKeyFile", keyFile.toString());
            System.setProperty("tradingcore.midtrans.snapBaseUrl", midtrans.baseUrl());
            System.setProperty("tradingcore.midtrans.apiBaseUrl", midtrans.baseUrl());
            try (LivePlatform platform = new LivePlatform(data))
            {
                run(platform, midtrans, tiersFile);
            }
            finally
            {
                System.clearProperty(SubscriptionTiers.TIERS_FILE_PROP_NAME);
                System.clearProperty("tradingcore.midtrans.serverKeyFile");
                System.clearProperty("tradingcore.midtrans.snapBaseUrl");
                System.clearProperty("tradingcore.midtrans.apiBaseUrl");
            }
        }
    }

    private void run(final LivePlatform platform, final MidtransContractServer midtrans, final Path tiersFile)
        throws Exception
    {
        final BusinessDatabase database = new BusinessDatabase(platform.database.url(), null, null);
        final String admin = platform.login("demo", "admin");
        final String trader = platform.login("demo", "trader");
        // The admin's Telegram chat is linked, as the bot does on "/start CODE".
        final long adminId = platform.gateway.auth().users().user(1, "admin").orElseThrow().userId();
        final Notifications.LinkCode code = new Notifications(database).linkCode(1, adminId);
        try (Connection connection = database.connect())
        {
            assertTrue(Notifications.link(connection, code.code(), 4242L));
        }
        try (BusinessService service = new BusinessService(platform.data, database, SubscriptionTiers.load(tiersFile),
            new QuotaNotices(), new PrintStream(java.io.OutputStream.nullOutputStream())))
        {
            for (int i = 0; i < 8; i++)
            {
                assertEquals("accepted", order(platform, trader).get("status").asText());
            }
            await(() -> subscription(platform, admin).get("usage").get("warnedToday").asBoolean(), "warned at 8");
            assertTrue(!subscription(platform, admin).get("usage").get("limitedToday").asBoolean());
            order(platform, trader);
            order(platform, trader);
            await(() -> count(database, "SELECT count(*) FROM command_outbox WHERE status = 'done'") == 1,
                "account 1001 halted through the ingress");
            final JsonNode refused = order(platform, trader);
            assertEquals("rejected", refused.get("status").asText(), refused.toString());
            assertEquals("account_halted", refused.get("reason").asText());

            // The upgrade: an invoice and a payment page, paid, confirmed by Get Status.
            final HttpResponse<String> upgrade = platform.send("POST", "/api/v1/subscription", admin,
                "{\"tier\":\"pro\"}");
            assertEquals(202, upgrade.statusCode(), upgrade.body() + " " + platform.log);
            final JsonNode started = Json.MAPPER.readTree(upgrade.body());
            final String invoice = started.get("invoice").asText();
            assertTrue(started.get("redirectUrl").asText().startsWith("http"), upgrade.body());
            final String paymentOrder = invoice + "-1";
            assertTrue(midtrans.knows(paymentOrder), "Snap has the transaction");
            midtrans.status(paymentOrder, "settlement", null);
            final List<Integer> answers = new ArrayList<>();
            answers.add(notify(platform, MidtransContractServer.notification(paymentOrder, "settlement", null,
                750_000, "tx-forged", "not-the-server-key")));
            answers.add(notify(platform, MidtransContractServer.notification(paymentOrder, "pending", null, 750_000,
                "tx-1", KEY)));
            answers.add(notify(platform, midtrans.notification(paymentOrder)));
            answers.add(notify(platform, midtrans.notification(paymentOrder)));
            assertEquals(List.of(401, 200, 200, 200), answers, "the forged one refused, the others answered");
            assertEquals(1, count(database, "SELECT count(*) FROM payment_events WHERE outcome = 'bad_signature'"),
                "the refusal is logged");
            assertEquals("pro", subscription(platform, admin).get("tier").asText());
            await(() -> count(database, "SELECT count(*) FROM command_outbox WHERE status = 'done'") == 2,
                "the halt lifted at once");
            assertEquals("accepted", order(platform, trader).get("status").asText());

            // The invoices: the upgrade's first, then the month's, numbered without a gap.
            final YearMonth month = YearMonth.now(ZoneOffset.UTC);
            new Billing(new Billing.Context().database(database).tiers(SubscriptionTiers.load(tiersFile)))
                .run(month);
            final JsonNode invoices = Json.MAPPER.readTree(platform.send("GET", "/api/v1/invoices", admin, null)
                .body());
            final List<String> numbers = new ArrayList<>();
            invoices.get("items").forEach(item -> numbers.add(item.get("number").asText()));
            numbers.sort(String::compareTo);
            final String prefix = "TC-" + month.getYear() + "-";
            assertEquals(List.of(prefix + "000001", prefix + "000002"), numbers, invoices.toString());
            assertEquals(invoice, prefix + "000001");
            final JsonNode paid = Json.MAPPER.readTree(platform.send("GET", "/api/v1/invoices/" + invoice, admin,
                null).body());
            assertEquals("paid", paid.get("status").asText(), paid.toString());
            assertTrue(paid.toString().contains("Upgrade from free to pro"), paid.toString());
            final JsonNode monthly = Json.MAPPER.readTree(platform.send("GET", "/api/v1/invoices/" + prefix +
                "000002", admin, null).body());
            assertTrue(monthly.toString().contains("Pro subscription"), monthly.toString());

            // One outbox row per alert for the linked chat, whatever the deliveries.
            assertEquals(1, count(database, "SELECT count(*) FROM notification_outbox WHERE event_key LIKE " +
                "'quota-warning:%'"));
            assertEquals(1, count(database, "SELECT count(*) FROM notification_outbox WHERE event_key LIKE " +
                "'quota-limit:%'"));
            assertEquals(1, count(database, "SELECT count(*) FROM notification_outbox WHERE event_key LIKE 'paid:%'"));
            assertEquals(2, count(database, "SELECT count(*) FROM notification_outbox WHERE event_key LIKE 'seq:%' " +
                "AND kind = 'risk_alert'"), "the engine's alerts: the account halted, then resumed");
            assertEquals(1, count(database, "SELECT count(*) FROM notification_outbox WHERE event_key LIKE " +
                "'invoice:%'"), "the month's invoice told (the upgrade's is told as its payment)");
            assertTrue(service.quotas().applied().lastInput() > 0, "the quota service keeps its checkpoint");
            await(() -> subscription(platform, admin).get("usage").get("apiCallsToday").asLong() >= 11,
                "the gateway metered the tenant's API calls");
            readInTheDashboard(platform, prefix + "000001");
        }
    }

    /** The admin's dashboard lists the invoices, with their HTML and PDF a click away. */
    private static void readInTheDashboard(final LivePlatform platform, final String invoice) throws Exception
    {
        final String password = Files.readAllLines(platform.data.resolve("gateway").resolve("first-user.txt"))
            .stream().filter(line -> line.startsWith("password=")).findFirst().orElseThrow().substring(9);
        try (HeadlessChromium browser = HeadlessChromium.start())
        {
            browser.viewport(1280, 1400, false);
            browser.navigate(platform.base() + "/");
            browser.waitFor("!document.getElementById('login-view').hidden", Duration.ofSeconds(10));
            browser.evaluate("""
                document.getElementById('tenant').value = 'demo';
                document.getElementById('username').value = 'admin';
                document.getElementById('password').value = '%s';
                document.getElementById('login-form').requestSubmit();
                """.formatted(password));
            browser.waitFor("document.querySelector('#invoices tr[data-key=\"invoice:" + invoice + "\"]') !== null",
                Duration.ofSeconds(15));
            assertTrue(browser.evaluate("document.getElementById('subscription').textContent").startsWith("Plan pro"));
            browser.screenshot(HeadlessChromium.screenshotFolder().resolve("dashboard-invoices.png"));
        }
    }

    private JsonNode order(final LivePlatform platform, final String token) throws Exception
    {
        final HttpResponse<String> answer = platform.send("POST", "/api/v1/orders", token, "{\"clientOrderId\":" +
            (++orderId) + ",\"accountId\":1001,\"symbol\":\"EURUSD\",\"side\":\"buy\",\"type\":\"market\"," +
            "\"quantity\":\"0.01\"}");
        assertEquals(200, answer.statusCode(), answer.body());
        return Json.MAPPER.readTree(answer.body());
    }

    private static JsonNode subscription(final LivePlatform platform, final String admin) throws Exception
    {
        return Json.MAPPER.readTree(platform.send("GET", "/api/v1/subscription", admin, null).body());
    }

    private static int notify(final LivePlatform platform, final String body) throws Exception
    {
        return platform.send("POST", "/api/v1/payments/midtrans/notification", null, body).statusCode();
    }

    private static long count(final BusinessDatabase database, final String sql) throws Exception
    {
        try (Connection connection = database.connect();
            Statement statement = connection.createStatement();
            ResultSet row = statement.executeQuery(sql))
        {
            row.next();
            return row.getLong(1);
        }
    }

    @FunctionalInterface
    private interface Condition
    {
        boolean holds() throws Exception;
    }

    private static void await(final Condition condition, final String what) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.holds())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(20);
        }
    }
}
