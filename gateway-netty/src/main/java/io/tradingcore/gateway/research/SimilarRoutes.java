package io.tradingcore.gateway.research;

import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Request;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;
import io.tradingcore.projections.SinkException;
import io.tradingcore.projections.weaviate.SimilarStates;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/research/similar?symbol=EURUSD&at=2014-05-08T10:00:00Z&n=10}: the market states most like an
 * instrument's minute and what happened next, from the Weaviate projection (market data is the platform's, not a
 * tenant's). Answers 503 saying so when no Weaviate server is configured ({@code TC_WEAVIATE_URL}).
 */
public final class SimilarRoutes
{
    private static final int MAX_N = 100;

    private final SimilarStates similar;
    private final String missing;

    /** @param similar the search, or null with {@code missing} saying why there is none. */
    public SimilarRoutes(final SimilarStates similar, final String missing)
    {
        this.similar = similar;
        this.missing = missing;
    }

    public void register(final Router router)
    {
        router.blocking(HttpMethod.GET, "/api/v1/research/similar", Role.VIEWER, this::similar);
    }

    private Response similar(final Request request) throws SinkException
    {
        final String symbol = request.queryParameter("symbol", null);
        final String at = request.queryParameter("at", null);
        final long n = request.queryNumber("n", 10);
        if (symbol == null || at == null)
        {
            throw ApiException.badRequest(
                "'symbol' and 'at' (an ISO instant, such as 2014-05-08T10:00:00Z) are required");
        }
        if (n < 1 || n > MAX_N)
        {
            throw ApiException.badRequest("'n' must be 1 to " + MAX_N);
        }
        final Instant instant;
        try
        {
            instant = Instant.parse(at);
        }
        catch (final DateTimeParseException ex)
        {
            throw ApiException.badRequest("'at' must be an ISO instant such as 2014-05-08T10:00:00Z");
        }
        if (similar == null)
        {
            throw ApiException.unavailable("no Weaviate server: " + missing);
        }
        final List<Map<String, Object>> items = new ArrayList<>();
        try
        {
            for (final SimilarStates.Similar state : similar.similar(symbol, instant, (int)n))
            {
                final Map<String, Object> item = new LinkedHashMap<>();
                item.put("symbol", state.symbol());
                item.put("minute", String.valueOf(state.minute()));
                item.put("distance", state.distance());
                item.put("forward5mBps", state.forward5mBps());
                item.put("forward15mBps", state.forward15mBps());
                items.add(item);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw ApiException.notFound(ex.getMessage());
        }
        return Response.json(Map.of("items", items));
    }
}
