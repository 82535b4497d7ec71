package io.tradingcore.projections.postgres;

import io.tradingcore.projections.EventBatch;
import org.postgresql.copy.CopyManager;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The dead_letters table: events the runtime parked, stored with their message and reason instead of applied. */
final class DeadLetterRows implements TableRows
{
    private static final String DELETE = "DELETE FROM dead_letters WHERE (input_sequence, output_index) IN " +
        "(SELECT * FROM unnest(?::bigint[], ?::integer[]))";

    private final CopyRows rows = new CopyRows("dead_letters",
        "input_sequence, output_index, tenant_id, account_id, time_ns, template_id, message, reason");

    @Override
    public void clear()
    {
        rows.clear();
    }

    void onParked(final EventBatch batch, final int index)
    {
        rows.int8(batch.inputSequence(index)).int4(batch.outputIndex(index)).int4(batch.tenantId(index))
            .int8(batch.accountId(index)).int8(batch.timeNs(index)).int4(batch.templateId(index))
            .bytes(batch.buffer(), batch.offset(index), batch.length(index)).text(batch.parkReason(index)).endRow();
    }

    /** Removes the dead letters of every event of a batch of parked events replayed. */
    static void delete(final EventBatch batch, final Connection connection) throws SQLException
    {
        final Long[] sequences = new Long[batch.size()];
        final Integer[] indexes = new Integer[batch.size()];
        for (int i = 0; i < batch.size(); i++)
        {
            sequences[i] = batch.inputSequence(i);
            indexes[i] = batch.outputIndex(i);
        }
        final Array sequenceArray = connection.createArrayOf("int8", sequences);
        final Array indexArray = connection.createArrayOf("int4", indexes);
        try (PreparedStatement delete = connection.prepareStatement(DELETE))
        {
            delete.setArray(1, sequenceArray);
            delete.setArray(2, indexArray);
            delete.executeUpdate();
        }
    }

    @Override
    public void copy(final CopyManager copy) throws SQLException
    {
        rows.copy(copy);
    }
}
