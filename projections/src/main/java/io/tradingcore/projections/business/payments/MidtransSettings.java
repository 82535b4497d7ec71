package io.tradingcore.projections.business.payments;

import io.tradingcore.pipeline.SystemProperties;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Midtrans is and how we sign in to it: the Snap and API base URLs (the sandbox's by default) and the server
 * key, from the environment variable {@value #SERVER_KEY_ENV} or the file named by {@value #SERVER_KEY_FILE_PROP_NAME}
 * (never from the repository), and the timeouts of its calls.
 */
public final class MidtransSettings
{
    public static final String SNAP_BASE_URL_PROP_NAME = "tradingcore.midtrans.snapBaseUrl";
    public static final String SNAP_BASE_URL_DEFAULT = "https://app.sandbox.midtrans.com";
    public static final String API_BASE_URL_PROP_NAME = "tradingcore.midtrans.apiBaseUrl";
    public static final String API_BASE_URL_DEFAULT = "https://api.sandbox.midtrans.com";
    public static final String SERVER_KEY_ENV = "TC_MIDTRANS_SERVER_KEY";
    public static final String SERVER_KEY_FILE_PROP_NAME = "tradingcore.midtrans.serverKeyFile";
    public static final String CONNECT_TIMEOUT_MS_PROP_NAME = "tradingcore.midtrans.connectTimeoutMs";
    public static final long CONNECT_TIMEOUT_MS_DEFAULT = 2_000;
    /** Creating a Snap transaction: a person waits for it, not Midtrans. */
    public static final String CREATE_TIMEOUT_MS_PROP_NAME = "tradingcore.midtrans.createTimeoutMs";
    public static final long CREATE_TIMEOUT_MS_DEFAULT = 10_000;
    /** Get Status while answering a notification, which must be answered within 5 s. */
    public static final String STATUS_TIMEOUT_MS_PROP_NAME = "tradingcore.midtrans.statusTimeoutMs";
    public static final long STATUS_TIMEOUT_MS_DEFAULT = 3_000;

    private boolean concluded;
    private String snapBaseUrl = SystemProperties.stringValue(SNAP_BASE_URL_PROP_NAME, SNAP_BASE_URL_DEFAULT);
    private String apiBaseUrl = SystemProperties.stringValue(API_BASE_URL_PROP_NAME, API_BASE_URL_DEFAULT);
    private String serverKey;
    private Path serverKeyFile = pathOrNull(SystemProperties.stringValue(SERVER_KEY_FILE_PROP_NAME, null));
    private long connectTimeoutMs = SystemProperties.longValue(CONNECT_TIMEOUT_MS_PROP_NAME,
        CONNECT_TIMEOUT_MS_DEFAULT);
    private long createTimeoutMs = SystemProperties.longValue(CREATE_TIMEOUT_MS_PROP_NAME, CREATE_TIMEOUT_MS_DEFAULT);
    private long statusTimeoutMs = SystemProperties.longValue(STATUS_TIMEOUT_MS_PROP_NAME, STATUS_TIMEOUT_MS_DEFAULT);

    private static Path pathOrNull(final String value)
    {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** Reads the server key (set, else the key file, else the environment) and checks every setting. */
    public MidtransSettings conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (serverKey == null && serverKeyFile != null)
        {
            try
            {
                serverKey = Files.readString(serverKeyFile, StandardCharsets.UTF_8).trim();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("the Midtrans server key file " + serverKeyFile + " is not readable",
                    ex);
            }
        }
        if (serverKey == null)
        {
            final String env = System.getenv(SERVER_KEY_ENV);
            serverKey = env == null ? null : env.trim();
        }
        if (serverKey == null || serverKey.isEmpty())
        {
            throw new IllegalStateException("no Midtrans server key: set " + SERVER_KEY_ENV + " or " +
                SERVER_KEY_FILE_PROP_NAME);
        }
        snapBaseUrl = baseUrl(SNAP_BASE_URL_PROP_NAME, snapBaseUrl);
        apiBaseUrl = baseUrl(API_BASE_URL_PROP_NAME, apiBaseUrl);
        positive(CONNECT_TIMEOUT_MS_PROP_NAME, connectTimeoutMs);
        positive(CREATE_TIMEOUT_MS_PROP_NAME, createTimeoutMs);
        positive(STATUS_TIMEOUT_MS_PROP_NAME, statusTimeoutMs);
        if (statusTimeoutMs > 4_000)
        {
            throw new IllegalStateException(STATUS_TIMEOUT_MS_PROP_NAME + " must leave time to answer a " +
                "notification within Midtrans' 5 s (at most 4000): " + statusTimeoutMs);
        }
        concluded = true;
        return this;
    }

    private static String baseUrl(final String name, final String url)
    {
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://")))
        {
            throw new IllegalStateException(name + " must be an http(s) URL: " + url);
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void positive(final String name, final long value)
    {
        if (value < 1)
        {
            throw new IllegalStateException(name + " must be at least 1: " + value);
        }
    }

    private void settable()
    {
        if (concluded)
        {
            throw new IllegalStateException("settings already concluded");
        }
    }

    public MidtransSettings snapBaseUrl(final String snapBaseUrl)
    {
        settable();
        this.snapBaseUrl = snapBaseUrl;
        return this;
    }

    public String snapBaseUrl()
    {
        return snapBaseUrl;
    }

    public MidtransSettings apiBaseUrl(final String apiBaseUrl)
    {
        settable();
        this.apiBaseUrl = apiBaseUrl;
        return this;
    }

    public String apiBaseUrl()
    {
        return apiBaseUrl;
    }

    /** The server key itself, over the file and the environment. */
    public MidtransSettings serverKey(final String serverKey)
    {
        settable();
        this.serverKey = serverKey;
        return this;
    }

    public String serverKey()
    {
        return serverKey;
    }

    public MidtransSettings serverKeyFile(final Path serverKeyFile)
    {
        settable();
        this.serverKeyFile = serverKeyFile;
        return this;
    }

    public Path serverKeyFile()
    {
        return serverKeyFile;
    }

    public MidtransSettings connectTimeoutMs(final long connectTimeoutMs)
    {
        settable();
        this.connectTimeoutMs = connectTimeoutMs;
        return this;
    }

    public long connectTimeoutMs()
    {
        return connectTimeoutMs;
    }

    public MidtransSettings createTimeoutMs(final long createTimeoutMs)
    {
        settable();
        this.createTimeoutMs = createTimeoutMs;
        return this;
    }

    public long createTimeoutMs()
    {
        return createTimeoutMs;
    }

    public MidtransSettings statusTimeoutMs(final long statusTimeoutMs)
    {
        settable();
        this.statusTimeoutMs = statusTimeoutMs;
        return this;
    }

    public long statusTimeoutMs()
    {
        return statusTimeoutMs;
    }

    @Override
    public String toString()
    {
        return "MidtransSettings{snap=" + snapBaseUrl + ", api=" + apiBaseUrl + ", serverKey=" +
            (serverKey == null ? "unset" : "set") + "}";
    }
}
