package io.tradingcore.projections.dragonfly;

import io.tradingcore.codec.AccountStateEncoder;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.FillEncoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.OrderAcceptedEncoder;
import io.tradingcore.codec.OrderRejectedEncoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderStatusChangedEncoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.PositionUpdateEncoder;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RiskAlertEncoder;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import org.agrona.ExpandableArrayBuffer;

/**
 * Builds the events of a test's batches with the SBE encoders, as the engine and its input journal write them: each
 * method appends one event to the batch and returns its index. Inputs take their sequence; outputs the sequence of
 * the input that caused them and their index among its outputs, from 1. Engine times are derived from the place.
 */
public final class DragonflyEvents
{
    /** Engine time of input 0: 2024-01-01T00:00:00Z. */
    public static final long TIME_NS = 1_704_067_200_000_000_000L;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final InputMessages inputs = new InputMessages();
    private final OrderAcceptedEncoder accepted = new OrderAcceptedEncoder();
    private final OrderRejectedEncoder rejected = new OrderRejectedEncoder();
    private final OrderStatusChangedEncoder statusChanged = new OrderStatusChangedEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final PositionUpdateEncoder positionUpdate = new PositionUpdateEncoder();
    private final AccountStateEncoder accountState = new AccountStateEncoder();
    private final RiskAlertEncoder riskAlert = new RiskAlertEncoder();
    private final EventBatch batch;

    public DragonflyEvents(final EventBatch batch)
    {
        this.batch = batch;
    }

    public static long timeNs(final long inputSequence, final int outputIndex)
    {
        return TIME_NS + inputSequence * 1_000_000L + outputIndex;
    }

    /**
     * Sets the batch's checkpoint to its last events: inputs to the highest input sequence it holds, outputs to its
     * last output (or as {@code previous} had them when it holds none).
     */
    public static Checkpoint checkpointAfter(final EventBatch batch, final Checkpoint previous)
    {
        long lastInput = previous.lastInput();
        long outputInput = previous.outputInput();
        int outputIndex = previous.outputIndex();
        for (int i = 0; i < batch.size(); i++)
        {
            lastInput = Math.max(lastInput, batch.inputSequence(i));
            if (!batch.isInput(i))
            {
                outputInput = batch.inputSequence(i);
                outputIndex = batch.outputIndex(i);
            }
        }
        final Checkpoint checkpoint = new Checkpoint(lastInput, outputInput, outputIndex);
        batch.checkpoint(checkpoint);
        return checkpoint;
    }

    public int defineInstrument(
        final long sequence, final int instrumentId, final String symbol, final int digits, final long tickSize)
    {
        final InstrumentSpec spec = new InstrumentSpec(instrumentId, symbol, digits, 100_000, tickSize, 100, 1_000_000,
            100, "USD");
        return input(sequence, inputs.defineInstrument(buffer, 0, spec));
    }

    public int defineTenant(final long sequence, final int tenantId, final String name)
    {
        return input(sequence, inputs.defineTenant(buffer, 0, tenantId, name));
    }

    public int accountUpdate(
        final long sequence, final int tenantId, final long accountId, final String currency, final long balance,
        final int leverage)
    {
        return input(sequence, inputs.accountUpdate(buffer, 0, tenantId, accountId, currency, balance, leverage));
    }

    public int tick(final long sequence, final int instrumentId, final long timeMsc, final long bid, final long ask)
    {
        return input(sequence, inputs.marketTick(buffer, 0, instrumentId, timeMsc, bid, ask, 0, 0, 0));
    }

    public int newOrder(
        final long sequence, final long clientOrderId, final int tenantId, final long accountId, final int instrumentId,
        final Side side, final long quantity, final long price)
    {
        return input(sequence, inputs.newOrder(buffer, 0, clientOrderId, tenantId, accountId, instrumentId, side,
            OrderType.LIMIT, TimeInForce.GTC, quantity, price, 0, 0));
    }

