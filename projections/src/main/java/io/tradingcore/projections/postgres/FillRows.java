package io.tradingcore.projections.postgres;

import io.tradingcore.codec.FillDecoder;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.projections.EventBatch;
import org.postgresql.copy.CopyManager;

import java.sql.SQLException;

/** The fills table: every Fill, appended. */
final class FillRows implements TableRows
{
    private final CopyRows rows = new CopyRows("fills", EventColumns.PLACE + ", order_id, client_order_id, " +
        "instrument_id, strategy_id, side, quantity, price, leaves_quantity, deal_id, commission, realized_pnl");
    private final InstrumentDigits digits;

    FillRows(final InstrumentDigits digits)
    {
        this.digits = digits;
    }

    @Override
    public void clear()
    {
        rows.clear();
    }

    void onFill(final EventBatch batch, final int index, final FillDecoder fill)
    {
        final int instrumentId = fill.instrumentId();
        EventColumns.place(rows, batch, index).int8(fill.orderId()).int8(fill.clientOrderId()).int4(instrumentId)
            .int4(fill.strategyId()).text(fill.side().name()).decimal(fill.quantity(), FixedPoint.QUANTITY_DIGITS)
            .decimal(fill.price(), digits.of(instrumentId))
            .decimal(fill.leavesQuantity(), FixedPoint.QUANTITY_DIGITS).int8(fill.dealId())
            .decimal(fill.commission(), FixedPoint.MONEY_DIGITS).decimal(fill.realizedPnl(), FixedPoint.MONEY_DIGITS)
            .endRow();
    }

    @Override
    public void copy(final CopyManager copy) throws SQLException
    {
        rows.copy(copy);
    }
}
