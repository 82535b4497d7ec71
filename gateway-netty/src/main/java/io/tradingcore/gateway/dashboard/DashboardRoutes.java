package io.tradingcore.gateway.dashboard;

import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Router;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The dashboard's static files: {@code GET /} answers {@code index.html} and {@code GET /assets/{file}} any other file
 * of the classpath folder {@code dashboard/} (flat: one path segment, so a name can never reach outside it). The files
 * are read once, at construction, and kept in memory: a request never touches the disk, and a file that cannot be
 * served (an extension without a content type) fails the gateway's start rather than a user's page. Every answer
 * carries a Content-Security-Policy that allows only the gateway's own scripts, styles and WebSocket, so that data
 * shown on the page can never run as code even if some of it slipped past the page's own escaping.
 */
public final class DashboardRoutes
{
    /** The classpath folder the files come from. */
    public static final String RESOURCE_FOLDER = "dashboard";

    /** The page answered at {@code /}. */
    public static final String INDEX = "index.html";

    /** No inline scripts or styles, no third-party origins; the page talks only to its own gateway. */
    public static final String CONTENT_SECURITY_POLICY =
        "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'";

    private static final Map<String, String> CONTENT_TYPES = Map.of(
        "html", "text/html; charset=utf-8",
        "js", "text/javascript; charset=utf-8",
        "css", "text/css; charset=utf-8",
        "svg", "image/svg+xml",
        "png", "image/png",
        "txt", "text/plain; charset=utf-8",
        // The vendored library's licence and pin (uPlot.LICENSE, uPlot.VERSION) are plain text.
        "license", "text/plain; charset=utf-8",
        "version", "text/plain; charset=utf-8");

    /** One file, ready to answer. */
    private record Asset(String contentType, byte[] body)
    {
    }

    private final Map<String, Asset> assets;

    /** Reads the files of {@link #RESOURCE_FOLDER} from this class's class loader. */
    public DashboardRoutes()
    {
        this(DashboardRoutes.class.getClassLoader(), RESOURCE_FOLDER);
    }

    /**
     * Reads every file of a classpath folder.
     *
     * @throws IllegalStateException when the folder is missing, has no {@code index.html}, or holds a file whose
     *                               extension has no content type.
     */
    public DashboardRoutes(final ClassLoader classLoader, final String folder)
    {
        final URL url = classLoader.getResource(folder + "/" + INDEX);
        if (url == null)
        {
            throw new IllegalStateException("the dashboard's " + folder + "/" + INDEX + " is not on the classpath");
        }
        final Map<String, Asset> read = new TreeMap<>();
        try
        {
            final URI uri = url.toURI();
            if ("jar".equals(uri.getScheme()))
            {
                readJar(uri, read);
            }
            else
            {
                readFolder(Path.of(uri).getParent(), read);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the dashboard's files from " + url, ex);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException("cannot read the dashboard's files from " + url, ex);
        }
        this.assets = Collections.unmodifiableMap(read);
    }

    /** Adds {@code GET /} and {@code GET /assets/{file}}, both public, to the router; returns it. */
    public Router register(final Router router)
    {
        router.blocking(HttpMethod.GET, "/", null, request -> index());
        router.blocking(HttpMethod.GET, "/assets/{file}", null, request -> asset(request.pathParameter("file")));
        return router;
    }

    /** The names served under {@code /assets/}, sorted. */
    public List<String> files()
    {
        return List.copyOf(assets.keySet());
    }

    /** The answer to {@code GET /}. */
    public Response index()
    {
        return asset(INDEX);
    }

    /**
     * The answer to {@code GET /assets/{file}}.
     *
     * @throws ApiException 400 for a name that tries to leave the folder, 404 for a file the dashboard does not have.
     */
    public Response asset(final String file)
    {
        if (file == null || file.isEmpty() || file.contains("..") || file.contains("/") || file.contains("\\"))
        {
            throw ApiException.badRequest("not a dashboard file name");
        }
        final Asset asset = assets.get(file);
        if (asset == null)
        {
            throw ApiException.notFound("no such dashboard file: " + file);
        }
        return new Response(200, asset.contentType(), asset.body())
            .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            .header("X-Frame-Options", "DENY")
            .header("Referrer-Policy", "no-referrer");
    }

    private static void readFolder(final Path folder, final Map<String, Asset> into) throws IOException
    {
        final List<Path> files;
        try (Stream<Path> list = Files.list(folder))
        {
            files = list.filter(Files::isRegularFile).toList();
        }
        for (final Path file : files)
        {
            final String name = file.getFileName().toString();
            into.put(name, new Asset(contentType(name), Files.readAllBytes(file)));
        }
    }

    private static String contentType(final String name)
    {
        final int dot = name.lastIndexOf('.');
        final String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        final String type = CONTENT_TYPES.get(extension);
        if (type == null)
        {
            throw new IllegalStateException("the dashboard's file " + name + " has no known content type (known: " +
                new TreeMap<>(CONTENT_TYPES).keySet() + ")");
        }
        return type;
    }

    private static void readJar(final URI uri, final Map<String, Asset> into) throws IOException
    {
        FileSystem opened = null;
        try
        {
            FileSystem jar;
            try
            {
                opened = FileSystems.newFileSystem(uri, Map.of());
                jar = opened;
            }
            catch (final FileSystemAlreadyExistsException ex)
            {
                // Someone else opened the jar: read through theirs, and leave closing it to them.
                jar = FileSystems.getFileSystem(uri);
            }
            readFolder(jar.provider().getPath(uri).getParent(), into);
        }
        finally
        {
            if (opened != null)
            {
                opened.close();
            }
        }
    }
}
