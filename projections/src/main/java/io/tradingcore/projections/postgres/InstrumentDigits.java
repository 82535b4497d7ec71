package io.tradingcore.projections.postgres;

import org.agrona.collections.Int2IntHashMap;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The price digits of each instrument, which every price column is scaled by: loaded from the instruments table when
 * the sink connects, and learnt from the DefineInstrument events of a batch. What a batch learnt becomes known for
 * good only when its transaction commits; a rolled-back batch's instruments are forgotten with it.
 */
final class InstrumentDigits
{
    private static final int UNKNOWN = -1;

    private final Int2IntHashMap committed = new Int2IntHashMap(UNKNOWN);
    private final Int2IntHashMap pending = new Int2IntHashMap(UNKNOWN);

    void load(final Connection connection) throws SQLException
    {
        committed.clear();
        pending.clear();
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT instrument_id, digits FROM instruments"))
        {
            while (rows.next())
            {
                committed.put(rows.getInt(1), rows.getInt(2));
            }
        }
    }

    void define(final int instrumentId, final int digits)
    {
        pending.put(instrumentId, digits);
    }

    /** The instrument's digits; an event naming an instrument never defined cannot be stored. */
    int of(final int instrumentId)
    {
        int digits = pending.get(instrumentId);
        if (digits == UNKNOWN)
        {
            digits = committed.get(instrumentId);
        }
        if (digits == UNKNOWN)
        {
            throw new UnstorableEvent("instrument " + instrumentId + " was never defined: its digits are unknown");
        }
        return digits;
    }

    void commit()
    {
        committed.putAll(pending);
        pending.clear();
    }

    void rollback()
    {
        pending.clear();
    }

    void clear()
    {
        committed.clear();
        pending.clear();
    }
}
