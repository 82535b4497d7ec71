package io.tradingcore.projections.postgres;

import io.tradingcore.codec.PositionUpdateDecoder;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.projections.EventBatch;
import org.postgresql.copy.CopyManager;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The positions table: the latest PositionUpdate per account and instrument; a batch's last one for each is merged. */
final class PositionRows implements TableRows
{
    private static final String COLUMNS = "tenant_id, account_id, instrument_id, net_quantity, average_price, " +
        "realized_pnl, unrealized_pnl, updated_input_sequence, updated_output_index, updated_at";
    private static final String MERGE = "INSERT INTO positions (" + COLUMNS + ") SELECT * FROM unnest(%s)" +
        " ON CONFLICT (tenant_id, account_id, instrument_id) DO UPDATE SET " +
        "net_quantity = EXCLUDED.net_quantity, average_price = EXCLUDED.average_price, " +
        "realized_pnl = EXCLUDED.realized_pnl, unrealized_pnl = EXCLUDED.unrealized_pnl, " +
        "updated_input_sequence = EXCLUDED.updated_input_sequence, " +
        "updated_output_index = EXCLUDED.updated_output_index, updated_at = EXCLUDED.updated_at";

    private record Key(int tenantId, long accountId, int instrumentId)
    {
    }

    private static final class Position
    {
        long netQuantity;
        long averagePrice;
        int digits;
        long realizedPnl;
        long unrealizedPnl;
        long inputSequence;
        int outputIndex;
        long timeNs;
    }

    private final UnnestRows merged = new UnnestRows(MERGE, "integer", "bigint", "integer", "numeric", "numeric",
        "numeric", "numeric", "bigint", "integer", "timestamptz");
    private final Map<Key, Position> latest = new HashMap<>();
    private final InstrumentDigits digits;

    PositionRows(final InstrumentDigits digits)
    {
        this.digits = digits;
    }

    @Override
    public void clear()
    {
        merged.clear();
        latest.clear();
    }

    void onPositionUpdate(final EventBatch batch, final int index, final PositionUpdateDecoder update)
    {
        final int instrumentId = update.instrumentId();
        final Position position = latest.computeIfAbsent(
            new Key(batch.tenantId(index), update.accountId(), instrumentId), key -> new Position());
        position.netQuantity = update.netQuantity();
        position.averagePrice = update.averagePrice();
        position.digits = digits.of(instrumentId);
        position.realizedPnl = update.realizedPnl();
        position.unrealizedPnl = update.unrealizedPnl();
        position.inputSequence = batch.inputSequence(index);
        position.outputIndex = batch.outputIndex(index);
        position.timeNs = batch.timeNs(index);
    }

    @Override
    public void copy(final CopyManager copy) throws SQLException
    {
        for (final Map.Entry<Key, Position> entry : latest.entrySet())
        {
            final Key key = entry.getKey();
            final Position position = entry.getValue();
            merged.number(key.tenantId()).number(key.accountId()).number(key.instrumentId())
                .decimal(position.netQuantity, FixedPoint.QUANTITY_DIGITS)
                .decimal(position.averagePrice, position.digits)
                .decimal(position.realizedPnl, FixedPoint.MONEY_DIGITS)
                .decimal(position.unrealizedPnl, FixedPoint.MONEY_DIGITS).number(position.inputSequence)
                .number(position.outputIndex).timestamp(position.timeNs).endRow();
        }
    }

    @Override
    public List<UnnestRows> merges()
    {
        return List.of(merged);
    }

}
