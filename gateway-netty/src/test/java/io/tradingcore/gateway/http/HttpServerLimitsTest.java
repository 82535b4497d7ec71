package io.tradingcore.gateway.http;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a caller can make the HTTP server hold is bounded: a request that does not arrive whole within the request
 * timeout and a connection idle past the idle timeout are closed; oversized headers and bodies are refused with one
 * line; an unknown route and a wrong method answer 404 and 405.
 */
class HttpServerLimitsTest
{
    private HttpServer server;

    @BeforeEach
    void start() throws Exception
    {
        final Router router = new Router(Executors.newSingleThreadExecutor());
        router.blocking(HttpMethod.POST, "/echo", null, request -> Response.json(java.util.Map.of("bytes",
            request.body().length)));
        server = new HttpServer("127.0.0.1", 0, 1024, 300, 600, 1, router,
            token -> { throw ApiException.unauthorized("no"); }, RequestGuard.NONE, RequestObserver.NONE, null,
            Throwable::printStackTrace);
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    @Test
    void aRequestThatDoesNotArriveWholeIsClosed() throws Exception
    {
        try (Socket socket = new Socket("127.0.0.1", server.port()))
        {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part".getBytes(
                StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(-1, socket.getInputStream().read(), "closed, with no answer");
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception
    {
        try (Socket socket = new Socket("127.0.0.1", server.port()))
        {
            socket.setSoTimeout(10_000);
            assertEquals(-1, socket.getInputStream().read(), "closed when idle");
        }
    }

    @Test
    void oversizedHeadersAndBodiesAreRefused() throws Exception
    {
        final String hugeHeader = "GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n";
        final String answer = exchange(hugeHeader);
        assertTrue(answer.startsWith("HTTP/1.1 4"), answer);
        final String hugeBody = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n" + "b".repeat(2048);
        assertTrue(exchange(hugeBody).startsWith("HTTP/1.1 413"), "a body over the limit answers 413");
        final String fits = exchange(
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
        assertTrue(fits.startsWith("HTTP/1.1 200") && fits.endsWith("{\"bytes\":3}"), fits);
    }

    @Test
    void unknownRoutesAndMethodsAnswerWithOneLine() throws Exception
    {
        final String missing = exchange("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(missing.startsWith("HTTP/1.1 404") && missing.endsWith("{\"error\":\"no such route: /nope\"}"),
            missing);
        final String wrongMethod = exchange("GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(wrongMethod.startsWith("HTTP/1.1 405"), wrongMethod);
    }

    private String exchange(final String request) throws Exception
    {
        try (Socket socket = new Socket("127.0.0.1", server.port()))
        {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            final InputStream in = socket.getInputStream();
            final StringBuilder answer = new StringBuilder();
            final byte[] chunk = new byte[4096];
            int read;
            while ((read = in.read(chunk)) > 0)
            {
                answer.append(new String(chunk, 0, read, StandardCharsets.US_ASCII));
                if (answer.indexOf("\r\n\r\n") > 0 && complete(answer))
                {
                    break;
                }
            }
            return answer.toString();
        }
    }

    private static boolean complete(final StringBuilder answer)
    {
        final int headersEnd = answer.indexOf("\r\n\r\n");
        final String headers = answer.substring(0, headersEnd).toLowerCase(java.util.Locale.ROOT);
        final int at = headers.indexOf("content-length:");
        if (at < 0)
        {
            return true;
        }
        final int end = headers.indexOf("\r\n", at);
        final int length = Integer.parseInt(headers.substring(at + 15, end < 0 ? headers.length() : end).trim());
        return answer.length() - headersEnd - 4 >= length;
    }
}
