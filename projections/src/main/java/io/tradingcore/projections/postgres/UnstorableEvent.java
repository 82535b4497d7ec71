package io.tradingcore.projections.postgres;

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
}
