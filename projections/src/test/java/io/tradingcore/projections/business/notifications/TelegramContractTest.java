package io.tradingcore.projections.business.notifications;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contract test of {@link TelegramClient} and the Bot API calls it makes. By default it runs against
 * {@link TelegramContractServer}, the strict local stand-in (Telegram cannot be reached from the build machine); with
 * {@code -Dtradingcore.external.telegram.botToken=...} (or {@code ...botTokenFile=FILE}) and
 * {@code -Dtradingcore.external.telegram.chatId=...} (a chat
 * that has pressed Start with the bot) the same tests run against the real Bot API: {@code scripts/test-external
 * telegram}. Each test sends at most one message, so the real API's rate limits are kept.
 */
final class TelegramContractTest
{
    private static final String TOKEN_PROP = "tradingcore.external.telegram.botToken";
    private static final String TOKEN_FILE_PROP = "tradingcore.external.telegram.botTokenFile";
    private static final String CHAT_PROP = "tradingcore.external.telegram.chatId";
    private static final String BASE_PROP = "tradingcore.external.telegram.baseUrl";
    private static final long LOCAL_CHAT = 7_000_001L;

    private static TelegramContractServer server;
    private static String baseUrl;
    private static String token;
    private static long chatId;

    @BeforeAll
    static void target() throws IOException
    {
        final String tokenFile = System.getProperty(TOKEN_FILE_PROP);
        final String externalToken = tokenFile != null ? java.nio.file.Files.readString(java.nio.file.Path.of(
            tokenFile)).strip() : System.getProperty(TOKEN_PROP);
        if (externalToken != null && !externalToken.isBlank())
        {
            token = externalToken;
            chatId = Long.parseLong(System.getProperty(CHAT_PROP));
            baseUrl = System.getProperty(BASE_PROP, TelegramClient.DEFAULT_BASE_URL);
        }
        else
        {
            server = new TelegramContractServer();
            server.knownChat(LOCAL_CHAT);
            token = TelegramContractServer.TOKEN;
            chatId = LOCAL_CHAT;
            baseUrl = server.baseUrl();
        }
    }

    @AfterAll
    static void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    private static TelegramClient client(final String withToken)
    {
        return new TelegramClient(baseUrl, withToken, Duration.ofSeconds(10));
    }

    @Test
    void escapedValuesArriveAsWritten() throws Exception
    {
        final String value = "EUR<USD> & \"R&D\" <b>not bold</b> &amp;";
        final String html = "<b>Risk alert</b> " + TelegramHtml.escape(value) + " <a href=\"" +
            TelegramHtml.attribute("https://example.com/?a=1&b=\"2\"") + "\">link</a>";
        final long messageId = client(token).sendMessage(chatId, html);
        assertTrue(messageId > 0);
        if (server != null)
        {
            final TelegramContractServer.Delivered last = server.delivered().get(server.delivered().size() - 1);
            assertEquals("Risk alert " + value + " link", last.text());
        }
    }

    @Test
    void unescapedMarkupIsRefused()
    {
        final TelegramException unclosed = assertThrows(TelegramException.class,
            () -> client(token).sendMessage(chatId, "<b>EUR<USD</b>"));
        assertEquals(400, unclosed.errorCode());
        assertTrue(unclosed.getMessage().contains("can't parse entities"), unclosed.getMessage());
        assertTrue(unclosed.permanent());
    }

    @Test
    void unknownTagAndUnclosedTagAreRefused()
    {
        assertEquals(400, assertThrows(TelegramException.class,
            () -> client(token).sendMessage(chatId, "<blink>x</blink>")).errorCode());
        assertEquals(400, assertThrows(TelegramException.class,
            () -> client(token).sendMessage(chatId, "<b>x")).errorCode());
    }

    @Test
    void wrongTokenIsUnauthorized()
    {
        final TelegramException refused = assertThrows(TelegramException.class,
            () -> client("1:wrong-token").sendMessage(chatId, "hello"));
        assertEquals(401, refused.errorCode());
    }

    @Test
    void chatThatNeverStartedTheBotIsNotFound()
    {
        final TelegramException refused = assertThrows(TelegramException.class,
            () -> client(token).sendMessage(1L, "hello"));
        assertEquals(400, refused.errorCode());
        assertTrue(refused.getMessage().contains("chat not found"), refused.getMessage());
    }

    @Test
    void parseModeAndTextAreRequiredAsDocumented() throws Exception
    {
        assertEquals(400, raw("sendMessage", "{\"chat_id\":" + chatId + ",\"text\":\"x\",\"parse_mode\":\"html5\"}"));
        assertEquals(400, raw("sendMessage", "{\"chat_id\":" + chatId + ",\"parse_mode\":\"HTML\"}"));
        assertEquals(400, raw("sendMessage", "{\"text\":\"x\"}"));
    }

    @Test
    void getUpdatesAnswersAList() throws Exception
    {
        assertNotNull(client(token).getUpdates(0, 0));
    }

    private static int raw(final String method, final String json) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/bot" + token + "/" + method))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertTrue(response.body().contains("\"ok\":false"), response.body());
        return response.statusCode();
    }
}
