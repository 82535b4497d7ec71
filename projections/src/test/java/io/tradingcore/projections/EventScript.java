package io.tradingcore.projections;

import io.tradingcore.codec.AccountStateEncoder;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.FillEncoder;
import io.tradingcore.codec.InputRejectedEncoder;
import io.tradingcore.codec.KillScope;
import io.tradingcore.codec.KillSwitchEngagedEncoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.OrderAcceptedEncoder;
import io.tradingcore.codec.OrderRejectedEncoder;
import io.tradingcore.codec.OrderRoutedEncoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderStatusChangedEncoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.PositionUpdateEncoder;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RiskAlertEncoder;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.messages.InputMessages;
import org.agrona.ExpandableArrayBuffer;

/**
 * Writes the core's two streams as a test wants them, straight into {@link EventBatch}es: inputs (encoded by the
 * engine's own {@link InputMessages}) each take the next input sequence, and the outputs after an input are numbered
 * 1, 2... as the engine numbers the outputs of the input that caused them. Times advance by a millisecond per input.
 * {@link #checkpoint()} is the place after the last event written, what a batch ending there stores.
 */
public final class EventScript
{
    /** 2014-05-08 05:00:17 UTC, in epoch nanoseconds. */
    public static final long START_NS = 1_399_525_217_007_000_000L;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final InputMessages inputs = new InputMessages();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
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
    private EventBatch batch;
    private long sequence;
    private int outputIndex;
    private long timeNs = START_NS;
    private long lastInput;
    private long outputInput;
    private int lastOutputIndex;

    public EventScript(final EventBatch batch)
    {
        this.batch = batch;
    }

    /** Writes the next events into another batch. */
    public EventScript into(final EventBatch next)
    {
        batch = next;
        return this;
    }

    public long sequence()
    {
        return sequence;
    }

    public long timeNs()
    {
        return timeNs;
    }

    /** Moves engine time on, e.g. past midnight. */
    public EventScript advanceNs(final long nanos)
    {
        timeNs += nanos;
        return this;
    }

    /** The checkpoint after everything written so far. */
    public Checkpoint checkpoint()
    {
        return new Checkpoint(lastInput, outputInput, lastOutputIndex);
    }

    /** Index in the current batch of the event written last. */
    public int lastIndex()
    {
        return batch.size() - 1;
    }

    // ------------------------------------------------------------------------------------------------ inputs

    public EventScript defineTenant(final int tenantId, final String name)
    {
        return input(inputs.defineTenant(buffer, 0, tenantId, name));
    }

    public EventScript defineInstrument(final InstrumentSpec spec)
    {
        return input(inputs.defineInstrument(buffer, 0, spec));
    }

    public EventScript accountUpdate(
        final int tenantId, final long accountId, final String currency, final long balance, final int leverage)
    {
        return input(inputs.accountUpdate(buffer, 0, tenantId, accountId, currency, balance, leverage));
    }

    public EventScript tick(final int instrumentId, final long bid, final long ask)
    {
        return input(inputs.marketTick(buffer, 0, instrumentId, timeNs / 1_000_000, bid, ask, 0, 0, 6));
    }

    public EventScript newOrder(
        final long clientOrderId, final int tenantId, final long accountId, final int instrumentId, final Side side,
        final long quantity, final long price)
    {
        return input(inputs.newOrder(buffer, 0, clientOrderId, tenantId, accountId, instrumentId, side,
            OrderType.LIMIT, TimeInForce.GTC, quantity, price, 0, 0));
    }

    public EventScript cancelOrder(final long clientOrderId, final int tenantId, final long accountId)
    {
        return input(inputs.cancelOrder(buffer, 0, clientOrderId, tenantId, accountId));
    }

    public EventScript killSwitch(
        final KillScope scope, final int tenantId, final long accountId, final boolean engage, final String reason)
    {
        return input(inputs.killSwitch(buffer, 0, scope, tenantId, accountId, engage, reason));
    }

    /** A venue report input (its fields do not matter to a projection, only the outputs it causes). */
    public EventScript venueReport(final long orderId)
    {
        return input(inputs.executionReport(buffer, 0, orderId, ExecType.ACCEPTED, 0, 0, 0, 0,
            0, 0, ""));
    }

    private EventScript input(final int length)
    {
        timeNs += 1_000_000;
        sequence++;
        outputIndex = 0;
        batch.add(sequence, 0, timeNs, buffer, 0, length);
        lastInput = sequence;
        return this;
    }

    // ------------------------------------------------------------------------------------------------ outputs

