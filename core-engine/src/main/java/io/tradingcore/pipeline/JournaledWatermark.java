package io.tradingcore.pipeline;

/**
 * Tells an ingress producer which of its offers are journaled, so it can acknowledge them to
 * whoever sent them (a terminal resends what is not acknowledged). A producer notes
 * {@link Ingress#producerPosition()} after an offer; the offer is journaled once
 * {@link #journaledPosition()} reaches that position.
 * <p>
 * Why it is exact without touching the hot path: the sequencer assigns a sequence to every input
 * before it moves the queue's consumer position past it. So a consumer position read first and the
 * last sequence read after it pair up: everything before that position has a sequence at or below
 * that one, and is journaled once the publisher (which runs after the journaller) has passed it.
 * Polled by the producer's own thread; not thread-safe.
 */
public final class JournaledWatermark
{
    private final TradingCore core;
    private final Ingress ingress;
    private long candidatePosition;
    private long candidateSequence = -1;
    private long journaledPosition;

    public JournaledWatermark(final TradingCore core)
    {
        this.core = core;
        this.ingress = core.ingress();
    }

    /** Advances the watermark if the journal has caught up with the last sample; cheap, call often. */
    public long poll()
    {
        if (candidateSequence >= 0 && core.publishedSequence() >= candidateSequence)
        {
            journaledPosition = candidatePosition;
            candidateSequence = -1;
        }
        if (candidateSequence < 0)
        {
            final long position = ingress.consumerPosition();
            if (position > journaledPosition)
            {
                candidatePosition = position;
                candidateSequence = core.lastSequenced();
            }
        }
        return journaledPosition;
    }

    /** Every offer that ended at or before this ingress position is journaled. */
    public long journaledPosition()
    {
        return journaledPosition;
    }
}
