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
 * 1, 2... as the engine numbers the outputs of the input that caused them. Times advance by a millisecond per input
 * unless {@link #at(long)} sets them. {@link #skipTo(long)} leaves inputs out, as a batch of a sink that does not want
 * them holds only their outputs. {@link #checkpoint()} is the place after the last event written, what a batch ending
 * there stores.
 */
public final class EventScript
{
    /** 2014-05-08 05:00:17 UTC, in epoch nanoseconds. */
    public static final long START_NS = 1_399_525_217_007_000_000L;

    /** An order as the engine describes it in OrderAccepted, OrderRouted, OrderStatusChanged and Fill. */
    public record Order(
        long orderId, long clientOrderId, int tenantId, long accountId, int instrumentId, Side side, OrderType type,
        long quantity, long price, int strategyId)
    {
        /** A GTC limit order of no strategy, as most tests want. */
        public static Order limit(
            final long orderId, final long clientOrderId, final int tenantId, final long accountId,
            final int instrumentId, final Side side, final long quantity, final long price)
        {
            return new Order(orderId, clientOrderId, tenantId, accountId, instrumentId, side, OrderType.LIMIT, quantity,
                price, 0);
        }

        /** The same order on another side, e.g. {@link Side#NULL_VAL}: a byte outside the enum. */
        public Order onSide(final Side other)
        {
            return new Order(orderId, clientOrderId, tenantId, accountId, instrumentId, other, type, quantity, price,
                strategyId);
        }
    }

    /** What the venue numbers an order by, once it has it: derived from the engine's order id. */
    private static final long VENUE_ORDER_IDS = 5000;

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
    private boolean timeSet;
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

    /**
     * The next events happen at {@code nanos}: the next input (or {@link #skipTo(long)}) and the outputs after it,
     * or the outputs of the current input if one comes first. Later inputs move on a millisecond each again.
     */
    public EventScript at(final long nanos)
    {
        timeNs = nanos;
        timeSet = true;
        return this;
    }

    /**
     * Moves to input {@code inputSequence} without writing it (an input this batch leaves out, or one of an earlier
     * batch): the outputs written next are its, numbered from 1, and the next input is the one after it.
     */
    public EventScript skipTo(final long inputSequence)
    {
        moveTo(inputSequence);
        return this;
    }

    /** The checkpoint after everything written so far. */
    public Checkpoint checkpoint()
    {
        return new Checkpoint(lastInput, outputInput, lastOutputIndex);
    }

    /** Ends the current batch here: gives it {@link #checkpoint()}, which it returns. */
    public Checkpoint endBatch()
    {
        final Checkpoint checkpoint = checkpoint();
        batch.checkpoint(checkpoint);
        return checkpoint;
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

    /** An instrument traded from 0.01 to 100 lots in steps of 0.01, its profits in USD. */
    public EventScript defineInstrument(
        final int instrumentId, final String symbol, final int digits, final long contractSize, final long tickSize)
    {
        return defineInstrument(new InstrumentSpec(instrumentId, symbol, digits, contractSize, tickSize, 100,
            1_000_000, 100, "USD"));
    }

    /** An account's AccountUpdate and the AccountState the engine answers it with: no positions, no orders. */
    public EventScript fundAccount(
        final int tenantId, final long accountId, final String currency, final long balance, final int leverage)
    {
        return accountUpdate(tenantId, accountId, currency, balance, leverage)
            .accountState(tenantId, accountId, balance, balance, 0, 0, 0, 0);
    }

    public EventScript accountUpdate(
        final int tenantId, final long accountId, final String currency, final long balance, final int leverage)
    {
        return input(inputs.accountUpdate(buffer, 0, tenantId, accountId, currency, balance, leverage));
    }

    /** A quote without a trade, stamped with the time of the event before it or the time {@link #at} set. */
    public EventScript tick(final int instrumentId, final long bid, final long ask)
    {
        return tick(instrumentId, bid, ask, 0, 0);
    }

    /** A tick with a last trade and its volume, stamped as {@link #tick(int, long, long)} is. */
    public EventScript tick(final int instrumentId, final long bid, final long ask, final long last, final long volume)
    {
        return input(inputs.marketTick(buffer, 0, instrumentId, timeNs / 1_000_000, bid, ask, last, volume, 6));
    }

    /** A quote stamped with the venue's own time {@code timeMsc}, which need not follow the ticks before it. */
    public EventScript venueTick(final long timeMsc, final int instrumentId, final long bid, final long ask)
    {
        return input(inputs.marketTick(buffer, 0, instrumentId, timeMsc, bid, ask, 0, 0, 6));
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
        moveTo(sequence + 1);
        batch.add(sequence, 0, timeNs, buffer, 0, length);
        return this;
    }

    private void moveTo(final long inputSequence)
    {
        if (!timeSet)
        {
            timeNs += 1_000_000;
        }
        timeSet = false;
        sequence = inputSequence;
        outputIndex = 0;
        lastInput = Math.max(lastInput, inputSequence);
    }

    // ------------------------------------------------------------------------------------------------ outputs

    public EventScript orderAccepted(
        final long orderId, final long clientOrderId, final int tenantId, final long accountId, final int instrumentId,
        final Side side, final long quantity, final long price)
    {
        return orderAccepted(Order.limit(orderId, clientOrderId, tenantId, accountId, instrumentId, side, quantity,
            price));
    }

    public EventScript orderAccepted(final Order order)
    {
        orderAccepted.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs)
            .orderId(order.orderId()).clientOrderId(order.clientOrderId()).tenantId(order.tenantId())
            .accountId(order.accountId()).instrumentId(order.instrumentId()).side(order.side())
            .orderType(order.type()).timeInForce(TimeInForce.GTC).quantity(order.quantity()).price(order.price())
            .stopPrice(0).strategyId(order.strategyId());
        return output(orderAccepted.encodedLength());
    }

    public EventScript orderRouted(
        final long orderId, final long clientOrderId, final int tenantId, final long accountId, final int instrumentId,
        final RouteAction action, final Side side, final long quantity, final long price)
    {
        return orderRouted(Order.limit(orderId, clientOrderId, tenantId, accountId, instrumentId, side, quantity,
            price), action);
    }

    public EventScript orderRouted(final Order order, final RouteAction action)
    {
        orderRouted.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs)
            .orderId(order.orderId()).clientOrderId(order.clientOrderId()).tenantId(order.tenantId())
            .accountId(order.accountId()).instrumentId(order.instrumentId()).action(action).side(order.side())
            .orderType(order.type()).timeInForce(TimeInForce.GTC).quantity(order.quantity()).price(order.price())
            .stopPrice(0).expiryTimeNs(0).venueOrderId(0);
        return output(orderRouted.encodedLength());
    }

    public EventScript statusChanged(
        final long orderId, final long clientOrderId, final int tenantId, final long accountId,
        final OrderStatus status, final long leavesQuantity, final long price)
    {
        return statusChanged(orderId, clientOrderId, tenantId, accountId, 0, status, leavesQuantity, price);
    }

    public EventScript statusChanged(
        final Order order, final OrderStatus status, final long leavesQuantity, final long price)
    {
        return statusChanged(order.orderId(), order.clientOrderId(), order.tenantId(), order.accountId(),
            order.strategyId(), status, leavesQuantity, price);
    }

    private EventScript statusChanged(
        final long orderId, final long clientOrderId, final int tenantId, final long accountId, final int strategyId,
        final OrderStatus status, final long leavesQuantity, final long price)
    {
        statusChanged.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs).orderId(orderId)
            .clientOrderId(clientOrderId).tenantId(tenantId).accountId(accountId).status(status)
            .leavesQuantity(leavesQuantity).price(price).venueOrderId(VENUE_ORDER_IDS + orderId)
            .strategyId(strategyId);
        return output(statusChanged.encodedLength());
    }

    public EventScript fill(
        final long orderId, final long clientOrderId, final int tenantId, final long accountId, final int instrumentId,
        final Side side, final long quantity, final long price, final long leavesQuantity, final long commission,
        final long realizedPnl)
    {
        return fill(Order.limit(orderId, clientOrderId, tenantId, accountId, instrumentId, side, 0, 0), quantity,
            price, leavesQuantity, commission, realizedPnl);
    }

    /** A fill of the order on its side, of the given quantity and price. */
    public EventScript fill(
        final Order order, final long quantity, final long price, final long leavesQuantity, final long commission,
        final long realizedPnl)
    {
        fill.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs).orderId(order.orderId())
            .clientOrderId(order.clientOrderId()).tenantId(order.tenantId()).accountId(order.accountId())
            .instrumentId(order.instrumentId()).side(order.side()).quantity(quantity).price(price)
            .leavesQuantity(leavesQuantity).dealId(7000 + sequence).commission(commission).realizedPnl(realizedPnl)
            .strategyId(order.strategyId());
        return output(fill.encodedLength());
    }

    public EventScript orderRejected(
        final long orderId, final long clientOrderId, final int tenantId, final long accountId,
        final RejectReason reason, final String text)
    {
        return orderRejected(Order.limit(orderId, clientOrderId, tenantId, accountId, 0, Side.BUY, 0, 0), reason,
            text);
    }

    public EventScript orderRejected(final Order order, final RejectReason reason, final String text)
    {
        orderRejected.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs)
            .orderId(order.orderId()).clientOrderId(order.clientOrderId()).tenantId(order.tenantId())
            .accountId(order.accountId()).reason(reason).venueCode(0).strategyId(order.strategyId()).text(text);
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
        return accountState(tenantId, accountId, balance, equity, realizedPnl, unrealizedPnl, marginUsed, openOrders,
            false);
    }

    public EventScript accountState(
        final int tenantId, final long accountId, final long balance, final long equity, final long realizedPnl,
        final long unrealizedPnl, final long marginUsed, final int openOrders, final boolean halted)
    {
        accountState.wrapAndApplyHeader(buffer, 0, header).inputSequence(sequence).timeNs(timeNs).tenantId(tenantId)
            .accountId(accountId).balance(balance).equity(equity).realizedPnl(realizedPnl)
            .unrealizedPnl(unrealizedPnl).marginUsed(marginUsed).grossExposure(marginUsed * 100)
            .openOrders(openOrders).halted(halted ? BooleanType.TRUE : BooleanType.FALSE);
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
        timeSet = false;
        outputIndex++;
        batch.add(sequence, outputIndex, timeNs, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
        outputInput = sequence;
        lastOutputIndex = outputIndex;
        return this;
    }
}
