package io.tradingcore.bridge;

import io.tradingcore.codec.FillEncoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.OrderRoutedEncoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.PositionUpdateEncoder;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The core's outputs the bridge listens to, encoded as the engine encodes them, without allocating: for tests that
 * drive a bridge's publisher-side entry points directly. One thread at a time.
 */
final class CoreOutputs
{
    static final int TENANT = 1;

    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OrderRoutedEncoder routed = new OrderRoutedEncoder();
    private final PositionUpdateEncoder position = new PositionUpdateEncoder();
    private final FillEncoder fill = new FillEncoder();

    /** A new limit order to buy routed to {@code accountId}'s terminal; returns its length in {@link #buffer}. */
    int routed(final long orderId, final long accountId, final int instrumentId)
    {
        routed.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(orderId)
            .timeNs(orderId)
            .orderId(orderId)
            .clientOrderId(orderId)
            .tenantId(TENANT)
            .accountId(accountId)
            .instrumentId(instrumentId)
            .action(RouteAction.NEW)
            .side(Side.BUY)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.GTC)
            .quantity(10_000)
            .price(108_000)
            .stopPrice(0)
            .expiryTimeNs(0)
            .venueOrderId(0);
        return MessageHeaderEncoder.ENCODED_LENGTH + routed.encodedLength();
    }

    /** {@code accountId}'s net position in an instrument; returns its length in {@link #buffer}. */
    int position(final long accountId, final int instrumentId, final long netQuantity)
    {
        position.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(1)
            .timeNs(1)
            .tenantId(TENANT)
            .accountId(accountId)
            .instrumentId(instrumentId)
            .netQuantity(netQuantity)
            .averagePrice(108_000)
            .realizedPnl(0)
            .unrealizedPnl(0);
        return MessageHeaderEncoder.ENCODED_LENGTH + position.encodedLength();
    }

    /** The last fill of an order, nothing left; returns its length in {@link #buffer}. */
    int lastFill(final long orderId, final long accountId, final int instrumentId)
    {
        fill.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(orderId)
            .timeNs(orderId)
            .orderId(orderId)
            .clientOrderId(orderId)
            .tenantId(TENANT)
            .accountId(accountId)
            .instrumentId(instrumentId)
            .side(Side.BUY)
            .quantity(10_000)
            .price(108_000)
            .leavesQuantity(0)
            .dealId(orderId)
            .commission(0)
            .realizedPnl(0)
            .strategyId(0);
        return MessageHeaderEncoder.ENCODED_LENGTH + fill.encodedLength();
    }
}
