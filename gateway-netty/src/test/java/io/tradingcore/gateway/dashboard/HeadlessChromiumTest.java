package io.tradingcore.gateway.dashboard;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness against the dashboard's own page on a gateway that has no auth routes: a login can only fail. */
class HeadlessChromiumTest
{
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static DashboardServer server;
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws InterruptedException
    {
        server = new DashboardServer();
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop()
    {
        browser.close();
        server.close();
    }

    @Test
    void theLoginFormSubmitsAndShowsTheGatewaysRefusal()
    {
        browser.viewport(1280, 900, false);
        browser.navigate(server.url("/"));
        browser.waitFor("!document.getElementById('login-view').hidden", WAIT);
        assertEquals("Not signed in", browser.evaluate("document.getElementById('status-line').textContent"));
        assertEquals("function", browser.evaluate("typeof uPlot"), "the vendored chart library loads under the CSP");

        browser.evaluate("""
            document.getElementById('tenant').value = 'acme';
            document.getElementById('username').value = 'alice';
            document.getElementById('password').value = 'not-a-real-password';
            document.getElementById('login-form').requestSubmit();
            """);
        browser.waitFor("document.getElementById('status-line').textContent.startsWith('Login failed')", WAIT);
        assertEquals("Login failed: no such route: /api/v1/auth/login",
            browser.evaluate("document.getElementById('status-line').textContent"));
        assertEquals("true", browser.evaluate("document.getElementById('app-view').hidden"));

        final Path shot = browser.screenshot(HeadlessChromium.screenshotFolder().resolve("dashboard-login-failed.png"));
        assertTrue(Files.isRegularFile(shot));
        assertNoPolicyViolations();
    }

    @Test
    void thePageIsOneColumnOnAPhone()
    {
        browser.viewport(390, 844, true);
        browser.navigate(server.url("/"));
        browser.waitFor("!document.getElementById('login-view').hidden", WAIT);
        final String overflow = browser.evaluate("document.documentElement.scrollWidth > window.innerWidth");
        assertEquals("false", overflow, "the login page fits a phone's width");
        browser.screenshot(HeadlessChromium.screenshotFolder().resolve("dashboard-login-phone.png"));
        assertNoPolicyViolations();
    }

    @Test
    void evaluateAnswersJsonForValuesAndReportsThrows()
    {
        browser.navigate(server.url("/"));
        assertEquals("{\"a\":[1,\"two\"]}", browser.evaluate("({a: [1, 'two']})"));
        assertEquals("text", browser.evaluate("Promise.resolve('text')"));
        final IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, () -> browser.evaluate("null.property"));
        assertTrue(thrown.getMessage().contains("TypeError"), thrown.getMessage());
    }

    private static void assertNoPolicyViolations()
    {
        for (final String problem : browser.problems())
        {
            assertTrue(!problem.contains("Content Security Policy") && !problem.startsWith("exception"), problem);
        }
    }
}
