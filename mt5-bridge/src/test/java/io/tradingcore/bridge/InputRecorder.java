package io.tradingcore.bridge;

import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.pipeline.CoreListener;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the core journaled and emitted, for exact checks: every tick, and each order's account and fills. */
final class InputRecorder implements CoreListener
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MarketTickDecoder tick = new MarketTickDecoder();
    private final OrderAcceptedDecoder accepted = new OrderAcceptedDecoder();
    private final OrderRoutedDecoder routed = new OrderRoutedDecoder();
    private final FillDecoder fill = new FillDecoder();

    /** instrumentId, timeMsc, bid, ask of every journaled tick, in order. */
    final List<long[]> ticks = new ArrayList<>();
    final Map<Long, Long> orderAccounts = new HashMap<>();
    final Map<Long, Long> orderQuantities = new HashMap<>();
    final Map<Long, Long> filledQuantities = new HashMap<>();
    final Map<Long, Long> netByAccount = new HashMap<>();
    long newOrdersRouted;

    @Override
    public synchronized void onInput(final long sequence, final long timeNs, final DirectBuffer buffer,
        final int offset, final int length)
    {
        if (header.wrap(buffer, offset).templateId() == MarketTickDecoder.TEMPLATE_ID)
        {
            tick.wrapAndApplyHeader(buffer, offset, header);
            ticks.add(new long[]{tick.instrumentId(), tick.timeMsc(), tick.bid(), tick.ask()});
        }
    }

    @Override
    public synchronized void onOutput(final long inputSequence, final DirectBuffer buffer, final int offset,
        final int length)
    {
        switch (header.wrap(buffer, offset).templateId())
        {
            case OrderAcceptedDecoder.TEMPLATE_ID ->
            {
                accepted.wrapAndApplyHeader(buffer, offset, header);
                orderAccounts.put(accepted.orderId(), accepted.accountId());
                orderQuantities.put(accepted.orderId(), accepted.quantity());
            }
            case OrderRoutedDecoder.TEMPLATE_ID ->
            {
                routed.wrapAndApplyHeader(buffer, offset, header);
                if (routed.action() == io.tradingcore.codec.RouteAction.NEW)
                {
                    newOrdersRouted++;
                }
            }
            case FillDecoder.TEMPLATE_ID ->
            {
                fill.wrapAndApplyHeader(buffer, offset, header);
                filledQuantities.merge(fill.orderId(), fill.quantity(), Long::sum);
                final long signed = fill.side() == io.tradingcore.codec.Side.BUY ? fill.quantity() : -fill.quantity();
                netByAccount.merge(fill.accountId(), signed, Long::sum);
            }
            default ->
            {
            }
        }
    }

    synchronized int tickCount()
    {
        return ticks.size();
    }
}
