package io.tradingcore.projections.clickhouse;

import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.SinkException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Takes back the rows a refused write left. ClickHouse has no transaction: when one table's INSERT of a batch is
 * refused, the tables inserted before it keep their rows, and so may rows of an earlier attempt that failed between
 * two inserts. Those of good events would be inserted again and merged away, but the runtime parks the event at fault
 * (and the events of its account after it): their rows must go. ALTER TABLE ... DELETE removes them; it is a
 * mutation, applied by the server in the background to the parts that exist when it is issued, so that the rows the
 * next attempt inserts are not touched. A table with no such row is left alone: a mutation rewrites parts.
 */
final class Rollback
{
    private final ClickHouseHttp http;
    private final String database;

    Rollback(final ClickHouseHttp http, final String database)
    {
        this.http = http;
        this.database = database;
    }

    /**
     * After a refused {@link io.tradingcore.projections.Sink#apply}: every row past the stored checkpoint is of a
     * batch not stored, this one or an earlier attempt.
     */
    void pastCheckpoint(final Checkpoint stored) throws SinkException
    {
        final String inputs = "input_sequence > " + stored.lastInput();
        final String outputs = "input_sequence > " + stored.outputInput() + " OR (input_sequence = "
            + stored.outputInput() + " AND output_index > " + stored.outputIndex() + ")";
        delete(Map.of(ClickHouseSchema.INSTRUMENTS, inputs, ClickHouseSchema.TICKS, inputs,
            ClickHouseSchema.FILLS, outputs, ClickHouseSchema.ORDER_EVENTS, outputs));
    }

    /**
     * After a refused {@link io.tradingcore.projections.Sink#applyParked}: the replayed events' positions, which lie
     * before the checkpoint among stored rows.
     */
    void positionsOf(final EventBatch batch) throws SinkException
    {
        final StringJoiner inputs = new StringJoiner(", ", "input_sequence IN (", ")");
        final StringJoiner outputs = new StringJoiner(", ", "(input_sequence, output_index) IN (", ")");
        for (int i = 0; i < batch.size(); i++)
        {
            if (batch.isInput(i))
            {
                inputs.add(Long.toString(batch.inputSequence(i)));
            }
            else
            {
                outputs.add("(" + batch.inputSequence(i) + ", " + batch.outputIndex(i) + ")");
            }
        }
        final Map<String, String> where = new LinkedHashMap<>();
        if (inputs.length() > "input_sequence IN ()".length())
        {
            where.put(ClickHouseSchema.INSTRUMENTS, inputs.toString());
            where.put(ClickHouseSchema.TICKS, inputs.toString());
        }
        if (outputs.length() > "(input_sequence, output_index) IN ()".length())
        {
            where.put(ClickHouseSchema.FILLS, outputs.toString());
            where.put(ClickHouseSchema.ORDER_EVENTS, outputs.toString());
        }
        delete(where);
    }

    private void delete(final Map<String, String> whereByTable) throws SinkException
    {
        for (final Map.Entry<String, String> table : whereByTable.entrySet())
        {
            final String name = database + "." + table.getKey();
            final String where = " WHERE " + table.getValue();
            if (http.selectValue("SELECT count() FROM " + name + where).asLong() > 0)
            {
                http.execute("ALTER TABLE " + name + " DELETE" + where);
            }
        }
    }
}
