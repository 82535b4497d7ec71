package io.tradingcore.projections.clickhouse;

import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.SinkException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A batch's events as the rows of each table, all built before anything is sent: an event the sink cannot write
 * (malformed, or a price of an unknown instrument) refuses the batch before any row of it is stored. Parked events
 * become dead letters instead of rows. A Fill has a row in fills and one in order_events; every other output one in
 * order_events; a tick one in ticks; a definition one in instruments.
 */
final class BatchRows
{
    private final Map<String, TabSeparated> tables = new LinkedHashMap<>();
    private final TabSeparated instruments = table(ClickHouseSchema.INSTRUMENTS);
    private final TabSeparated ticks = table(ClickHouseSchema.TICKS);
    private final TabSeparated fills = table(ClickHouseSchema.FILLS);
    private final TabSeparated orderEvents = table(ClickHouseSchema.ORDER_EVENTS);
    private final TabSeparated deadLetters = new TabSeparated();
    private final InstrumentRows instrumentRows;
    private final TickRows tickRows;
    private final FillRows fillRows;
    private final OrderEventRows orderEventRows;
    private final DeadLetterRows deadLetterRows = new DeadLetterRows();

    BatchRows(final Instruments known, final OrderInstruments orderInstruments)
    {
        instrumentRows = new InstrumentRows(known);
        tickRows = new TickRows(known);
        fillRows = new FillRows(known);
        orderEventRows = new OrderEventRows(known, orderInstruments);
    }

    /** Empties every table's rows and writes the batch's; parked events as dead letters of this version. */
    void write(final EventBatch batch, final long deadLetterVersion) throws SinkException
    {
        clear();
        for (int i = 0; i < batch.size(); i++)
        {
            if (batch.parkReason(i) != null)
            {
                deadLetterRows.add(deadLetters, batch.toParked(i), false, deadLetterVersion);
            }
            else
            {
                event(batch, i);
            }
        }
    }

    /** The data tables' rows in the order they are inserted (instruments, ticks, fills, order_events). */
    Map<String, TabSeparated> tables()
    {
        return tables;
    }

    TabSeparated deadLetters()
    {
        return deadLetters;
    }

    DeadLetterRows deadLetterRows()
    {
        return deadLetterRows;
    }

    void clear()
    {
        tables.values().forEach(TabSeparated::clear);
        deadLetters.clear();
    }

    private void event(final EventBatch batch, final int index) throws SinkException
    {
        try
        {
            if (batch.isInput(index))
            {
                input(batch, index);
            }
            else
            {
                if (batch.templateId(index) == FillDecoder.TEMPLATE_ID)
                {
                    fillRows.add(fills, batch, index);
                }
                orderEventRows.add(orderEvents, batch, index);
            }
        }
        catch (final RuntimeException ex)
        {
            // A message too short for its template or with a value outside its enum: the event is at fault.
            throw SinkException.rejected("the event at " + batch.inputSequence(index) + "/"
                + batch.outputIndex(index) + " (template " + batch.templateId(index) + ") cannot be read: " + ex,
                ex);
        }
    }

    /** The inputs the sink wants; any other input handed over has no table and is passed over. */
    private void input(final EventBatch batch, final int index) throws SinkException
    {
        switch (batch.templateId(index))
        {
            case MarketTickDecoder.TEMPLATE_ID -> tickRows.add(ticks, batch, index);
            case DefineInstrumentDecoder.TEMPLATE_ID -> instrumentRows.add(instruments, batch, index);
            default ->
            {
            }
        }
    }

    private TabSeparated table(final String name)
    {
        final TabSeparated rows = new TabSeparated();
        tables.put(name, rows);
        return rows;
    }
}
