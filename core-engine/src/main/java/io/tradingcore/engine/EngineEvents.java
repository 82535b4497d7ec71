package io.tradingcore.engine;

import io.tradingcore.codec.AccountStateEncoder;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.ClientCommandDoneEncoder;
import io.tradingcore.codec.FillEncoder;
import io.tradingcore.codec.InputRejectedEncoder;
import io.tradingcore.codec.KillScope;
import io.tradingcore.codec.KillSwitchEngagedEncoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.OrderAcceptedEncoder;
import io.tradingcore.codec.OrderRejectedEncoder;
import io.tradingcore.codec.OrderRoutedEncoder;
import io.tradingcore.codec.OrderStatusChangedEncoder;
import io.tradingcore.codec.PositionUpdateEncoder;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RiskAlertEncoder;
import io.tradingcore.codec.RouteAction;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;

/**
 * Encodes the engine's output events for the current input into one batch buffer. Every event
 * carries the input sequence that caused it and the engine time, so consumers can be idempotent.
 */
final class EngineEvents
{
    private final ExpandableDirectByteBuffer storage = new ExpandableDirectByteBuffer(64 * 1024);
    /*
     * The encoders write through a view of the storage that checks nothing per field: an expandable buffer checks
     * its capacity on every put, and even a plain one its bounds. beginMessage makes room for the whole message,
     * growing the storage and re-wrapping the view when needed.
     */
    private final OutputBatchBuffer batch = new OutputBatchBuffer(storage.byteBuffer());
    private final OrderAcceptedEncoder orderAccepted = new OrderAcceptedEncoder();
    private final OrderRejectedEncoder orderRejected = new OrderRejectedEncoder();
    private final OrderRoutedEncoder orderRouted = new OrderRoutedEncoder();
    private final OrderStatusChangedEncoder statusChanged = new OrderStatusChangedEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final PositionUpdateEncoder positionUpdate = new PositionUpdateEncoder();
    private final AccountStateEncoder accountState = new AccountStateEncoder();
    private final RiskAlertEncoder riskAlert = new RiskAlertEncoder();
    private final KillSwitchEngagedEncoder killSwitchEngaged = new KillSwitchEngagedEncoder();
    private final InputRejectedEncoder inputRejected = new InputRejectedEncoder();
    private final ClientCommandDoneEncoder clientCommandDone = new ClientCommandDoneEncoder();
    private long inputSequence;
    private long timeNs;
    private int length;
    private int messageStart;

    void beginInput(final long inputSequence, final long timeNs)
    {
        this.inputSequence = inputSequence;
        this.timeNs = timeNs;
        length = 0;
    }

    DirectBuffer buffer()
    {
        return batch;
    }

    int length()
    {
        return length;
    }

    private int beginMessage(final int maxLength)
    {
        final int limit = length + OutputBatch.LENGTH_PREFIX + maxLength;
        if (limit > batch.capacity())
        {
            storage.checkLimit(limit); // copies what the batch holds so far into the larger memory
            batch.wrap(storage.byteBuffer());
        }
        messageStart = length;
        return length + OutputBatch.LENGTH_PREFIX;
    }