    public int orderAccepted(
        final long sequence, final int index, final long orderId, final long clientOrderId, final int tenantId,
        final long accountId, final int instrumentId, final Side side, final long quantity, final long price)
    {
        accepted.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(sequence).timeNs(timeNs(sequence, index)).orderId(orderId).clientOrderId(clientOrderId)
            .tenantId(tenantId).accountId(accountId).instrumentId(instrumentId).side(side)
            .orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).quantity(quantity).price(price).stopPrice(0)
            .strategyId(0);
        return output(sequence, index, MessageHeaderEncoder.ENCODED_LENGTH + accepted.encodedLength());
    }

    public int orderStatus(
        final long sequence, final int index, final long orderId, final int tenantId, final long accountId,
        final OrderStatus status, final long leavesQuantity, final long price)
    {
        statusChanged.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(sequence).timeNs(timeNs(sequence, index)).orderId(orderId).clientOrderId(orderId + 1000)
            .tenantId(tenantId).accountId(accountId).status(status).leavesQuantity(leavesQuantity).price(price)
            .venueOrderId(orderId + 5000).strategyId(0);
        return output(sequence, index, MessageHeaderEncoder.ENCODED_LENGTH + statusChanged.encodedLength());
    }

    public int fill(
        final long sequence, final int index, final long orderId, final int tenantId, final long accountId,
        final int instrumentId, final Side side, final long quantity, final long price, final long leavesQuantity,
        final long realizedPnl)
    {
        fill.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(sequence).timeNs(timeNs(sequence, index)).orderId(orderId).clientOrderId(orderId + 1000)
            .tenantId(tenantId).accountId(accountId).instrumentId(instrumentId).side(side).quantity(quantity)
            .price(price).leavesQuantity(leavesQuantity).dealId(orderId + 9000).commission(0)
            .realizedPnl(realizedPnl).strategyId(0);
        return output(sequence, index, MessageHeaderEncoder.ENCODED_LENGTH + fill.encodedLength());
    }

    public int orderRejected(
        final long sequence, final int index, final long orderId, final long clientOrderId, final int tenantId,
        final long accountId, final RejectReason reason)
    {
        rejected.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(sequence).timeNs(timeNs(sequence, index)).orderId(orderId).clientOrderId(clientOrderId)
            .tenantId(tenantId).accountId(accountId).reason(reason).venueCode(0).strategyId(0).text("rejected");
        return output(sequence, index, MessageHeaderEncoder.ENCODED_LENGTH + rejected.encodedLength());
    }

    public int positionUpdate(
        final long sequence, final int index, final int tenantId, final long accountId, final int instrumentId,
        final long netQuantity, final long averagePrice, final long realizedPnl, final long unrealizedPnl)
    {
        positionUpdate.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(sequence).timeNs(timeNs(sequence, index)).tenantId(tenantId).accountId(accountId)
            .instrumentId(instrumentId).netQuantity(netQuantity).averagePrice(averagePrice).realizedPnl(realizedPnl)
            .unrealizedPnl(unrealizedPnl);
        return output(sequence, index, MessageHeaderEncoder.ENCODED_LENGTH + positionUpdate.encodedLength());
    }

    /** An AccountState whose equity is the balance plus the unrealized P&amp;L. */
    public int accountState(
        final long sequence, final int index, final int tenantId, final long accountId, final long balance,
        final long realizedPnl, final long unrealizedPnl, final long marginUsed, final int openOrders,
        final boolean halted)
    {
        accountState.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(sequence).timeNs(timeNs(sequence, index)).tenantId(tenantId).accountId(accountId)
            .balance(balance).equity(balance + unrealizedPnl).realizedPnl(realizedPnl).unrealizedPnl(unrealizedPnl)
            .marginUsed(marginUsed).grossExposure(marginUsed * 10).openOrders(openOrders)
            .halted(halted ? BooleanType.TRUE : BooleanType.FALSE);
        return output(sequence, index, MessageHeaderEncoder.ENCODED_LENGTH + accountState.encodedLength());
    }

    public int riskAlert(final long sequence, final int index, final int tenantId, final long accountId)
    {
        riskAlert.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(sequence).timeNs(timeNs(sequence, index)).tenantId(tenantId).accountId(accountId)
            .kind(AlertKind.MARGIN_CALL).value(0).threshold(0).text("margin call");
        return output(sequence, index, MessageHeaderEncoder.ENCODED_LENGTH + riskAlert.encodedLength());
    }

    private int input(final long sequence, final int length)
    {
        return batch.add(sequence, 0, timeNs(sequence, 0), buffer, 0, length);
    }

    private int output(final long sequence, final int index, final int length)
    {
        return batch.add(sequence, index, timeNs(sequence, index), buffer, 0, length);
    }
}
