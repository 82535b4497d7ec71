package io.tradingcore.projections.postgres;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.KillSwitchEngagedDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderStatusChangedDecoder;
import io.tradingcore.codec.PositionUpdateDecoder;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import org.agrona.DirectBuffer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a batch into rows and writes them in the caller's transaction: each event is decoded once and handed to the
 * tables it makes rows of, parked events go to dead_letters instead; then the appended rows go with COPY, and every
 * merge and the checkpoint go together as one prepared statement of fixed text, one round trip that the server plans
 * once per connection. Events no table wants are passed over.
 */
final class BatchRows
{
    private static final long CHECKPOINT = 1L << 63;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DefineTenantDecoder defineTenant = new DefineTenantDecoder();
    private final DefineInstrumentDecoder defineInstrument = new DefineInstrumentDecoder();
    private final AccountUpdateDecoder accountUpdate = new AccountUpdateDecoder();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final OrderRejectedDecoder orderRejected = new OrderRejectedDecoder();
    private final OrderRoutedDecoder orderRouted = new OrderRoutedDecoder();
    private final OrderStatusChangedDecoder statusChanged = new OrderStatusChangedDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final PositionUpdateDecoder positionUpdate = new PositionUpdateDecoder();
    private final AccountStateDecoder accountState = new AccountStateDecoder();
    private final RiskAlertDecoder riskAlert = new RiskAlertDecoder();
    private final KillSwitchEngagedDecoder killSwitchEngaged = new KillSwitchEngagedDecoder();
    private final InputRejectedDecoder inputRejected = new InputRejectedDecoder();

    private final InstrumentDigits digits;
    private final ReferenceRows reference;
    private final AccountRows accounts = new AccountRows();
    private final OrderRows orders;
    private final FillRows fills;
    private final PositionRows positions;
    private final RiskEventRows riskEvents = new RiskEventRows();
    private final DailyPnlRows dailyPnl = new DailyPnlRows();
    private final UsageRows usage = new UsageRows();
    private final DeadLetterRows deadLetters = new DeadLetterRows();
    private final List<TableRows> tables;
    private final List<UnnestRows> merges = new ArrayList<>();
    /** The statement of each combination of merges with rows (bit i: merge i), the checkpoint's last (bit 63). */
    private final Map<Long, String> statements = new HashMap<>();

    BatchRows(final InstrumentDigits digits)
    {
        this.digits = digits;
        reference = new ReferenceRows(digits);
        orders = new OrderRows(digits);
        fills = new FillRows(digits);
        positions = new PositionRows(digits);
        tables = List.of(reference, accounts, orders, fills, positions, riskEvents, dailyPnl, usage, deadLetters);
        for (final TableRows table : tables)
        {
            merges.addAll(table.merges());
        }
    }

    /**
     * Writes the batch in the connection's open transaction, and the checkpoint when one is given; commits nothing.
     *
     * @throws UnstorableEvent when an event cannot be made into rows; nothing was sent then but reads
     */
    void write(final EventBatch batch, final Checkpoint checkpoint, final Connection connection) throws SQLException
    {
        for (final TableRows table : tables)
        {
            table.clear();
        }
        orders.load(batch, connection);
        for (int i = 0; i < batch.size(); i++)
        {
            try
            {
                if (batch.parkReason(i) == null)
                {
                    apply(batch, i);
                }
                else
                {
                    deadLetters.onParked(batch, i);
                }
            }
            catch (final RuntimeException ex)
            {
                throw UnstorableEvent.at(batch, i, ex);
            }
        }
        final CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        for (final TableRows table : tables)
        {
            table.copy(copy);
        }
        long sent = checkpoint == null ? 0 : CHECKPOINT;
        for (int i = 0; i < merges.size(); i++)
        {
            if (merges.get(i).rows() > 0)
            {
                sent |= 1L << i;
            }
        }
        if (sent == 0)
        {
            return;
        }
        try (PreparedStatement merge = connection.prepareStatement(statements.computeIfAbsent(sent, this::statement)))
        {
            int parameter = 1;
            for (int i = 0; i < merges.size(); i++)
            {
                if ((sent & 1L << i) != 0)
                {
                    parameter = merges.get(i).bind(merge, parameter);
                }
            }
            if (checkpoint != null)
            {
                merge.setLong(parameter, checkpoint.lastInput());
                merge.setLong(parameter + 1, checkpoint.outputInput());
                merge.setInt(parameter + 2, checkpoint.outputIndex());
            }
            merge.execute();
        }
    }

