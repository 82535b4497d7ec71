package io.tradingcore.projections.dragonfly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.domain.FixedPoint;

import java.util.HashMap;
import java.util.Map;

/**
 * The instruments the sink has stored and the time of each one's last stored quote: what prices are formatted with
 * and what a tick is checked against. Kept in memory from the {@code instruments} hash and the quote keys; a
 * batch's changes are staged and become the known state only when its EXEC succeeded.
 */
final class Instruments
{
    /** A definition as the sink keeps it: enough to format and check prices. */
    record Instrument(int instrumentId, String symbol, int digits, long tickSize)
    {
        String price(final long price)
        {
            return FixedPoint.format(price, digits);
        }

        /** The value of its field in the {@code instruments} hash. */
        ObjectNode toJson()
        {
            final ObjectNode json = Json.object();
            json.put("instrumentId", instrumentId);
            json.put("symbol", symbol);
            json.put("digits", digits);
            json.put("tickSize", price(tickSize));
            return json;
        }

        static Instrument parse(final int instrumentId, final String text)
        {
            final ObjectNode json = Json.parse(text);
            final int digits = Integer.parseInt(Json.text(json, "digits"));
            return new Instrument(instrumentId, Json.text(json, "symbol"), digits,
                FixedPoint.parse(Json.text(json, "tickSize"), digits));
        }
    }

    /** No quote stored yet. */
    static final long NO_QUOTE = Long.MIN_VALUE;

    private final Map<Integer, Instrument> defined = new HashMap<>();
    private final Map<Integer, Long> quoteTimes = new HashMap<>();
    private final Map<Integer, Instrument> stagedDefinitions = new HashMap<>();
    private final Map<Integer, Long> stagedQuoteTimes = new HashMap<>();

    /** The instrument, defined before or earlier in the batch; null when unknown. */
    Instrument get(final int instrumentId)
    {
        final Instrument staged = stagedDefinitions.get(instrumentId);
        return staged != null ? staged : defined.get(instrumentId);
    }

    boolean hasSymbol(final String symbol)
    {
        return stagedDefinitions.values().stream().anyMatch(i -> i.symbol().equals(symbol)) ||
            defined.values().stream().anyMatch(i -> i.symbol().equals(symbol));
    }

    Iterable<Integer> ids()
    {
        return defined.keySet();
    }

    void define(final Instrument instrument)
    {
        stagedDefinitions.put(instrument.instrumentId(), instrument);
    }

    /** Time of the last quote, epoch ms; {@link #NO_QUOTE} when none. */
    long quoteTime(final int instrumentId)
    {
        final Long staged = stagedQuoteTimes.get(instrumentId);
        return staged != null ? staged : quoteTimes.getOrDefault(instrumentId, NO_QUOTE);
    }

    void quoteTime(final int instrumentId, final long timeMsc)
    {
        stagedQuoteTimes.put(instrumentId, timeMsc);
    }

    /** The staged changes are stored. */
    void commit()
    {
        defined.putAll(stagedDefinitions);
        quoteTimes.putAll(stagedQuoteTimes);
        rollback();
    }

    /** The staged changes were not stored. */
    void rollback()
    {
        stagedDefinitions.clear();
        stagedQuoteTimes.clear();
    }

    /** Forgets everything, for a reload from the server. */
    void clear()
    {
        rollback();
        defined.clear();
        quoteTimes.clear();
    }

    /** Loads a definition as stored. */
    void load(final Instrument instrument)
    {
        defined.put(instrument.instrumentId(), instrument);
    }

    void loadQuoteTime(final int instrumentId, final long timeMsc)
    {
        quoteTimes.put(instrumentId, timeMsc);
    }
}
