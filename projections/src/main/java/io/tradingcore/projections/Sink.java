package io.tradingcore.projections;

import java.util.List;
import java.util.Map;

/**
 * One database a projection writes. The projection runtime reads the journals and the live
 * stream, batches events and hands them here; a sink only turns events into rows and stores each batch together with
 * its checkpoint, so that a crash at any point leaves either the whole batch and its checkpoint or neither.
 * <p>
 * Every method that talks to the server throws {@link SinkException}: {@code UNAVAILABLE} when the server cannot be
 * reached (the runtime retries with backoff), {@code REJECTED} when it refused the data (the runtime finds the event at
 * fault and parks it). Called from one thread.
 */
public interface Sink extends AutoCloseable
{
    /** The projection's name: {@code postgres}, {@code dragonfly}, {@code clickhouse}. */
    String name();

    /**
     * The most events this sink takes in one write unless {@code tradingcore.projection.batchEvents} says otherwise.
     * A database that pays a fixed price per write wants fewer, larger ones; under live load a batch holds only what
     * arrived during the previous write, so a large limit costs no latency.
     */
    default int preferredBatchEvents()
    {
        return 10_000;
    }

    /** Connects and brings the schema up to date. */
    void open() throws SinkException;

    /**
     * Which inputs from the input journal this sink wants (ticks, reference data); the others are counted past without
     * being handed over. Every output is handed over.
     */
    boolean wantsInput(int templateId);

    /** The checkpoint stored with the data; {@link Checkpoint#ZERO} for an empty sink. */
    Checkpoint checkpoint() throws SinkException;

    /**
     * Applies the batch's events in order, stores the parked ones ({@link EventBatch#parkReason(int)} not null) in the
     * dead-letter store instead, and stores {@link EventBatch#checkpoint()}, all in one transaction or atomic write.
     * Idempotent for events at or before the stored checkpoint is not required: the runtime never hands those over.
     */
    void apply(EventBatch batch) throws SinkException;

    /** Every parked event, in stream order. */
    List<ParkedEvent> parked() throws SinkException;

    /**
     * Applies parked events again after a fix ({@code --replay-parked}) and removes them from the dead-letter store,
     * in one transaction; the checkpoint stays as it is.
     */
    void applyParked(EventBatch batch) throws SinkException;

    /** Drops all of this sink's data, checkpoint and dead letters included, for a rebuild from sequence 0. */
    void drop() throws SinkException;

    /** Rows per table or key family, for the run summary and the tests. */
    Map<String, Long> rowCounts() throws SinkException;

    @Override
    void close();
}