    /** The merges a batch has rows for and the checkpoint, as one statement: its text is the same for every batch. */
    private String statement(final long sent)
    {
        final List<String> parts = new ArrayList<>();
        for (int i = 0; i < merges.size(); i++)
        {
            if ((sent & 1L << i) != 0)
            {
                parts.add(merges.get(i).statement());
            }
        }
        if ((sent & CHECKPOINT) != 0)
        {
            parts.add("UPDATE checkpoint SET last_input = ?, output_input = ?, output_index = ?");
        }
        return String.join(";\n", parts);
    }

    /** The batch's transaction committed: instruments it defined and rows it stored are known for good. */
    void committed()
    {
        digits.commit();
        for (final TableRows table : tables)
        {
            table.committed();
        }
    }

    /** The batch's transaction was rolled back: what it defined and folded is forgotten. */
    void rolledBack()
    {
        digits.rollback();
        for (final TableRows table : tables)
        {
            table.clear();
        }
    }

    /** The tables were emptied. */
    void forget()
    {
        digits.clear();
        for (final TableRows table : tables)
        {
            table.forget();
        }
    }

    private void apply(final EventBatch batch, final int i)
    {
        final DirectBuffer buffer = batch.buffer();
        final int offset = batch.offset(i);
        switch (batch.templateId(i))
        {
            case MarketTickDecoder.TEMPLATE_ID -> usage.onTick(batch, i);
            case DefineTenantDecoder.TEMPLATE_ID ->
                reference.onDefineTenant(batch, i, defineTenant.wrapAndApplyHeader(buffer, offset, header));
            case DefineInstrumentDecoder.TEMPLATE_ID ->
                reference.onDefineInstrument(batch, i, defineInstrument.wrapAndApplyHeader(buffer, offset, header));
            case AccountUpdateDecoder.TEMPLATE_ID ->
                accounts.onAccountUpdate(batch, i, accountUpdate.wrapAndApplyHeader(buffer, offset, header));
            case OrderAcceptedDecoder.TEMPLATE_ID ->
            {
                orders.onAccepted(batch, i, orderAccepted.wrapAndApplyHeader(buffer, offset, header));
                usage.onOrderAccepted(batch, i);
            }
            case OrderRejectedDecoder.TEMPLATE_ID ->
            {
                orders.onRejected(batch, i, orderRejected.wrapAndApplyHeader(buffer, offset, header));
                usage.onOrderRejected(batch, i);
            }
            case OrderRoutedDecoder.TEMPLATE_ID ->
                orders.onRouted(batch, i, orderRouted.wrapAndApplyHeader(buffer, offset, header));
            case OrderStatusChangedDecoder.TEMPLATE_ID ->
                orders.onStatusChanged(batch, i, statusChanged.wrapAndApplyHeader(buffer, offset, header));
            case FillDecoder.TEMPLATE_ID -> onFill(batch, i, fill.wrapAndApplyHeader(buffer, offset, header));
            case PositionUpdateDecoder.TEMPLATE_ID ->
                positions.onPositionUpdate(batch, i, positionUpdate.wrapAndApplyHeader(buffer, offset, header));
            case AccountStateDecoder.TEMPLATE_ID ->
            {
                accountState.wrapAndApplyHeader(buffer, offset, header);
                accounts.onAccountState(batch, i, accountState);
                dailyPnl.onAccountState(batch, i, accountState);
            }
            case RiskAlertDecoder.TEMPLATE_ID ->
                riskEvents.onRiskAlert(batch, i, riskAlert.wrapAndApplyHeader(buffer, offset, header));
            case KillSwitchEngagedDecoder.TEMPLATE_ID -> riskEvents.onKillSwitchEngaged(batch, i,
                killSwitchEngaged.wrapAndApplyHeader(buffer, offset, header));
            case InputRejectedDecoder.TEMPLATE_ID ->
            {
                riskEvents.onInputRejected(batch, i, inputRejected.wrapAndApplyHeader(buffer, offset, header));
                usage.onInputRejected(batch, i);
            }
            default ->
            {
                // an input no table is made of (NewOrder, ExecutionReport...): counted past
            }
        }
    }

    private void onFill(final EventBatch batch, final int i, final FillDecoder fill)
    {
        orders.onFill(batch, i, fill);
        fills.onFill(batch, i, fill);
        dailyPnl.onFill(batch, i, fill);
        usage.onFill(batch, i);
    }
}
