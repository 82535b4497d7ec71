package io.tradingcore.projections.dragonfly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderStatusChangedDecoder;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.projections.dragonfly.Instruments.Instrument;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The open orders of each account: one hash per account, order id -> the order's summary as JSON. An order enters
 * with its OrderAccepted, is updated by its status changes and fills, and leaves when it is filled, cancelled,
 * expired or rejected. The events after the OrderAccepted carry only some of the summary, so an update starts from
 * the summary as stored, read before the batch is built ({@link #begin}), or as the batch left it. An event about
 * an order that is not open (a late fill of a cancelled order) changes nothing.
 */
final class OrderWriter
{
    /** Where an open order's summary is: its account's hash and its id there. */
    record OrderRef(String key, String field)
    {
    }

    private static final Set<String> ENDED = Set.of(
        OrderStatus.FILLED.name(), OrderStatus.CANCELLED.name(), OrderStatus.EXPIRED.name(),
        OrderStatus.REJECTED.name());

    private final DragonflyKeys keys;
    private final Instruments instruments;
    /** The orders this batch changed, as it left them; null for one it removed. */
    private final Map<OrderRef, ObjectNode> changed = new HashMap<>();
    private Map<OrderRef, String> stored = Map.of();

    OrderWriter(final DragonflyKeys keys, final Instruments instruments)
    {
        this.keys = keys;
        this.instruments = instruments;
    }

    OrderRef ref(final int tenantId, final long accountId, final long orderId)
    {
        return new OrderRef(keys.openOrders(tenantId, accountId), Long.toString(orderId));
    }

    /** Starts a batch from the stored summaries of the orders it updates (absent: not open). */
    void begin(final Map<OrderRef, String> storedOrders)
    {
        changed.clear();
        stored = storedOrders;
    }

    void onAccepted(final OrderAcceptedDecoder accepted, final BatchWrites writes)
    {
        final Instrument instrument = instruments.get(accepted.instrumentId());
        if (instrument == null)
        {
            throw new IllegalArgumentException("instrument " + accepted.instrumentId() + " is not defined");
        }
        final ObjectNode order = Json.object();
        order.put("orderId", accepted.orderId());
        order.put("clientOrderId", accepted.clientOrderId());
        order.put("tenantId", accepted.tenantId());
        order.put("accountId", accepted.accountId());
        order.put("instrumentId", instrument.instrumentId());
        order.put("symbol", instrument.symbol());
        order.put("side", accepted.side().name());
        order.put("orderType", accepted.orderType().name());
        order.put("timeInForce", accepted.timeInForce().name());
        order.put("status", OrderStatus.PENDING_NEW.name());
        order.put("quantity", FixedPoint.formatQuantity(accepted.quantity()));
        order.put("filledQuantity", FixedPoint.formatQuantity(0));
        order.put("leavesQuantity", FixedPoint.formatQuantity(accepted.quantity()));
        order.put("price", instrument.price(accepted.price()));
        order.put("stopPrice", instrument.price(accepted.stopPrice()));
        order.put("strategyId", accepted.strategyId());
        order.put("venueOrderId", 0L);
        order.put("timeNs", accepted.timeNs());
        store(ref(accepted.tenantId(), accepted.accountId(), accepted.orderId()), accepted.tenantId(), order, writes);
    }

    void onStatusChanged(final OrderStatusChangedDecoder change, final BatchWrites writes)
    {
        final OrderRef ref = ref(change.tenantId(), change.accountId(), change.orderId());
        final ObjectNode order = current(ref);
        if (order == null)
        {
            return;
        }
        final long filled = quantity(order, "filledQuantity");
        order.put("status", change.status().name());
        order.put("leavesQuantity", FixedPoint.formatQuantity(change.leavesQuantity()));
        order.put("quantity", FixedPoint.formatQuantity(Math.addExact(filled, change.leavesQuantity())));
        order.put("price", instrumentOf(order).price(change.price()));
        order.put("venueOrderId", change.venueOrderId());
        order.put("timeNs", change.timeNs());
        store(ref, change.tenantId(), order, writes);
    }

    void onFill(final FillDecoder fill, final BatchWrites writes)
    {
        final OrderRef ref = ref(fill.tenantId(), fill.accountId(), fill.orderId());
        final ObjectNode order = current(ref);
        if (order == null)
        {
            return;
        }
        final long filled = Math.addExact(quantity(order, "filledQuantity"), fill.quantity());
        final String status = Json.text(order, "status");
        order.put("filledQuantity", FixedPoint.formatQuantity(filled));
        order.put("leavesQuantity", FixedPoint.formatQuantity(fill.leavesQuantity()));
        order.put("quantity", FixedPoint.formatQuantity(Math.addExact(filled, fill.leavesQuantity())));
        order.put("lastFillPrice", instrumentOf(order).price(fill.price()));
        if (fill.leavesQuantity() == 0)
        {
            order.put("status", OrderStatus.FILLED.name());
        }
        else if (status.equals(OrderStatus.PENDING_NEW.name()) || status.equals(OrderStatus.WORKING.name()))
        {
            // As the engine does: a pending cancel or modify stays pending through a partial fill.
            order.put("status", OrderStatus.PARTIALLY_FILLED.name());
        }
        order.put("timeNs", fill.timeNs());
        store(ref, fill.tenantId(), order, writes);
    }

    /** A reject of an accepted order (the venue refused it) ends it; one of a new order never made it open. */
    void onRejected(final OrderRejectedDecoder rejected, final BatchWrites writes)
    {
        if (rejected.orderId() == 0)
        {
            return;
        }
        final OrderRef ref = ref(rejected.tenantId(), rejected.accountId(), rejected.orderId());
        final ObjectNode order = current(ref);
        if (order == null)
        {
            return;
        }
        order.put("status", OrderStatus.REJECTED.name());
        order.put("rejectReason", rejected.reason().name());
        order.put("timeNs", rejected.timeNs());
        store(ref, rejected.tenantId(), order, writes);
    }

    private ObjectNode current(final OrderRef ref)
    {
        if (changed.containsKey(ref))
        {
            return changed.get(ref);
        }
        final String text = stored.get(ref);
        return text == null ? null : Json.parse(text);
    }

    private void store(final OrderRef ref, final int tenantId, final ObjectNode order, final BatchWrites writes)
    {
        final String summary = order.toString();
        if (ENDED.contains(Json.text(order, "status")))
        {
            changed.put(ref, null);
            writes.delete(ref.key(), ref.field());
        }
        else
        {
            changed.put(ref, order);
            writes.put(ref.key(), ref.field(), summary);
        }
        writes.publish(keys.ordersChannel(tenantId), ref.key() + '#' + ref.field(), summary);
    }

    private Instrument instrumentOf(final ObjectNode order)
    {
        final int instrumentId = Integer.parseInt(Json.text(order, "instrumentId"));
        final Instrument instrument = instruments.get(instrumentId);
        if (instrument == null)
        {
            throw new IllegalArgumentException("instrument " + instrumentId + " is not defined");
        }
        return instrument;
    }

    private static long quantity(final ObjectNode order, final String field)
    {
        return FixedPoint.parse(Json.text(order, field), FixedPoint.QUANTITY_DIGITS);
    }
}
