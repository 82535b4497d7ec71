package io.tradingcore.gateway;

import io.tradingcore.gateway.dashboard.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in headless Chromium (Debian's package) against the real gateway, core and PostgreSQL: log in, place
 * an order through the API, and see the filled position on the page within a second; the screenshot stays in
 * {@code target/screenshots/}.
 */
class DashboardEndToEndTest
{
    @TempDir
    Path data;

    @Test
    void aFilledOrderShowsOnThePageWithinASecond() throws Exception
    {
        try (LivePlatform platform = new LivePlatform(data);
            HeadlessChromium browser = HeadlessChromium.start())
        {
            browser.viewport(1280, 900, false);
            browser.navigate(platform.base() + "/");
            browser.waitFor("!document.getElementById('login-view').hidden", Duration.ofSeconds(10));
            browser.evaluate("""
                document.getElementById('tenant').value = 'demo';
                document.getElementById('username').value = 'trader';
                document.getElementById('password').value = '%s';
                document.getElementById('login-form').requestSubmit();
                """.formatted(LivePlatform.PASSWORD));
            browser.waitFor("window.tradingDashboard && window.tradingDashboard.connected === true",
                Duration.ofSeconds(15));
            final String trader = platform.login("demo", "trader");

            // The first order warms the path (JIT, connections); the second is the one timed.
            place(platform, trader, "buy", "0.10");
            browser.waitFor(netQuantity() + " !== null && " + netQuantity() + " !== ''", Duration.ofSeconds(15));
            final BigDecimal before = new BigDecimal(browser.evaluate(netQuantity()));
            final long started = System.nanoTime();
            place(platform, trader, "buy", "0.20");
            final BigDecimal expected = before.add(new BigDecimal("0.20"));
            browser.waitFor("Number(" + netQuantity() + ") === " + expected.doubleValue(), Duration.ofSeconds(1));
            final long shownMs = (System.nanoTime() - started) / 1_000_000;
            System.out.println("DashboardEndToEndTest: the filled position showed " + shownMs +
                " ms after the order was sent");
            final Path screenshot = browser.screenshot(
                HeadlessChromium.screenshotFolder().resolve("dashboard-end-to-end.png"));
            assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the page: " + screenshot);
            assertTrue(browser.problems().stream().noneMatch(problem -> problem.contains("Content Security Policy")),
                "no CSP violation: " + browser.problems());
        }
    }

    private static void place(final LivePlatform platform, final String token, final String side,
        final String quantity) throws Exception
    {
        final String body = "{\"clientOrderId\":" + System.nanoTime() + ",\"accountId\":1001,\"symbol\":\"EURUSD\"," +
            "\"side\":\"" + side + "\",\"type\":\"market\",\"quantity\":\"" + quantity + "\"}";
        final String answer = platform.send("POST", "/api/v1/orders", token, body).body();
        assertTrue(answer.contains("\"accepted\""), answer);
    }

    /** The net quantity cell of the position row of account 1001 in EURUSD, or null. */
    private static String netQuantity()
    {
        return "(document.querySelector('#positions tr[data-key=\"1001:EURUSD\"]') ? " +
            "document.querySelector('#positions tr[data-key=\"1001:EURUSD\"]').children[2].textContent : null)";
    }
}
