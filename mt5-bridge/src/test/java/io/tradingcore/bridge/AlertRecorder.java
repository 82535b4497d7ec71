package io.tradingcore.bridge;

import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderStatusChangedDecoder;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.pipeline.CoreListener;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The core's risk alerts, order rejects, expiries and fills, for tests of what the broker's truth sets off. */
final class AlertRecorder implements CoreListener
{
    /** One RiskAlert output. */
    record Alert(AlertKind kind, long accountId, long value, long threshold, String text)
    {
    }

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RiskAlertDecoder alert = new RiskAlertDecoder();
    private final OrderRejectedDecoder rejected = new OrderRejectedDecoder();
    private final OrderStatusChangedDecoder statusChanged = new OrderStatusChangedDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final List<Alert> alerts = new ArrayList<>();
    private final Map<Long, RejectReason> rejectsByClientOrderId = new HashMap<>();
    private final Set<Long> expiredOrders = new HashSet<>();
    private long fills;

    @Override
    public synchronized void onOutput(final long inputSequence, final DirectBuffer buffer, final int offset,
        final int length)
    {
        switch (header.wrap(buffer, offset).templateId())
        {
            case RiskAlertDecoder.TEMPLATE_ID ->
            {
                alert.wrapAndApplyHeader(buffer, offset, header);
                alerts.add(new Alert(alert.kind(), alert.accountId(), alert.value(), alert.threshold(),
                    alert.text()));
            }
            case OrderRejectedDecoder.TEMPLATE_ID ->
            {
                rejected.wrapAndApplyHeader(buffer, offset, header);
                rejectsByClientOrderId.put(rejected.clientOrderId(), rejected.reason());
            }
            case OrderStatusChangedDecoder.TEMPLATE_ID ->
            {
                statusChanged.wrapAndApplyHeader(buffer, offset, header);
                if (statusChanged.status() == OrderStatus.EXPIRED)
                {
                    expiredOrders.add(statusChanged.orderId());
                }
            }
            case FillDecoder.TEMPLATE_ID ->
            {
                fill.wrapAndApplyHeader(buffer, offset, header);
                fills++;
            }
            default ->
            {
            }
        }
    }

    synchronized List<Alert> alerts(final AlertKind kind)
    {
        return alerts.stream().filter(alert -> alert.kind() == kind).toList();
    }

    synchronized RejectReason rejectOf(final long clientOrderId)
    {
        return rejectsByClientOrderId.get(clientOrderId);
    }

    synchronized Set<Long> expiredOrders()
    {
        return new HashSet<>(expiredOrders);
    }

    synchronized long fills()
    {
        return fills;
    }
}
