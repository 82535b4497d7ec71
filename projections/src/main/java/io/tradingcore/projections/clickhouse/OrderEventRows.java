package io.tradingcore.projections.clickhouse;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.KillSwitchEngagedDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderStatusChangedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.PositionUpdateDecoder;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.codec.Side;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.SinkException;

/**
 * Every output as a row of order_events: the fields it has, 0 or '' for those it has not. {@code status} is what the
 * event says happened: the order's new status, the reject reason, the route action, the alert kind. An output of a
 * template this code does not know still gets its row, with its position, time, tenant and account.
 */
final class OrderEventRows
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderAcceptedDecoder accepted = new OrderAcceptedDecoder();
    private final OrderRejectedDecoder rejected = new OrderRejectedDecoder();
    private final OrderRoutedDecoder routed = new OrderRoutedDecoder();
    private final OrderStatusChangedDecoder statusChanged = new OrderStatusChangedDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final PositionUpdateDecoder positionUpdate = new PositionUpdateDecoder();
    private final AccountStateDecoder accountState = new AccountStateDecoder();
    private final RiskAlertDecoder riskAlert = new RiskAlertDecoder();
    private final KillSwitchEngagedDecoder killSwitch = new KillSwitchEngagedDecoder();
    private final InputRejectedDecoder inputRejected = new InputRejectedDecoder();
    private final Instruments instruments;
    private final OrderInstruments orderInstruments;

    /** The columns after the position, time, tenant and account, filled by one event and then written. */
    private String event;
    private long orderId;
    private long clientOrderId;
    private int instrumentId;
    private String side;
    private String orderType;
    private String status;
    private long quantity;
    private long price;
    private long stopPrice;
    private long touchBid;
    private long touchAsk;
    private int strategyId;
    private String text;

    OrderEventRows(final Instruments instruments, final OrderInstruments orderInstruments)
    {
        this.instruments = instruments;
        this.orderInstruments = orderInstruments;
    }

    void add(final TabSeparated rows, final EventBatch batch, final int index) throws SinkException
    {
        reset();
        final int offset = batch.offset(index);
        switch (batch.templateId(index))
        {
            case OrderAcceptedDecoder.TEMPLATE_ID -> orderAccepted(accepted.wrapAndApplyHeader(batch.buffer(), offset,
                header), batch.inputSequence(index));
            case OrderRejectedDecoder.TEMPLATE_ID -> orderRejected(rejected.wrapAndApplyHeader(batch.buffer(), offset,
                header));
            case OrderRoutedDecoder.TEMPLATE_ID -> orderRouted(routed.wrapAndApplyHeader(batch.buffer(), offset,
                header));
            case OrderStatusChangedDecoder.TEMPLATE_ID -> statusChanged(statusChanged.wrapAndApplyHeader(
                batch.buffer(), offset, header));
            case FillDecoder.TEMPLATE_ID -> fill(fill.wrapAndApplyHeader(batch.buffer(), offset, header));
            case PositionUpdateDecoder.TEMPLATE_ID -> positionUpdate(positionUpdate.wrapAndApplyHeader(
                batch.buffer(), offset, header));
            case AccountStateDecoder.TEMPLATE_ID -> accountState(accountState.wrapAndApplyHeader(batch.buffer(),
                offset, header));
            case RiskAlertDecoder.TEMPLATE_ID -> riskAlert(riskAlert.wrapAndApplyHeader(batch.buffer(), offset,
                header));
            case KillSwitchEngagedDecoder.TEMPLATE_ID -> killSwitch(killSwitch.wrapAndApplyHeader(batch.buffer(),
                offset, header));
            case InputRejectedDecoder.TEMPLATE_ID -> inputRejected(inputRejected.wrapAndApplyHeader(batch.buffer(),
                offset, header));
            default -> event = "template " + batch.templateId(index);
        }
        rows.add(batch.inputSequence(index)).add(batch.outputIndex(index)).dateTime(batch.timeNs(index))
            .add(batch.timeNs(index)).add(batch.tenantId(index)).add(batch.accountId(index)).text(event)
            .add(orderId).add(clientOrderId).add(instrumentId).text(side).text(orderType).text(status)
            .decimal(quantity, FixedPoint.QUANTITY_DIGITS);
        Prices.add(rows, price, instrumentId, instruments, batch, index);
        Prices.add(rows, stopPrice, instrumentId, instruments, batch, index);
        Prices.add(rows, touchBid, instrumentId, instruments, batch, index);
        Prices.add(rows, touchAsk, instrumentId, instruments, batch, index);
        rows.add(strategyId).text(text);
        rows.endRow();
    }

    private void reset()
    {
        event = "";
        orderId = 0;
        clientOrderId = 0;
        instrumentId = 0;
        side = "";
        orderType = "";
        status = "";
        quantity = 0;
        price = 0;
        stopPrice = 0;
        touchBid = 0;
        touchAsk = 0;
        strategyId = 0;
        text = "";
    }

    private void order(final long engineOrderId, final long clientId, final int instrument)
    {
        orderId = engineOrderId;
        clientOrderId = clientId;
        instrumentId = instrument;
        orderInstruments.remember(engineOrderId, instrument);
    }

    private void orderAccepted(final OrderAcceptedDecoder decoder, final long inputSequence)
    {
        event = "OrderAccepted";
        order(decoder.orderId(), decoder.clientOrderId(), decoder.instrumentId());
        side = sideName(decoder.sideRaw());
        orderType = orderTypeName(decoder.orderTypeRaw());
        status = "ACCEPTED";
        quantity = decoder.quantity();
        price = decoder.price();
        stopPrice = decoder.stopPrice();
        strategyId = decoder.strategyId();
        // The touch the engine saw: the instrument's latest tick before the input that placed the order. A parked
        // order replayed after newer ticks has none known.
        final Instruments.Touch touch = instruments.touch(instrumentId);
        if (touch != null && touch.inputSequence() < inputSequence)
        {
            touchBid = touch.bid();
            touchAsk = touch.ask();
        }
    }

    private void orderRejected(final OrderRejectedDecoder decoder)
    {
        event = "OrderRejected";
        orderId = decoder.orderId();
        clientOrderId = decoder.clientOrderId();
        status = decoder.reason().name();
        strategyId = decoder.strategyId();
        text = decoder.text();
    }

    private void orderRouted(final OrderRoutedDecoder decoder)
    {
        event = "OrderRouted";
        order(decoder.orderId(), decoder.clientOrderId(), decoder.instrumentId());
        side = sideName(decoder.sideRaw());
        orderType = orderTypeName(decoder.orderTypeRaw());
        status = decoder.action().name();
        quantity = decoder.quantity();
        price = decoder.price();
        stopPrice = decoder.stopPrice();
    }

    private void statusChanged(final OrderStatusChangedDecoder decoder) throws SinkException
    {
        event = "OrderStatusChanged";
        orderId = decoder.orderId();
        clientOrderId = decoder.clientOrderId();
        status = decoder.status().name();
        quantity = decoder.leavesQuantity();
        price = decoder.price();
        strategyId = decoder.strategyId();
        instrumentId = price == 0 ? 0 : orderInstruments.instrumentOf(orderId);
    }

    private void fill(final FillDecoder decoder)
    {
        event = "Fill";
        order(decoder.orderId(), decoder.clientOrderId(), decoder.instrumentId());
        side = sideName(decoder.sideRaw());
        status = decoder.leavesQuantity() == 0 ? "FILLED" : "PARTIALLY_FILLED";
        quantity = decoder.quantity();
        price = decoder.price();
        strategyId = decoder.strategyId();
    }

    private void positionUpdate(final PositionUpdateDecoder decoder)
    {
        event = "PositionUpdate";
        instrumentId = decoder.instrumentId();
        quantity = decoder.netQuantity();
        price = decoder.averagePrice();
    }

    private void accountState(final AccountStateDecoder decoder)
    {
        event = "AccountState";
        status = decoder.halted().name();
    }

    private void riskAlert(final RiskAlertDecoder decoder)
    {
        event = "RiskAlert";
        status = decoder.kind().name();
        text = decoder.text();
    }

    private void killSwitch(final KillSwitchEngagedDecoder decoder)
    {
        event = "KillSwitchEngaged";
        status = decoder.scope().name();
        text = decoder.reason();
    }

    private void inputRejected(final InputRejectedDecoder decoder)
    {
        event = "InputRejected";
        status = decoder.reason().name();
        text = decoder.text();
    }

    private static String sideName(final short raw)
    {
        return raw == Side.BUY.value() ? "BUY" : raw == Side.SELL.value() ? "SELL" : "side " + raw;
    }

    private static String orderTypeName(final short raw)
    {
        for (final OrderType type : OrderType.values())
        {
            if (type != OrderType.NULL_VAL && type.value() == raw)
            {
                return type.name();
            }
        }
        return "type " + raw;
    }
}
