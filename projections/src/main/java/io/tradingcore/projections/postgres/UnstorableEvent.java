package io.tradingcore.projections.postgres;

import io.tradingcore.projections.EventBatch;

/**
 * An event the sink cannot turn into rows, found before anything is sent (an instrument never defined, a message too
 * short for its template): the batch is refused as the server would refuse bad data, so the runtime parks the event.
 */
final class UnstorableEvent extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    UnstorableEvent(final String message)
    {
        super(message);
    }

    /** The event at {@code index} could not be read or turned into rows, for the reason {@code failure} gives. */
    static UnstorableEvent at(final EventBatch batch, final int index, final RuntimeException failure)
    {
        return new UnstorableEvent("event " + batch.inputSequence(index) + "/" + batch.outputIndex(index) +
            " (template " + batch.templateId(index) + "): " + failure.getMessage());
    }
}
