package io.tradingcore.cli;

import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.pipeline.CoreListener;
import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.TreeMap;

/** Counts what a run's outputs said, for its summary. Updated on the publisher thread; read after close. */
public final class RunTally implements CoreListener
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderRejectedDecoder orderRejected = new OrderRejectedDecoder();
    private final InputRejectedDecoder inputRejected = new InputRejectedDecoder();
    private final io.tradingcore.codec.RiskAlertDecoder alert = new io.tradingcore.codec.RiskAlertDecoder();
    final Map<String, Long> rejectsByReason = new TreeMap<>();
    long inputs;
    long ordersAccepted;
    long ordersRejected;
    long fills;
    long inputsRejected;
    long riskAlerts;
    String lastAlert;

    public long inputs()
    {
        return inputs;
    }

    public long ordersAccepted()
    {
        return ordersAccepted;
    }

    public long ordersRejected()
    {
        return ordersRejected;
    }

    public long fills()
    {
        return fills;
    }

    public long riskAlerts()
    {
        return riskAlerts;
    }

    /** The text of the last risk alert, null if none. */
    public String lastAlert()
    {
        return lastAlert;
    }

    /** Order and input rejects by reason name (input rejects prefixed "input "). */
    public Map<String, Long> rejectsByReason()
    {
        return rejectsByReason;
    }

    @Override
    public void onInput(final long sequence, final long timeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        inputs++;
    }

    @Override
    public void onOutput(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        switch (header.templateId())
        {
            case io.tradingcore.codec.OrderAcceptedDecoder.TEMPLATE_ID -> ordersAccepted++;
            case io.tradingcore.codec.FillDecoder.TEMPLATE_ID -> fills++;
            case io.tradingcore.codec.RiskAlertDecoder.TEMPLATE_ID ->
            {
                riskAlerts++;
                lastAlert = alert.wrapAndApplyHeader(buffer, offset, header).text();
            }
            case OrderRejectedDecoder.TEMPLATE_ID ->
            {
                ordersRejected++;
                orderRejected.wrapAndApplyHeader(buffer, offset, header);
                rejectsByReason.merge(orderRejected.reason().name(), 1L, Long::sum);
            }
            case InputRejectedDecoder.TEMPLATE_ID ->
            {
                inputsRejected++;
                inputRejected.wrapAndApplyHeader(buffer, offset, header);
                rejectsByReason.merge("input " + inputRejected.reason().name(), 1L, Long::sum);
            }
            default ->
            {
            }
        }
    }
}