    /**
     * Writes the SBE message header here rather than through a shared {@link MessageHeaderEncoder}: every producer of
     * messages in the process uses that one class with its own buffer type, which makes its calls megamorphic; these
     * writes go to the one concrete buffer class and compile to plain stores.
     *
     * @return the offset of the message body.
     */
    private int header(final int offset, final int blockLength, final int templateId)
    {
        batch.putShort(offset, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        batch.putShort(offset + 2, (short)templateId, ByteOrder.LITTLE_ENDIAN);
        batch.putShort(offset + 4, (short)MessageHeaderEncoder.SCHEMA_ID, ByteOrder.LITTLE_ENDIAN);
        batch.putShort(offset + 6, (short)MessageHeaderEncoder.SCHEMA_VERSION, ByteOrder.LITTLE_ENDIAN);
        return offset + MessageHeaderEncoder.ENCODED_LENGTH;
    }

    private void endMessage(final int encodedLength)
    {
        batch.putInt(messageStart, encodedLength, ByteOrder.LITTLE_ENDIAN);
        length = messageStart + OutputBatch.LENGTH_PREFIX + encodedLength;
    }

    void orderAccepted(final Order order)
    {
        final int offset = beginMessage(MessageHeaderEncoder.ENCODED_LENGTH + OrderAcceptedEncoder.BLOCK_LENGTH);
        orderAccepted.wrap(batch, header(offset, OrderAcceptedEncoder.BLOCK_LENGTH, OrderAcceptedEncoder.TEMPLATE_ID))
            .inputSequence(inputSequence)
            .timeNs(timeNs)
            .orderId(order.orderId)
            .clientOrderId(order.clientOrderId)
            .tenantId(order.tenantId)
            .accountId(order.accountId)
            .instrumentId(order.instrumentId)
            .side(order.side)
            .orderType(order.orderType)
            .timeInForce(order.timeInForce)
            .quantity(order.quantity)
            .price(order.price)
            .stopPrice(order.stopPrice)
            .strategyId(order.strategyId);
        endMessage(MessageHeaderEncoder.ENCODED_LENGTH + orderAccepted.encodedLength());
    }

    void orderRejected(
        final long orderId, final long clientOrderId, final int tenantId, final long accountId, final int strategyId,
        final RejectReason reason, final int venueCode, final ReasonText text)
    {
        final int offset = beginMessage(
            MessageHeaderEncoder.ENCODED_LENGTH + OrderRejectedEncoder.BLOCK_LENGTH + 4 + text.length());
        orderRejected.wrap(batch, header(offset, OrderRejectedEncoder.BLOCK_LENGTH, OrderRejectedEncoder.TEMPLATE_ID))
            .inputSequence(inputSequence)
            .timeNs(timeNs)
            .orderId(orderId)
            .clientOrderId(clientOrderId)
            .tenantId(tenantId)
            .accountId(accountId)
            .reason(reason)
            .venueCode(venueCode)
            .strategyId(strategyId)
            .putText(text.buffer(), 0, text.length());
        endMessage(MessageHeaderEncoder.ENCODED_LENGTH + orderRejected.encodedLength());
    }

    void orderRouted(final Order order, final RouteAction action)
    {
        final int offset = beginMessage(MessageHeaderEncoder.ENCODED_LENGTH + OrderRoutedEncoder.BLOCK_LENGTH);
        final boolean modify = action == RouteAction.MODIFY;
        orderRouted.wrap(batch, header(offset, OrderRoutedEncoder.BLOCK_LENGTH, OrderRoutedEncoder.TEMPLATE_ID))
            .inputSequence(inputSequence)
            .timeNs(timeNs)
            .orderId(order.orderId)
            .clientOrderId(order.clientOrderId)
            .tenantId(order.tenantId)
            .accountId(order.accountId)
            .instrumentId(order.instrumentId)
            .action(action)
            .side(order.side)
            .orderType(order.orderType)
            .timeInForce(order.timeInForce)
            .quantity(modify ? order.pendingQuantity - order.filledQuantity : order.leavesQuantity())
            .price(modify ? order.pendingPrice : order.price)
            .stopPrice(modify ? order.pendingStopPrice : order.stopPrice)
            .expiryTimeNs(order.expiryTimeNs)
            .venueOrderId(order.venueOrderId);
        endMessage(MessageHeaderEncoder.ENCODED_LENGTH + orderRouted.encodedLength());
    }

    void statusChanged(final Order order)
    {
        final int offset = beginMessage(MessageHeaderEncoder.ENCODED_LENGTH + OrderStatusChangedEncoder.BLOCK_LENGTH);
        statusChanged.wrap(batch, header(offset, OrderStatusChangedEncoder.BLOCK_LENGTH,
            OrderStatusChangedEncoder.TEMPLATE_ID))
            .inputSequence(inputSequence)
            .timeNs(timeNs)
            .orderId(order.orderId)
            .clientOrderId(order.clientOrderId)
            .tenantId(order.tenantId)
            .accountId(order.accountId)
            .status(order.status)
            .leavesQuantity(order.isLive() ? order.leavesQuantity() : 0)
            .price(order.price)
            .venueOrderId(order.venueOrderId)
            .strategyId(order.strategyId);
        endMessage(MessageHeaderEncoder.ENCODED_LENGTH + statusChanged.encodedLength());
    }

    void fill(
        final Order order, final long quantity, final long price, final long dealId, final long commission,
        final long realizedPnl)
    {
        final int offset = beginMessage(MessageHeaderEncoder.ENCODED_LENGTH + FillEncoder.BLOCK_LENGTH);
        fill.wrap(batch, header(offset, FillEncoder.BLOCK_LENGTH, FillEncoder.TEMPLATE_ID))
            .inputSequence(inputSequence)
            .timeNs(timeNs)
            .orderId(order.orderId)
            .clientOrderId(order.clientOrderId)
            .tenantId(order.tenantId)
            .accountId(order.accountId)
            .instrumentId(order.instrumentId)
            .side(order.side)
            .quantity(quantity)
            .price(price)
            .leavesQuantity(order.leavesQuantity())
            .dealId(dealId)
            .commission(commission)
            .realizedPnl(realizedPnl)
            .strategyId(order.strategyId);
        endMessage(MessageHeaderEncoder.ENCODED_LENGTH + fill.encodedLength());
    }

    void positionUpdate(final Position position, final long unrealizedPnl)
    {
        final int offset = beginMessage(MessageHeaderEncoder.ENCODED_LENGTH + PositionUpdateEncoder.BLOCK_LENGTH);
        positionUpdate.wrap(batch, header(offset, PositionUpdateEncoder.BLOCK_LENGTH,
            PositionUpdateEncoder.TEMPLATE_ID))
            .inputSequence(inputSequence)
            .timeNs(timeNs)
            .tenantId(position.account.tenant.tenantId)
            .accountId(position.account.accountId)
            .instrumentId(position.instrument.instrumentId())
            .netQuantity(position.netQuantity)
            .averagePrice(position.averagePrice())
            .realizedPnl(position.realizedPnl)
            .unrealizedPnl(unrealizedPnl);
        endMessage(MessageHeaderEncoder.ENCODED_LENGTH + positionUpdate.encodedLength());
    }

    /** The account's state now: its equity, P&L and margin at the last quotes. */
    void accountState(final Account account)
    {
        final long unrealized = Ledger.unrealizedPnl(account);
        accountState(account, account.balance + unrealized, unrealized, Ledger.marginUsed(account),
            Ledger.grossExposure(account));
    }

    void accountState(
        final Account account, final long equity, final long unrealizedPnl, final long marginUsed,
        final long grossExposure)
    {
        final int offset = beginMessage(MessageHeaderEncoder.ENCODED_LENGTH + AccountStateEncoder.BLOCK_LENGTH);
        accountState.wrap(batch, header(offset, AccountStateEncoder.BLOCK_LENGTH, AccountStateEncoder.TEMPLATE_ID))
            .inputSequence(inputSequence)
            .timeNs(timeNs)
            .tenantId(account.tenant.tenantId)
            .accountId(account.accountId)
            .balance(account.balance)
            .equity(equity)
            .realizedPnl(account.realizedPnl)
            .unrealizedPnl(unrealizedPnl)
            .marginUsed(marginUsed)
            .grossExposure(grossExposure)
            .openOrders(account.openOrders())
            .halted(account.halted ? BooleanType.TRUE : BooleanType.FALSE);
        endMessage(MessageHeaderEncoder.ENCODED_LENGTH + accountState.encodedLength());
    }

    void riskAlert(
        final int tenantId, final long accountId, final AlertKind kind, final long value, final long limit,
        final ReasonText text)
    {
        final int offset = beginMessage(
            MessageHeaderEncoder.ENCODED_LENGTH + RiskAlertEncoder.BLOCK_LENGTH + 4 + text.length());
        riskAlert.wrap(batch, header(offset, RiskAlertEncoder.BLOCK_LENGTH, RiskAlertEncoder.TEMPLATE_ID))
            .inputSequence(inputSequence)
            .timeNs(timeNs)
            .tenantId(tenantId)
            .accountId(accountId)
            .kind(kind)
            .value(value)
            .threshold(limit)
            .putText(text.buffer(), 0, text.length());
        endMessage(MessageHeaderEncoder.ENCODED_LENGTH + riskAlert.encodedLength());
    }

    void killSwitchEngaged(
        final KillScope scope, final int tenantId, final long accountId, final int cancelledOrders,
        final ReasonText reason)
    {
        final int offset = beginMessage(
            MessageHeaderEncoder.ENCODED_LENGTH + KillSwitchEngagedEncoder.BLOCK_LENGTH + 4 + reason.length());
        killSwitchEngaged.wrap(batch, header(offset, KillSwitchEngagedEncoder.BLOCK_LENGTH,
            KillSwitchEngagedEncoder.TEMPLATE_ID))
            .inputSequence(inputSequence)
            .timeNs(timeNs)
            .scope(scope)
            .tenantId(tenantId)
            .accountId(accountId)
            .cancelledOrders(cancelledOrders)
            .putReason(reason.buffer(), 0, reason.length());
        endMessage(MessageHeaderEncoder.ENCODED_LENGTH + killSwitchEngaged.encodedLength());
    }

    void clientCommandDone(
        final long clientSessionId, final long clientSequence, final int templateId, final boolean duplicate)
    {
        final int offset = beginMessage(MessageHeaderEncoder.ENCODED_LENGTH + ClientCommandDoneEncoder.BLOCK_LENGTH);
        clientCommandDone.wrap(batch,
            header(offset, ClientCommandDoneEncoder.BLOCK_LENGTH, ClientCommandDoneEncoder.TEMPLATE_ID))
            .inputSequence(inputSequence)
            .timeNs(timeNs)
            .clientSessionId(clientSessionId)
            .clientSequence(clientSequence)
            .templateId(templateId)
            .duplicate(duplicate ? BooleanType.TRUE : BooleanType.FALSE);
        endMessage(MessageHeaderEncoder.ENCODED_LENGTH + clientCommandDone.encodedLength());
    }

    void inputRejected(final int templateId, final RejectReason reason, final ReasonText text)
    {
        final int offset = beginMessage(
            MessageHeaderEncoder.ENCODED_LENGTH + InputRejectedEncoder.BLOCK_LENGTH + 4 + text.length());
        inputRejected.wrap(batch, header(offset, InputRejectedEncoder.BLOCK_LENGTH, InputRejectedEncoder.TEMPLATE_ID))
            .inputSequence(inputSequence)
            .timeNs(timeNs)
            .templateId(templateId)
            .reason(reason)
            .putText(text.buffer(), 0, text.length());
        endMessage(MessageHeaderEncoder.ENCODED_LENGTH + inputRejected.encodedLength());
    }
}
