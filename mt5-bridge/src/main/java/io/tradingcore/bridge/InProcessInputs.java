package io.tradingcore.bridge;

import io.tradingcore.pipeline.Ingress;
import io.tradingcore.pipeline.JournaledWatermark;
import io.tradingcore.pipeline.TradingCore;
import org.agrona.DirectBuffer;

/** The core in this process: its ingress, and durable meaning in the input journal ({@link JournaledWatermark}). */
final class InProcessInputs implements CoreInputs
{
    private final Ingress ingress;
    private final JournaledWatermark watermark;

    InProcessInputs(final TradingCore core)
    {
        this.ingress = core.ingress();
        this.watermark = new JournaledWatermark(core);
    }

    @Override
    public int offer(final DirectBuffer buffer, final int offset, final int length)
    {
        final long result = ingress.offer(buffer, offset, length);
        if (result == Ingress.OK)
        {
            return OK;
        }
        if (result == Ingress.BACK_PRESSURED)
        {
            return BACK_PRESSURED;
        }
        if (result == Ingress.CLOSED)
        {
            return CLOSED;
        }
        throw new IllegalStateException("ingress refused a bridge input: " + Ingress.describe(result));
    }

    @Override
    public long producerPosition()
    {
        return ingress.producerPosition();
    }

    @Override
    public long durablePosition()
    {
        return watermark.poll();
    }
}
