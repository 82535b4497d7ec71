package io.tradingcore.projections.postgres;

import io.tradingcore.projections.EventBatch;

/**
 * The columns every row made by one event starts with: its place in the streams, which is the row's key, its tenant
 * and account as the batch read them, and its engine time.
 */
final class EventColumns
{
    static final String PLACE = "input_sequence, output_index, tenant_id, account_id, time_ns, time";

    private EventColumns()
    {
    }

    static CopyRows place(final CopyRows rows, final EventBatch batch, final int index)
    {
        final long timeNs = batch.timeNs(index);
        return rows.int8(batch.inputSequence(index)).int4(batch.outputIndex(index)).int4(batch.tenantId(index))
            .int8(batch.accountId(index)).int8(timeNs).timestamp(timeNs);
    }
}
