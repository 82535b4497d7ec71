package io.tradingcore.projections.clickhouse;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tradingcore.projections.SinkException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * ClickHouse's HTTP interface through the JDK's client, with no ClickHouse library: a statement in the body of a
 * POST, or an INSERT's statement in the URL and its rows in the body. Compression stays off on every request:
 * ClickHouse 18.16 answers a request that asks for a compressed answer with an empty body, so no request carries
 * {@code Accept-Encoding} and each says {@code enable_http_compression=0}. Answers are read as JSONEachRow, decimals
 * as {@link java.math.BigDecimal} so that no value passes through a double.
 */
final class ClickHouseHttp
{
    private static final String COMPRESSION_OFF = "enable_http_compression=0";

    private final HttpClient client;
    private final URI base;
    private final String endpoint;
    private final String authorization;
    private final Duration timeout;
    /** Decimals as BigDecimal with the scale the server wrote: 1.50 stays 1.50, as its column's type has it. */
    private String insertSettings = "";
    private final ObjectMapper json = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    /**
     * @param base     the server's HTTP address, e.g. {@code http://127.0.0.1:8123}
     * @param user     null for the server's default user
     * @param password null or empty for none
     * @param timeout  for connecting and for each request's answer
     */
    ClickHouseHttp(final URI base, final String user, final String password, final Duration timeout)
    {
        this.base = base;
        final String address = base.toString();
        this.endpoint = (address.endsWith("/") ? address : address + "/") + "?";
        this.timeout = timeout;
        // HTTP/1.1: the JDK's default would offer an h2c upgrade on every request, which ClickHouse does not speak.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs a statement that answers nothing: DDL, ALTER. */
    void execute(final String sql) throws SinkException
    {
        send(COMPRESSION_OFF, sql);
    }

    /** A setting every INSERT carries from now on, as {@code name=value}. */
    void insertSetting(final String setting)
    {
        insertSettings += "&" + setting;
    }

    /** Inserts rows written as TabSeparated, all in one request: one block, stored whole or refused whole. */
    void insert(final String table, final String columns, final CharSequence rows) throws SinkException
    {
        final String statement = "INSERT INTO " + table + " (" + columns + ") FORMAT TabSeparated";
        send(COMPRESSION_OFF + insertSettings + "&query=" + encode(statement), rows.toString());
    }

    /**
     * Runs a query and reads its rows. {@code wait_end_of_query} has the server finish before it answers, so an error
     * met halfway comes as an error status instead of after rows already sent with 200.
     */
    List<JsonNode> select(final String sql) throws SinkException
    {
        final String body = send(COMPRESSION_OFF + "&wait_end_of_query=1", sql + " FORMAT JSONEachRow");
        final List<JsonNode> rows = new ArrayList<>();
        try
        {
            for (final String line : body.split("\n"))
            {
                if (!line.isBlank())
                {
                    rows.add(json.readTree(line));
                }
            }
        }
        catch (final IOException ex)
        {
            throw SinkException.unavailable("ClickHouse answered what is not JSONEachRow: " + ex.getMessage(), ex);
        }
        return rows;
    }

    /** The first column of the first row, or null when the query gave no row. */
    JsonNode selectValue(final String sql) throws SinkException
    {
        final List<JsonNode> rows = select(sql);
        return rows.isEmpty() ? null : rows.get(0).elements().next();
    }

    void close()
    {
        // The JDK 17 client has no close(); its idle connections end with the keep-alive timeout.
    }

    private String send(final String parameters, final String body) throws SinkException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + parameters))
            .timeout(timeout)
            .header("Content-Type", "text/plain; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null)
        {
            request.header("Authorization", authorization);
        }
        final HttpResponse<String> response;
        try
        {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw SinkException.unavailable("ClickHouse at " + base + " cannot be reached: " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw SinkException.unavailable("interrupted while waiting for ClickHouse at " + base, ex);
        }
        if (response.statusCode() != 200)
        {
            throw ServerErrors.classify(response.statusCode(), response.body());
        }
        return response.body();
    }

    private static String encode(final String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
