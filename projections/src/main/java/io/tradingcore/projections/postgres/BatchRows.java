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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch into rows and writes them in the caller's transaction: each event is decoded once and handed to the
 * tables it makes rows of, parked events go to dead_letters instead; then every table's rows go with COPY and the
 * staged ones are merged, with the checkpoint, by one round trip of statements. Events no table wants are passed over.
 */
final class BatchRows
{
    /** Staging tables of the session, emptied by every commit; created again on every connection. */
    static final String CREATE_STAGING = String.join(";\n",
        staging("tenants"), staging("instruments"), staging("accounts"), staging("orders"), staging("positions"),
        staging("daily_pnl"), staging("usage"), staging("usage_accounts"));

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
    private final List<String> statements = new ArrayList<>();

    BatchRows(final InstrumentDigits digits)
    {
        reference = new ReferenceRows(digits);
        orders = new OrderRows(digits);
        fills = new FillRows(digits);
        positions = new PositionRows(digits);
        tables = List.of(reference, accounts, orders, fills, positions, riskEvents, dailyPnl, usage, deadLetters);
    }

    private static String staging(final String table)
    {
        return "CREATE TEMP TABLE IF NOT EXISTS stage_" + table + " (LIKE " + table + ") ON COMMIT DELETE ROWS";
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
                throw new UnstorableEvent("event " + batch.inputSequence(i) + "/" + batch.outputIndex(i) +
                    " (template " + batch.templateId(i) + "): " + ex.getMessage());
            }
        }
        final CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        statements.clear();
        for (final TableRows table : tables)
        {
            table.copy(copy);
            table.merge(statements);
        }
        if (checkpoint != null)
        {
            statements.add("UPDATE checkpoint SET last_input = " + checkpoint.lastInput() + ", output_input = " +
                checkpoint.outputInput() + ", output_index = " + checkpoint.outputIndex());
        }
        if (!statements.isEmpty())
        {
            try (Statement statement = connection.createStatement())
            {
                statement.execute(String.join(";\n", statements));
            }
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
