package io.tradingcore.projections.postgres;

import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderStatusChangedDecoder;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.projections.EventBatch;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;
import org.postgresql.copy.CopyManager;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The orders table (each order's current state) and order_events (every order-related output, appended). Orders an
 * earlier batch accepted are read once per batch, before its events are applied, so that a batch costs one query for
 * them however many events name them. The batch's new orders are copied into the table; the earlier ones are
 * updated by one statement.
 */
final class OrderRows implements TableRows
{
    private static final String ORDER_COLUMNS = "tenant_id, order_id, client_order_id, account_id, instrument_id, " +
        "strategy_id, price_digits, side, order_type, time_in_force, quantity, price, stop_price, status, " +
        "leaves_quantity, filled_quantity, fill_notional, avg_fill_price, fill_count, reject_reason, " +
        "created_input_sequence, created_output_index, created_at, updated_input_sequence, updated_output_index, " +
        "updated_at";
    /** Orders an earlier batch accepted: their rows exist, only what moves is set. */
    private static final String UPDATE = "UPDATE orders o SET quantity = s.quantity, price = s.price, " +
        "status = s.status, leaves_quantity = s.leaves_quantity, filled_quantity = s.filled_quantity, " +
        "fill_notional = s.fill_notional, avg_fill_price = s.avg_fill_price, fill_count = s.fill_count, " +
        "reject_reason = s.reject_reason, updated_input_sequence = s.updated_input_sequence, " +
        "updated_output_index = s.updated_output_index, updated_at = s.updated_at FROM unnest(%s) AS s (" +
        "tenant_id, order_id, quantity, price, status, leaves_quantity, filled_quantity, fill_notional, " +
        "avg_fill_price, fill_count, reject_reason, updated_input_sequence, updated_output_index, updated_at) " +
        "WHERE o.tenant_id = s.tenant_id AND o.order_id = s.order_id";
    private static final String LOAD = "SELECT tenant_id, order_id, client_order_id, account_id, instrument_id, " +
        "strategy_id, price_digits, side, order_type, time_in_force, quantity, price, stop_price, status, " +
        "leaves_quantity, filled_quantity, fill_notional, fill_count, reject_reason, created_input_sequence, " +
        "created_output_index, (extract(epoch FROM created_at) * 1000000)::bigint * 1000 " +
        "FROM orders WHERE order_id = ANY (?)";

    private final CopyRows created = new CopyRows("orders", ORDER_COLUMNS);
    private final UnnestRows updated = new UnnestRows(UPDATE, "integer", "bigint", "numeric", "numeric", "text",
        "numeric", "numeric", "numeric", "numeric", "integer", "text", "bigint", "integer", "timestamptz");
    private final CopyRows events = new CopyRows("order_events", EventColumns.PLACE +
        ", type, order_id, client_order_id, status, action, reason, venue_code, text");
    private final Long2ObjectHashMap<OrderState> orders = new Long2ObjectHashMap<>();
    private final LongHashSet acceptedIds = new LongHashSet();
    private final LongHashSet namedIds = new LongHashSet();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderAcceptedDecoder accepted = new OrderAcceptedDecoder();
    private final OrderRoutedDecoder routed = new OrderRoutedDecoder();
    private final OrderStatusChangedDecoder statusChanged = new OrderStatusChangedDecoder();
    private final OrderRejectedDecoder rejected = new OrderRejectedDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final InstrumentDigits digits;

    OrderRows(final InstrumentDigits digits)
    {
        this.digits = digits;
    }

    @Override
    public void clear()
    {
        created.clear();
        updated.clear();
        events.clear();
        orders.clear();
    }

    /** Reads the orders that the batch's events name and an earlier batch accepted, in the batch's transaction. */
    void load(final EventBatch batch, final Connection connection) throws SQLException
    {
        acceptedIds.clear();
        namedIds.clear();
        for (int i = 0; i < batch.size(); i++)
        {
            if (batch.parkReason(i) == null)
            {
                try
                {
                    scan(batch, i);
                }
                catch (final RuntimeException ex)
                {
                    throw UnstorableEvent.at(batch, i, ex);
                }
            }
        }
        namedIds.removeAll(acceptedIds);
        if (namedIds.isEmpty())
        {
            return;
        }
        final Long[] ids = new Long[namedIds.size()];
        int at = 0;
        for (final LongHashSet.LongIterator it = namedIds.iterator(); it.hasNext(); )
        {
            ids[at++] = it.nextValue();
        }
        final Array array = connection.createArrayOf("int8", ids);
        try (PreparedStatement query = connection.prepareStatement(LOAD))
        {
            query.setArray(1, array);
            try (ResultSet rows = query.executeQuery())
            {
                while (rows.next())
                {
                    final OrderState order = read(rows);
                    order.stored = true;
                    orders.put(order.orderId, order);
                }
            }
        }
        finally
        {
            array.free();
        }
    }

    /** Notes the order an event makes (OrderAccepted) or moves. */
    private void scan(final EventBatch batch, final int index)
    {
        final DirectBuffer buffer = batch.buffer();
        final int offset = batch.offset(index);
        final int templateId = batch.templateId(index);
        header.wrap(buffer, offset);
        if (templateId == OrderAcceptedDecoder.TEMPLATE_ID)
        {
            acceptedIds.add(accepted.wrapAndApplyHeader(buffer, offset, header).orderId());
            return;
        }
        final long orderId = switch (templateId)
        {
            case OrderRoutedDecoder.TEMPLATE_ID -> routed.wrapAndApplyHeader(buffer, offset, header).orderId();
            case OrderStatusChangedDecoder.TEMPLATE_ID ->
                statusChanged.wrapAndApplyHeader(buffer, offset, header).orderId();
            case FillDecoder.TEMPLATE_ID -> fill.wrapAndApplyHeader(buffer, offset, header).orderId();
            case OrderRejectedDecoder.TEMPLATE_ID -> rejected.wrapAndApplyHeader(buffer, offset, header).orderId();
            default -> 0;
        };
        if (orderId != 0)
        {
            namedIds.add(orderId);
        }
    }

    private static OrderState read(final ResultSet rows) throws SQLException
    {
        final OrderState order = new OrderState();
        order.tenantId = rows.getInt(1);
        order.orderId = rows.getLong(2);
        order.clientOrderId = rows.getLong(3);
        order.accountId = rows.getLong(4);
        order.instrumentId = rows.getInt(5);
        order.strategyId = rows.getInt(6);
        order.digits = rows.getInt(7);
        order.side = rows.getString(8);
        order.orderType = rows.getString(9);
        order.timeInForce = rows.getString(10);
        order.quantity = unscaled(rows.getBigDecimal(11), FixedPoint.QUANTITY_DIGITS);
        order.price = unscaled(rows.getBigDecimal(12), order.digits);
        order.stopPrice = unscaled(rows.getBigDecimal(13), order.digits);
        order.status = OrderStatus.valueOf(rows.getString(14));
        order.leavesQuantity = unscaled(rows.getBigDecimal(15), FixedPoint.QUANTITY_DIGITS);
        order.filledQuantity = unscaled(rows.getBigDecimal(16), FixedPoint.QUANTITY_DIGITS);
        order.fillNotional = rows.getBigDecimal(17);
        order.fillCount = rows.getInt(18);
        order.rejectReason = rows.getString(19);
        order.createdInputSequence = rows.getLong(20);
        order.createdOutputIndex = rows.getInt(21);
        order.createdTimeNs = rows.getLong(22);
        return order;
    }

    private static long unscaled(final BigDecimal value, final int scale)
    {
        return value.setScale(scale).unscaledValue().longValueExact();
    }

    void onAccepted(final EventBatch batch, final int index, final OrderAcceptedDecoder message)
    {
        final OrderState order = new OrderState();
        order.tenantId = batch.tenantId(index);
        order.orderId = message.orderId();
        order.clientOrderId = message.clientOrderId();
        order.accountId = message.accountId();
        order.instrumentId = message.instrumentId();
        order.strategyId = message.strategyId();
        order.digits = digits.of(order.instrumentId);
        order.side = message.side().name();
        order.orderType = message.orderType().name();
        order.timeInForce = message.timeInForce().name();
        order.quantity = message.quantity();
        order.price = message.price();
        order.stopPrice = message.stopPrice();
        order.status = OrderStatus.PENDING_NEW;
        order.leavesQuantity = order.quantity;
        order.createdInputSequence = batch.inputSequence(index);
        order.createdOutputIndex = batch.outputIndex(index);
        order.createdTimeNs = batch.timeNs(index);
        order.updatedBy(order.createdInputSequence, order.createdOutputIndex, order.createdTimeNs);
        orders.put(order.orderId, order);
        event(batch, index, "OrderAccepted", order.orderId, order.clientOrderId).text(order.status.name()).nul()
            .nul().nul().nul().endRow();
    }

    void onRouted(final EventBatch batch, final int index, final OrderRoutedDecoder message)
    {
        final OrderState order = order(batch, index, message.orderId());
        if (order != null)
        {
            order.onRouted(message.action());
        }
        event(batch, index, "OrderRouted", message.orderId(), message.clientOrderId()).nul()
            .text(message.action().name()).nul().nul().nul().endRow();
    }

    void onStatusChanged(final EventBatch batch, final int index, final OrderStatusChangedDecoder message)
    {
        final OrderState order = order(batch, index, message.orderId());
        if (order != null)
        {
            order.onStatusChanged(message.status(), message.leavesQuantity(), message.price());
        }
        event(batch, index, "OrderStatusChanged", message.orderId(), message.clientOrderId())
            .text(message.status().name()).nul().nul().nul().nul().endRow();
    }

    void onFill(final EventBatch batch, final int index, final FillDecoder message)
    {
        final OrderState order = order(batch, index, message.orderId());
        if (order != null)
        {
            order.onFill(message.quantity(), message.price(), message.leavesQuantity());
        }
        event(batch, index, "Fill", message.orderId(), message.clientOrderId()).nul().nul().nul().nul().nul().endRow();
    }

    void onRejected(final EventBatch batch, final int index, final OrderRejectedDecoder message)
    {
        final long orderId = message.orderId();
        final RejectReason reason = message.reason();
        final int venueCode = message.venueCode();
        final String text = message.text();
        if (orderId != 0)
        {
            final OrderState order = order(batch, index, orderId);
            if (order != null)
            {
                order.onRejected(reason);
            }
        }
        event(batch, index, "OrderRejected", orderId, message.clientOrderId()).nul().nul().text(reason.name())
            .int4(venueCode).text(text).endRow();
    }

    /** The order an event names, marked updated by it; null when no batch accepted it (or another tenant's). */
    private OrderState order(final EventBatch batch, final int index, final long orderId)
    {
        final OrderState order = orders.get(orderId);
        if (order == null || order.tenantId != batch.tenantId(index))
        {
            return null;
        }
        order.updatedBy(batch.inputSequence(index), batch.outputIndex(index), batch.timeNs(index));
        return order;
    }

    private CopyRows event(
        final EventBatch batch, final int index, final String type, final long orderId, final long clientOrderId)
    {
        EventColumns.place(events, batch, index).text(type);
        if (orderId == 0)
        {
            events.nul();
        }
        else
        {
            events.int8(orderId);
        }
        return events.int8(clientOrderId);
    }

    @Override
    public void copy(final CopyManager copy) throws SQLException
    {
        events.copy(copy);
        for (final OrderState order : orders.values())
        {
            if (order.stored)
            {
                update(order);
            }
            else
            {
                create(order);
            }
        }
        created.copy(copy);
    }

    private void update(final OrderState order)
    {
        final int lots = FixedPoint.QUANTITY_DIGITS;
        updated.number(order.tenantId).number(order.orderId).decimal(order.quantity, lots)
            .decimal(order.price, order.digits).text(order.status.name()).decimal(order.leavesQuantity, lots)
            .decimal(order.filledQuantity, lots).numeric(order.fillNotional).numeric(order.averageFillPrice())
            .number(order.fillCount).text(order.rejectReason).number(order.updatedInputSequence)
            .number(order.updatedOutputIndex).timestamp(order.updatedTimeNs).endRow();
    }

    private void create(final OrderState order)
    {
        final CopyRows rows = created;
        final int scale = order.digits;
        rows.int4(order.tenantId).int8(order.orderId).int8(order.clientOrderId).int8(order.accountId)
            .int4(order.instrumentId).int4(order.strategyId).int2(scale).text(order.side).text(order.orderType)
            .text(order.timeInForce).decimal(order.quantity, FixedPoint.QUANTITY_DIGITS).decimal(order.price, scale)
            .decimal(order.stopPrice, scale).text(order.status.name())
            .decimal(order.leavesQuantity, FixedPoint.QUANTITY_DIGITS)
            .decimal(order.filledQuantity, FixedPoint.QUANTITY_DIGITS).numeric(order.fillNotional)
            .numeric(order.averageFillPrice()).int4(order.fillCount).text(order.rejectReason)
            .int8(order.createdInputSequence).int4(order.createdOutputIndex).timestamp(order.createdTimeNs)
            .int8(order.updatedInputSequence).int4(order.updatedOutputIndex).timestamp(order.updatedTimeNs).endRow();
    }

    @Override
    public List<UnnestRows> merges()
    {
        return List.of(updated);
    }

}
