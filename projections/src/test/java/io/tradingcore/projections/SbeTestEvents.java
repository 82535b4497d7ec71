package io.tradingcore.projections;

import io.tradingcore.codec.AccountStateEncoder;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.DefineInstrumentEncoder;
import io.tradingcore.codec.FillEncoder;
import io.tradingcore.codec.MarketTickEncoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.OrderAcceptedEncoder;
import io.tradingcore.codec.OrderRejectedEncoder;
import io.tradingcore.codec.OrderRoutedEncoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderStatusChangedEncoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.PositionUpdateEncoder;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds the core's events as SBE messages (header included) with the generated encoders and appends them to an
 * {@link EventBatch}, as the runtime would hand them to a sink. Each method returns the event's index in the batch.
 * Prices are longs at the instrument's digits, quantities lots x 10^4, money x 10^6, times epoch nanoseconds.
 */
public final class SbeTestEvents
{
    /** An order as the engine describes it in OrderAccepted, OrderRouted and Fill. */
    public record Order(
        long orderId, long clientOrderId, int tenantId, long accountId, int instrumentId, Side side, OrderType type,
        long quantity, long price, long stopPrice, int strategyId)
    {
    }

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MarketTickEncoder tick = new MarketTickEncoder();
    private final DefineInstrumentEncoder define = new DefineInstrumentEncoder();
    private final OrderAcceptedEncoder accepted = new OrderAcceptedEncoder();
    private final OrderRejectedEncoder rejected = new OrderRejectedEncoder();
    private final OrderRoutedEncoder routed = new OrderRoutedEncoder();
    private final OrderStatusChangedEncoder statusChanged = new OrderStatusChangedEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final PositionUpdateEncoder positionUpdate = new PositionUpdateEncoder();
    private final AccountStateEncoder accountState = new AccountStateEncoder();

