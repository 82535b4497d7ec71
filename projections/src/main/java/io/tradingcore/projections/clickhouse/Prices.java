package io.tradingcore.projections.clickhouse;

import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.SinkException;

/**
 * Writes a price (a long at its instrument's digits) into a Decimal64(8) column exactly. A price whose instrument
 * the sink has no digits for cannot be written: the event is refused, so that the runtime parks it rather than
 * store a price off by powers of ten.
 */
final class Prices
{
    private Prices()
    {
    }

    static void add(
        final TabSeparated row, final long price, final int instrumentId, final Instruments instruments,
        final EventBatch batch, final int index) throws SinkException
    {
        if (price == 0)
        {
            row.add(0);
            return;
        }
        final int digits = instruments.digits(instrumentId);
        if (digits == Instruments.UNKNOWN)
        {
            throw SinkException.rejected("the event at " + batch.inputSequence(index) + "/" + batch.outputIndex(index)
                + " has a price of instrument " + instrumentId + ", which no valid DefineInstrument defined", null);
        }
        row.decimal(price, digits);
    }
}
