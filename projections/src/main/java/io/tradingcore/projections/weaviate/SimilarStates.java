package io.tradingcore.projections.weaviate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.projections.SinkException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * "The N most similar market states and what happened next": the stored vector of an instrument's minute, then a
 * {@code nearVector} search among that symbol's minutes. The minute itself comes first, at distance 0.
 */
public final class SimilarStates
{
    /** One similar minute; a forward return is null while not known. */
    public record Similar(
        String symbol, Instant minute, double distance, Double forward5mBps, Double forward15mBps, String id)
    {
    }

    private final WeaviateClient client;

    public SimilarStates(final WeaviateClient client)
    {
        this.client = client;
    }

    /**
     * @param symbol as defined by DefineInstrument, e.g. EURUSD
     * @param at     any time in the minute wanted
     * @param n      how many to return
     * @throws IllegalArgumentException when the symbol or that minute is not stored
     */
    public List<Similar> similar(final String symbol, final Instant at, final int n) throws SinkException
    {
        final int instrumentId = instrumentOf(symbol);
        final long minuteMs = Math.floorDiv(at.toEpochMilli(), MarketStates.MINUTE_MS) * MarketStates.MINUTE_MS;
        final JsonNode object = client.object(WeaviateSink.STATE_CLASS, MarketStates.idOf(instrumentId, minuteMs));
        if (object == null || !object.has("vector"))
        {
            throw new IllegalArgumentException("no market state of " + symbol + " at " + Instant.ofEpochMilli(minuteMs)
                + " is stored (a minute is stored once a tick of a later minute arrived)");
        }
        final double[] vector = new double[object.get("vector").size()];
        for (int i = 0; i < vector.length; i++)
        {
            vector[i] = object.get("vector").get(i).asDouble();
        }
        final List<Similar> found = new ArrayList<>();
        for (final WeaviateClient.Hit hit : client.nearVector(WeaviateSink.STATE_CLASS, vector, n, symbol,
            List.of("symbol", "timeMs", "forward5mBps", "forward15mBps")))
        {
            final JsonNode properties = hit.properties();
            found.add(new Similar(properties.path("symbol").asText(),
                Instant.ofEpochMilli(properties.path("timeMs").asLong()), hit.distance(),
                number(properties.get("forward5mBps")), number(properties.get("forward15mBps")), hit.id()));
        }
        return found;
    }

    private int instrumentOf(final String symbol) throws SinkException
    {
        final JsonNode stored = client.object(WeaviateSink.CHECKPOINT_CLASS, WeaviateSink.CHECKPOINT_ID);
        if (stored != null)
        {
            try
            {
                final int id = MarketStates.restore(client.json().readTree(
                    stored.path("properties").path("state").asText("{}"))).instrumentOf(symbol);
                if (id >= 0)
                {
                    return id;
                }
            }
            catch (final IOException ex)
            {
                throw SinkException.unavailable("the stored state of the Weaviate projection is not JSON", ex);
            }
        }
        throw new IllegalArgumentException("the Weaviate projection knows no instrument " + symbol);
    }

    private static Double number(final JsonNode value)
    {
        return value == null || value.isNull() ? null : value.asDouble();
    }
}
