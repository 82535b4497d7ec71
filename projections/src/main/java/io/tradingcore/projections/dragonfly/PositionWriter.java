package io.tradingcore.projections.dragonfly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.codec.PositionUpdateDecoder;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.projections.dragonfly.Instruments.Instrument;

/**
 * The latest position of each account in each instrument: one hash per account, its field the instrument id, its
 * value the position as JSON. A flat position keeps its field: its realized P&amp;L still counts.
 */
final class PositionWriter
{
    private final DragonflyKeys keys;
    private final Instruments instruments;

    PositionWriter(final DragonflyKeys keys, final Instruments instruments)
    {
        this.keys = keys;
        this.instruments = instruments;
    }

    /** @throws IllegalArgumentException when the instrument was never defined: its prices cannot be formatted */
    void onPositionUpdate(final PositionUpdateDecoder update, final BatchWrites writes)
    {
        final Instrument instrument = instruments.get(update.instrumentId());
        if (instrument == null)
        {
            throw new IllegalArgumentException("instrument " + update.instrumentId() + " is not defined");
        }
        final ObjectNode json = Json.object();
        json.put("tenantId", update.tenantId());
        json.put("accountId", update.accountId());
        json.put("instrumentId", instrument.instrumentId());
        json.put("symbol", instrument.symbol());
        json.put("netQuantity", FixedPoint.formatQuantity(update.netQuantity()));
        json.put("averagePrice", instrument.price(update.averagePrice()));
        json.put("realizedPnl", FixedPoint.format(update.realizedPnl(), FixedPoint.MONEY_DIGITS));
        json.put("unrealizedPnl", FixedPoint.format(update.unrealizedPnl(), FixedPoint.MONEY_DIGITS));
        json.put("timeNs", update.timeNs());
        final String key = keys.positions(update.tenantId(), update.accountId());
        final String field = Integer.toString(instrument.instrumentId());
        final String value = json.toString();
        writes.put(key, field, value);
        writes.publish(keys.positionsChannel(update.tenantId()), key + '#' + field, value);
    }
}
