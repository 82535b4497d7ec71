package io.tradingcore.projections.clickhouse;

import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.SinkException;

/** A Fill output as a row of fills. */
final class FillRows
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final Instruments instruments;

    FillRows(final Instruments instruments)
    {
        this.instruments = instruments;
    }

    void add(final TabSeparated rows, final EventBatch batch, final int index) throws SinkException
    {
        fill.wrapAndApplyHeader(batch.buffer(), batch.offset(index), header);
        rows.add(batch.inputSequence(index)).add(batch.outputIndex(index)).dateTime(batch.timeNs(index))
            .add(batch.timeNs(index))
            .add(fill.tenantId()).add(fill.accountId()).add(fill.orderId()).add(fill.clientOrderId())
            .add(fill.instrumentId())
            // Side's name; an unknown byte reads as NULL_VAL, which the Enum8 column refuses.
            .text(fill.side().name())
            .decimal(fill.quantity(), FixedPoint.QUANTITY_DIGITS);
        Prices.add(rows, fill.price(), fill.instrumentId(), instruments, batch, index);
        rows.decimal(fill.leavesQuantity(), FixedPoint.QUANTITY_DIGITS).add(fill.dealId())
            .decimal(fill.commission(), FixedPoint.MONEY_DIGITS).decimal(fill.realizedPnl(), FixedPoint.MONEY_DIGITS)
            .add(fill.strategyId());
        rows.endRow();
    }
}
