package io.tradingcore.gateway.dashboard;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's static files through the gateway's real HTTP server. */
class DashboardRoutesTest
{
    private static final Path SOURCES = Path.of("src", "main", "resources", "dashboard");

    private static DashboardServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws InterruptedException
    {
        server = new DashboardServer();
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    @Test
    void rootIsTheLoginPageWithItsContentSecurityPolicy() throws Exception
    {
        final HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(DashboardRoutes.CONTENT_SECURITY_POLICY,
            page.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
        assertTrue(page.body().contains("id=\"login-form\""), page.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "index.html=text/html; charset=utf-8",
        "app.js=text/javascript; charset=utf-8",
        "app.css=text/css; charset=utf-8",
        "favicon.svg=image/svg+xml",
        "uPlot.iife.min.js=text/javascript; charset=utf-8",
        "uPlot.min.css=text/css; charset=utf-8",
        "uPlot.LICENSE=text/plain; charset=utf-8",
        "uPlot.VERSION=text/plain; charset=utf-8",
    })
    void eachFileIsServedAsItIsWithItsContentType(final String fileAndType) throws Exception
    {
        final String file = fileAndType.substring(0, fileAndType.indexOf('='));
        final String type = fileAndType.substring(fileAndType.indexOf('=') + 1);
        final HttpResponse<byte[]> answer = client.send(request("/assets/" + file),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode());
        assertEquals(type, answer.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(DashboardRoutes.CONTENT_SECURITY_POLICY,
            answer.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertArrayEquals(Files.readAllBytes(SOURCES.resolve(file)), answer.body());
    }

    @Test
    void everyFileOfTheFolderIsServed() throws IOException
    {
        try (var files = Files.list(SOURCES))
        {
            assertEquals(files.map(path -> path.getFileName().toString()).sorted().toList(),
                new DashboardRoutes().files());
        }
    }

    @Test
    void aPngIsServedAsAnImage(@TempDir final Path folder) throws IOException
    {
        final byte[] png = {(byte)0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        Files.createDirectories(folder.resolve("dashboard"));
        Files.writeString(folder.resolve("dashboard/index.html"), "<!doctype html>");
        Files.write(folder.resolve("dashboard/logo.png"), png);
        Files.writeString(folder.resolve("dashboard/notes.txt"), "notes");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {folder.toUri().toURL()}, null))
        {
            final DashboardRoutes routes = new DashboardRoutes(loader, "dashboard");
            assertEquals("image/png", routes.asset("logo.png").contentType());
            assertArrayEquals(png, routes.asset("logo.png").body());
            assertEquals("text/plain; charset=utf-8", routes.asset("notes.txt").contentType());
        }
    }

    @Test
    void filesAreReadFromAJarToo(@TempDir final Path folder) throws IOException
    {
        final Path jar = folder.resolve("dashboard.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar)))
        {
            for (final String file : List.of("index.html", "app.js"))
            {
                out.putNextEntry(new ZipEntry("dashboard/" + file));
                out.write(("// " + file).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null))
        {
            final DashboardRoutes routes = new DashboardRoutes(loader, "dashboard");
            assertEquals(List.of("app.js", "index.html"), routes.files());
            assertEquals("// app.js", new String(routes.asset("app.js").body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aFileWithoutAContentTypeStopsTheStart()
    {
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> new DashboardRoutes(getClass().getClassLoader(), "dashboard-unknown-type"));
        assertTrue(refused.getMessage().contains("tool.exe"), refused.getMessage());
    }

    @Test
    void aMissingFolderStopsTheStart()
    {
        assertThrows(IllegalStateException.class, () -> new DashboardRoutes(getClass().getClassLoader(), "nothing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/assets/nothing.js", "/assets/", "/assets", "/assets/APP.JS", "/index.html",
        "/assets/app.js/", "/dashboard/app.js"})
    void unknownFilesAre404(final String path) throws Exception
    {
        final String answer = raw(path);
        assertTrue(answer.startsWith("HTTP/1.1 404 "), answer);
        assertTrue(answer.contains("{\"error\":"), answer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/assets/..", "/assets/%2e%2e", "/assets/%2E%2E", "/assets/..%2fpom.xml",
        "/assets/..%2F..%2F..%2Fetc%2Fpasswd", "/assets/../../pom.xml", "/assets/..%5cpom.xml",
        "/assets/%2e%2e%5capp.js",
        "/assets/app.js%2f..", "/assets/%2fetc%2fpasswd", "/assets/...", "/assets/..app.js", "/../pom.xml",
        "/assets/%252e%252e%252fpom.xml", "/assets/app.js%00.html"})
    void namesThatLeaveTheFolderAreRefused(final String path) throws Exception
    {
        final String answer = raw(path);
        final String status = answer.substring(0, answer.indexOf("\r\n"));
        assertTrue(Pattern.matches("HTTP/1\\.1 (400|404) .*", status), path + " answered " + status);
        final String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertTrue(body.startsWith("{\"error\":"), body);
        assertFalse(body.contains("<project") || body.contains("root:"), body);
    }

    @Test
    void thePagesHoldNoInlineScriptsOrStylesAndInsertNoMarkup() throws IOException
    {
        final String html = Files.readString(SOURCES.resolve("index.html"));
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find(),
            "a script without src");
        assertFalse(html.toLowerCase(Locale.ROOT).contains("<style"), "a style element");
        assertFalse(Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
            "a style attribute");
        assertFalse(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
            "an inline event handler");
        assertFalse(Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/", Pattern.CASE_INSENSITIVE).matcher(html)
            .find(), "a file from another origin");
        final String js = Files.readString(SOURCES.resolve("app.js"));
        for (final String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
            "new Function", "setAttribute('style'"))
        {
            assertFalse(js.contains(sink), "app.js uses " + sink);
        }
    }

    @Test
    void theVendoredLibraryIsPinnedWithItsLicence() throws IOException
    {
        final String version = Files.readString(SOURCES.resolve("uPlot.VERSION"));
        assertTrue(version.contains("version: 1.6.32"), version);
        assertTrue(version.contains("integrity: sha512-"), version);
        assertTrue(Files.readString(SOURCES.resolve("uPlot.LICENSE")).contains("MIT License"));
        assertTrue(Files.readString(SOURCES.resolve("uPlot.iife.min.js")).contains("uPlot"));
    }

    private static HttpRequest request(final String path)
    {
        return HttpRequest.newBuilder(URI.create(server.url(path))).GET().build();
    }

    private static HttpResponse<String> get(final String path) throws IOException, InterruptedException
    {
        return client.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    /** A request written byte for byte, so that no client tidies the path first. */
    private static String raw(final String path) throws IOException
    {
        try (Socket socket = new Socket("127.0.0.1", server.port()))
        {
            final OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            final InputStream in = socket.getInputStream();
            final ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
