package io.tradingcore.gateway.stream;

import io.tradingcore.gateway.core.Instrument;
import io.tradingcore.gateway.http.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last quote of an instrument. Quotes arrive far faster than anyone reads them: this only keeps the numbers, and
 * the frame is written once, the first time a connection sends it.
 */
final class LatestQuote
{
    private final Instrument instrument;
    private final long bid;
    private final long ask;
    private final long timeMs;
    private final long version;
    private volatile byte[] frame;

    LatestQuote(final Instrument instrument, final long bid, final long ask, final long timeMs, final long version)
    {
        this.instrument = instrument;
        this.bid = bid;
        this.ask = ask;
        this.timeMs = timeMs;
        this.version = version;
    }

    /** Grows with every quote of any instrument: a connection sends a symbol's quote when this has moved. */
    long version()
    {
        return version;
    }

    byte[] frame()
    {
        byte[] bytes = frame;
        if (bytes == null)
        {
            // Two connections may both write it; they write the same bytes.
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "quote");
            json.put("symbol", instrument.symbol());
            json.put("bid", instrument.formatPrice(bid));
            json.put("ask", instrument.formatPrice(ask));
            json.put("timeMs", timeMs);
            bytes = Json.write(json);
            frame = bytes;
        }
        return bytes;
    }
}
