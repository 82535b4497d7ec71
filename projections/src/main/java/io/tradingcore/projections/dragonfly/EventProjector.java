package io.tradingcore.projections.dragonfly;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderStatusChangedDecoder;
import io.tradingcore.codec.PositionUpdateDecoder;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.SinkException;
import io.tradingcore.projections.dragonfly.OrderWriter.OrderRef;
import org.agrona.MutableDirectBuffer;

import java.util.Set;

/**
 * Hands each event of a batch to the writer of its family. The events no family keeps (routing, risk alerts, input
 * rejects, the inputs the sink does not ask for) pass without a write. An event that cannot be turned into writes
 * (malformed, or naming an instrument never defined) fails the whole batch as {@code REJECTED} before anything is
 * sent, so that the runtime parks it.
 */
final class EventProjector
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MarketTickDecoder tick = new MarketTickDecoder();
    private final DefineInstrumentDecoder defineInstrument = new DefineInstrumentDecoder();
    private final DefineTenantDecoder defineTenant = new DefineTenantDecoder();
    private final AccountUpdateDecoder accountUpdate = new AccountUpdateDecoder();
    private final OrderAcceptedDecoder accepted = new OrderAcceptedDecoder();
    private final OrderRejectedDecoder rejected = new OrderRejectedDecoder();
    private final OrderStatusChangedDecoder statusChanged = new OrderStatusChangedDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final PositionUpdateDecoder positionUpdate = new PositionUpdateDecoder();
    private final AccountStateDecoder accountState = new AccountStateDecoder();
    private final QuoteWriter quotes;
    private final PositionWriter positions;
    private final AccountWriter accounts;
    private final OrderWriter orders;

    EventProjector(final DragonflyKeys keys, final Instruments instruments)
    {
        this.quotes = new QuoteWriter(keys, instruments);
        this.positions = new PositionWriter(keys, instruments);
        this.accounts = new AccountWriter(keys);
        this.orders = new OrderWriter(keys, instruments);
    }

    OrderWriter orders()
    {
        return orders;
    }

    /** Adds the open order the event updates, if it updates one, to the orders to read before the batch is built. */
    void collectOrderToRead(final EventBatch batch, final int index, final Set<OrderRef> into) throws SinkException
    {
        final MutableDirectBuffer buffer = batch.buffer();
        final int body = body(batch, index);
        final int block = header.blockLength();
        final int version = header.version();
        switch (batch.templateId(index))
        {
            case OrderStatusChangedDecoder.TEMPLATE_ID ->
                into.add(orderRef(statusChanged.wrap(buffer, body, block, version).tenantId(),
                    statusChanged.accountId(), statusChanged.orderId()));
            case FillDecoder.TEMPLATE_ID ->
                into.add(orderRef(fill.wrap(buffer, body, block, version).tenantId(), fill.accountId(),
                    fill.orderId()));
            case OrderRejectedDecoder.TEMPLATE_ID ->
            {
                rejected.wrap(buffer, body, block, version);
                if (rejected.orderId() != 0)
                {
                    into.add(orderRef(rejected.tenantId(), rejected.accountId(), rejected.orderId()));
                }
            }
            default ->
            {
                // no stored order to start from
            }
        }
    }

    void project(final EventBatch batch, final int index, final BatchWrites writes) throws SinkException
    {
        final MutableDirectBuffer buffer = batch.buffer();
        final int body = body(batch, index);
        final int block = header.blockLength();
        final int version = header.version();
        try
        {
            switch (batch.templateId(index))
            {
                case MarketTickDecoder.TEMPLATE_ID -> quotes.onTick(tick.wrap(buffer, body, block, version), writes);
                case DefineInstrumentDecoder.TEMPLATE_ID ->
                    quotes.onDefineInstrument(defineInstrument.wrap(buffer, body, block, version), writes);
                case DefineTenantDecoder.TEMPLATE_ID ->
                    accounts.onDefineTenant(defineTenant.wrap(buffer, body, block, version), writes);
                case AccountUpdateDecoder.TEMPLATE_ID ->
                    accounts.onAccountUpdate(accountUpdate.wrap(buffer, body, block, version), writes);
                case AccountStateDecoder.TEMPLATE_ID ->
                    accounts.onAccountState(accountState.wrap(buffer, body, block, version), writes);
                case PositionUpdateDecoder.TEMPLATE_ID ->
                    positions.onPositionUpdate(positionUpdate.wrap(buffer, body, block, version), writes);
                case OrderAcceptedDecoder.TEMPLATE_ID ->
                    orders.onAccepted(accepted.wrap(buffer, body, block, version), writes);
                case OrderStatusChangedDecoder.TEMPLATE_ID ->
                    orders.onStatusChanged(statusChanged.wrap(buffer, body, block, version), writes);
                case FillDecoder.TEMPLATE_ID -> orders.onFill(fill.wrap(buffer, body, block, version), writes);
                case OrderRejectedDecoder.TEMPLATE_ID ->
                    orders.onRejected(rejected.wrap(buffer, body, block, version), writes);
                default ->
                {
                    // not kept by this sink
                }
            }
        }
        catch (final IllegalArgumentException | IllegalStateException | ArithmeticException |
            IndexOutOfBoundsException ex)
        {
            throw SinkException.rejected(describe(batch, index) + ": " + ex.getMessage(), ex);
        }
    }

    private OrderRef orderRef(final int tenantId, final long accountId, final long orderId)
    {
        return orders.ref(tenantId, accountId, orderId);
    }

    /** Wraps the header and checks the message holds its block; returns where the block starts. */
    private int body(final EventBatch batch, final int index) throws SinkException
    {
        final int offset = batch.offset(index);
        final int length = batch.length(index);
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw SinkException.rejected(describe(batch, index) + ": " + length + " bytes hold no header", null);
        }
        header.wrap(batch.buffer(), offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID ||
            MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength() > length)
        {
            throw SinkException.rejected(describe(batch, index) + ": schema " + header.schemaId() + ", block of "
                + header.blockLength() + " bytes in a message of " + length, null);
        }
        return offset + MessageHeaderDecoder.ENCODED_LENGTH;
    }

    private static String describe(final EventBatch batch, final int index)
    {
        return "event " + batch.inputSequence(index) + "/" + batch.outputIndex(index) + " (template "
            + batch.templateId(index) + ")";
    }
}