    public EventScript orderAccepted(
        final long orderId, final long clientOrderId, final int tenantId, final long accountId, final int instrumentId,
        final Side side, final long quantity, final long price)
    {
        orderAccepted.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs).orderId(orderId)
            .clientOrderId(clientOrderId).tenantId(tenantId).accountId(accountId).instrumentId(instrumentId)
            .side(side).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).quantity(quantity).price(price)
            .stopPrice(0).strategyId(0);
        return output(orderAccepted.encodedLength());
    }

    public EventScript orderRouted(
        final long orderId, final long clientOrderId, final int tenantId, final long accountId, final int instrumentId,
        final RouteAction action, final Side side, final long quantity, final long price)
    {
        orderRouted.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs).orderId(orderId)
            .clientOrderId(clientOrderId).tenantId(tenantId).accountId(accountId).instrumentId(instrumentId)
            .action(action).side(side).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).quantity(quantity)
            .price(price).stopPrice(0).expiryTimeNs(0).venueOrderId(0);
        return output(orderRouted.encodedLength());
    }

    public EventScript statusChanged(
        final long orderId, final long clientOrderId, final int tenantId, final long accountId,
        final OrderStatus status, final long leavesQuantity, final long price)
    {
        statusChanged.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs).orderId(orderId)
            .clientOrderId(clientOrderId).tenantId(tenantId).accountId(accountId).status(status)
            .leavesQuantity(leavesQuantity).price(price).venueOrderId(0).strategyId(0);
        return output(statusChanged.encodedLength());
    }

    public EventScript fill(
        final long orderId, final long clientOrderId, final int tenantId, final long accountId, final int instrumentId,
        final Side side, final long quantity, final long price, final long leavesQuantity, final long commission,
        final long realizedPnl)
    {
        fill.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs).orderId(orderId)
            .clientOrderId(clientOrderId).tenantId(tenantId).accountId(accountId).instrumentId(instrumentId)
            .side(side).quantity(quantity).price(price).leavesQuantity(leavesQuantity).dealId(7000 + sequence)
            .commission(commission).realizedPnl(realizedPnl).strategyId(0);
        return output(fill.encodedLength());
    }

    public EventScript orderRejected(
        final long orderId, final long clientOrderId, final int tenantId, final long accountId,
        final RejectReason reason, final String text)
    {
        orderRejected.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs).orderId(orderId)
            .clientOrderId(clientOrderId).tenantId(tenantId).accountId(accountId).reason(reason).venueCode(0)
            .strategyId(0).text(text);
        return output(orderRejected.encodedLength());
    }

    public EventScript positionUpdate(
        final int tenantId, final long accountId, final int instrumentId, final long netQuantity,
        final long averagePrice, final long realizedPnl, final long unrealizedPnl)
    {
        positionUpdate.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs)
            .tenantId(tenantId).accountId(accountId).instrumentId(instrumentId).netQuantity(netQuantity)
            .averagePrice(averagePrice).realizedPnl(realizedPnl).unrealizedPnl(unrealizedPnl);
        return output(positionUpdate.encodedLength());
    }

    public EventScript accountState(
        final int tenantId, final long accountId, final long balance, final long equity, final long realizedPnl,
        final long unrealizedPnl, final long marginUsed, final int openOrders)
    {
        accountState.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs).tenantId(tenantId)
            .accountId(accountId).balance(balance).equity(equity).realizedPnl(realizedPnl)
            .unrealizedPnl(unrealizedPnl).marginUsed(marginUsed).grossExposure(marginUsed * 100)
            .openOrders(openOrders).halted(BooleanType.FALSE);
        return output(accountState.encodedLength());
    }

    public EventScript riskAlert(
        final int tenantId, final long accountId, final AlertKind kind, final long value, final long threshold,
        final String text)
    {
        riskAlert.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs).tenantId(tenantId)
            .accountId(accountId).kind(kind).value(value).threshold(threshold).text(text);
        return output(riskAlert.encodedLength());
    }

    public EventScript killSwitchEngaged(
        final KillScope scope, final int tenantId, final long accountId, final int cancelledOrders,
        final String reason)
    {
        killSwitchEngaged.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs).scope(scope)
            .tenantId(tenantId).accountId(accountId).cancelledOrders(cancelledOrders).reason(reason);
        return output(killSwitchEngaged.encodedLength());
    }

    public EventScript inputRejected(final int templateId, final RejectReason reason, final String text)
    {
        inputRejected.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs)
            .templateId(templateId).reason(reason).text(text);
        return output(inputRejected.encodedLength());
    }

    private EventScript output(final int bodyLength)
    {
        outputIndex++;
        batch.add(sequence, outputIndex, timeNs, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
        outputInput = sequence;
        lastOutputIndex = outputIndex;
        return this;
    }
}