    /** A valid definition: contract 100000, tick size one point, volume 0.01 to 100 lots in steps of 0.01. */
    public int defineInstrument(
        final EventBatch batch, final long inputSequence, final long timeNs, final int instrumentId,
        final String symbol, final int digits)
    {
        define.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).symbol(symbol).digits((byte)digits)
            .contractSize(100_000).tickSize(1).volumeMin(100).volumeMax(1_000_000).volumeStep(100)
            .profitCurrency("USD");
        return batch.add(inputSequence, 0, timeNs, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH
            + define.encodedLength());
    }

    public int tick(
        final EventBatch batch, final long inputSequence, final long timeNs, final int instrumentId, final long bid,
        final long ask, final long last, final long volume)
    {
        tick.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).timeMsc(timeNs / 1_000_000).bid(bid)
            .ask(ask).last(last).volume(volume).flags(6);
        return batch.add(inputSequence, 0, timeNs, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH
            + tick.encodedLength());
    }

    public int orderAccepted(
        final EventBatch batch, final long inputSequence, final int outputIndex, final long timeNs, final Order order)
    {
        accepted.wrapAndApplyHeader(buffer, 0, header).inputSequence(inputSequence).timeNs(timeNs)
            .orderId(order.orderId()).clientOrderId(order.clientOrderId()).tenantId(order.tenantId())
            .accountId(order.accountId()).instrumentId(order.instrumentId()).side(order.side())
            .orderType(order.type()).timeInForce(TimeInForce.GTC).quantity(order.quantity()).price(order.price())
            .stopPrice(order.stopPrice()).strategyId(order.strategyId());
        return batch.add(inputSequence, outputIndex, timeNs, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH
            + accepted.encodedLength());
    }

    public int orderRouted(
        final EventBatch batch, final long inputSequence, final int outputIndex, final long timeNs, final Order order)
    {
        routed.wrapAndApplyHeader(buffer, 0, header).inputSequence(inputSequence).timeNs(timeNs)
            .orderId(order.orderId()).clientOrderId(order.clientOrderId()).tenantId(order.tenantId())
            .accountId(order.accountId()).instrumentId(order.instrumentId()).action(RouteAction.NEW)
            .side(order.side()).orderType(order.type()).timeInForce(TimeInForce.GTC).quantity(order.quantity())
            .price(order.price()).stopPrice(order.stopPrice()).expiryTimeNs(0).venueOrderId(0);
        return batch.add(inputSequence, outputIndex, timeNs, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH
            + routed.encodedLength());
    }

    public int orderRejected(
        final EventBatch batch, final long inputSequence, final int outputIndex, final long timeNs, final Order order,
        final RejectReason reason, final String text)
    {
        rejected.wrapAndApplyHeader(buffer, 0, header).inputSequence(inputSequence).timeNs(timeNs).orderId(0)
            .clientOrderId(order.clientOrderId()).tenantId(order.tenantId()).accountId(order.accountId())
            .reason(reason).venueCode(0).strategyId(order.strategyId()).text(text);
        return batch.add(inputSequence, outputIndex, timeNs, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH
            + rejected.encodedLength());
    }

    public int orderStatusChanged(
        final EventBatch batch, final long inputSequence, final int outputIndex, final long timeNs, final Order order,
        final OrderStatus status, final long leavesQuantity, final long price)
    {
        statusChanged.wrapAndApplyHeader(buffer, 0, header).inputSequence(inputSequence).timeNs(timeNs)
            .orderId(order.orderId()).clientOrderId(order.clientOrderId()).tenantId(order.tenantId())
            .accountId(order.accountId()).status(status).leavesQuantity(leavesQuantity).price(price)
            .venueOrderId(0).strategyId(order.strategyId());
        return batch.add(inputSequence, outputIndex, timeNs, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH
            + statusChanged.encodedLength());
    }

    /** A fill of the order on its own side. */
    public int fill(
        final EventBatch batch, final long inputSequence, final int outputIndex, final long timeNs, final Order order,
        final long quantity, final long price, final long leavesQuantity, final long commission,
        final long realizedPnl)
    {
        return fill(batch, inputSequence, outputIndex, timeNs, order, order.side(), quantity, price, leavesQuantity,
            commission, realizedPnl);
    }

    /** A fill with the side given, which may be {@link Side#NULL_VAL}: a byte outside the enum. */
    public int fill(
        final EventBatch batch, final long inputSequence, final int outputIndex, final long timeNs, final Order order,
        final Side side, final long quantity, final long price, final long leavesQuantity, final long commission,
        final long realizedPnl)
    {
        fill.wrapAndApplyHeader(buffer, 0, header).inputSequence(inputSequence).timeNs(timeNs)
            .orderId(order.orderId()).clientOrderId(order.clientOrderId()).tenantId(order.tenantId())
            .accountId(order.accountId()).instrumentId(order.instrumentId()).side(side).quantity(quantity)
            .price(price).leavesQuantity(leavesQuantity).dealId(order.orderId() * 100 + outputIndex)
            .commission(commission).realizedPnl(realizedPnl).strategyId(order.strategyId());
        return batch.add(inputSequence, outputIndex, timeNs, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH
            + fill.encodedLength());
    }

    public int positionUpdate(
        final EventBatch batch, final long inputSequence, final int outputIndex, final long timeNs, final Order order,
        final long netQuantity, final long averagePrice)
    {
        positionUpdate.wrapAndApplyHeader(buffer, 0, header).inputSequence(inputSequence).timeNs(timeNs)
            .tenantId(order.tenantId()).accountId(order.accountId()).instrumentId(order.instrumentId())
            .netQuantity(netQuantity).averagePrice(averagePrice).realizedPnl(0).unrealizedPnl(0);
        return batch.add(inputSequence, outputIndex, timeNs, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH
            + positionUpdate.encodedLength());
    }

    public int accountState(
        final EventBatch batch, final long inputSequence, final int outputIndex, final long timeNs, final Order order,
        final long balance)
    {
        accountState.wrapAndApplyHeader(buffer, 0, header).inputSequence(inputSequence).timeNs(timeNs)
            .tenantId(order.tenantId()).accountId(order.accountId()).balance(balance).equity(balance).realizedPnl(0)
            .unrealizedPnl(0).marginUsed(0).grossExposure(0).openOrders(0).halted(BooleanType.FALSE);
        return batch.add(inputSequence, outputIndex, timeNs, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH
            + accountState.encodedLength());
    }
}
