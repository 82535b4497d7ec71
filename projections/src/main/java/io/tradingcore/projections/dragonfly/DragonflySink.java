package io.tradingcore.projections.dragonfly;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.TransactionResult;
import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.ParkedEvent;
import io.tradingcore.projections.Sink;
import io.tradingcore.projections.SinkException;
import io.tradingcore.projections.dragonfly.DeadLetters.Letter;
import io.tradingcore.projections.dragonfly.OrderWriter.OrderRef;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DragonflyDB projection, over the Redis protocol: what live readers ask for now (positions, account figures,
 * open orders, last quotes) as hashes under a key prefix, each change published on its tenant's channel
 * (projections/README-dragonfly.md). A batch's writes, its dead letters, its publications and its checkpoint go in
 * one MULTI ... EXEC, sent in one write. No scripts: DragonflyDB runs a script only on the keys it declares.
 * <p>
 * What a batch writes depends on the stored state only through the instruments (kept in memory, reloaded after any
 * failure) and the open orders it updates (read in one round trip before the transaction is built). The sink is
 * the only writer of its prefix.
 */
public final class DragonflySink implements Sink
{
    public static final String DEFAULT_PREFIX = DragonflyKeys.DEFAULT_PREFIX;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private final DragonflyKeys keys;
    private final RedisLink link;
    private final StoredState storedState;
    private final PrefixScan prefixScan;
    private final Instruments instruments = new Instruments();
    private final EventProjector projector;
    /** The checkpoint as stored, with the instruments loaded; null when unknown (not opened, after a failure). */
    private Checkpoint stored;

    public DragonflySink(final String uri)
    {
        this(uri, DEFAULT_PREFIX);
    }

    public DragonflySink(final String uri, final String prefix)
    {
        this(uri, prefix, null, DEFAULT_TIMEOUT);
    }

    /**
     * @param uri      {@code redis://[[user]:password@]host:port[/db]}
     * @param prefix   the first part of every key and channel, without ':'
     * @param password when not null, the password, in place of one in the URI
     * @param timeout  how long a connect or a command may take before the server counts as unavailable
     */
    public DragonflySink(final String uri, final String prefix, final String password, final Duration timeout)
    {
        this.keys = new DragonflyKeys(prefix);
        this.link = new RedisLink(uri, password, timeout);
        this.storedState = new StoredState(keys, link);
        this.prefixScan = new PrefixScan(keys, link);
        this.projector = new EventProjector(keys, instruments);
    }

    @Override
    public String name()
    {
        return "dragonfly";
    }

    /** Connects and loads the instruments and the checkpoint; a Redis server has no schema to bring up to date. */
    @Override
    public void open() throws SinkException
    {
        stored = storedState.load(instruments);
    }

    @Override
    public boolean wantsInput(final int templateId)
    {
        return templateId == MarketTickDecoder.TEMPLATE_ID || templateId == DefineInstrumentDecoder.TEMPLATE_ID ||
            templateId == DefineTenantDecoder.TEMPLATE_ID || templateId == AccountUpdateDecoder.TEMPLATE_ID;
    }

    @Override
    public Checkpoint checkpoint() throws SinkException
    {
        return storedState.checkpoint();
    }

    @Override
    public void apply(final EventBatch batch) throws SinkException
    {
        if (stored == null)
        {
            stored = storedState.load(instruments);
        }
        if (batch.checkpoint().equals(stored))
        {
            // The stored checkpoint is this batch's: an EXEC whose reply was lost went through, and this is the
            // runtime's retry of it. Writing it again would append its dead letters twice.
            return;
        }
        final BatchWrites writes = build(batch, true);
        writes.checkpoint(keys.checkpoint(), batch.checkpoint());
        execute(writes, "applying the batch to " + batch.checkpoint());
        stored = batch.checkpoint();
    }

    @Override
    public List<ParkedEvent> parked() throws SinkException
    {
        final List<ParkedEvent> parked = new ArrayList<>();
        ParkedEvent last = null;
        for (final Letter letter : storedState.deadLetters())
        {
            // An event appended twice (a retried write) is one dead letter.
            if (last == null || !letter.isAt(last.inputSequence(), last.outputIndex()))
            {
                parked.add(letter.event());
            }
            last = letter.event();
        }
        return parked;
    }

    /**
     * Applies the events and removes their dead letters, in one MULTI ... EXEC; the checkpoint stays. An event the
     * batch marks parked again keeps its dead letter.
     */
    @Override
    public void applyParked(final EventBatch batch) throws SinkException
    {
        if (stored == null)
        {
            stored = storedState.load(instruments);
        }
        final List<Letter> letters = storedState.deadLetters();
        final BatchWrites writes = build(batch, false);
        for (int i = 0; i < batch.size(); i++)
        {
            for (final Letter letter : letters)
            {
                if (batch.parkReason(i) == null && letter.isAt(batch.inputSequence(i), batch.outputIndex(i)))
                {
                    writes.remove(keys.deadLetters(), letter.element());
                }
            }
        }
        execute(writes, "applying " + batch.size() + " parked events");
    }

    @Override
    public void drop() throws SinkException
    {
        forgetState();
        prefixScan.unlinkAll();
        instruments.clear();
        stored = Checkpoint.ZERO;
    }

    @Override
    public Map<String, Long> rowCounts() throws SinkException
    {
        return prefixScan.counts();
    }

    @Override
    public void close()
    {
        link.close();
    }

    /**
     * The writes of a batch: its events projected, in order, and (for {@code apply}) its parked events as dead
     * letters. Nothing is queued on the connection yet.
     */
    private BatchWrites build(final EventBatch batch, final boolean parkToDeadLetters) throws SinkException
    {
        final Set<OrderRef> toRead = new LinkedHashSet<>();
        for (int i = 0; i < batch.size(); i++)
        {
            if (batch.parkReason(i) == null)
            {
                projector.collectOrderToRead(batch, i, toRead);
            }
        }
        projector.orders().begin(storedState.openOrders(toRead));
        final BatchWrites writes = new BatchWrites();
        try
        {
            for (int i = 0; i < batch.size(); i++)
            {
                if (batch.parkReason(i) == null)
                {
                    projector.project(batch, i, writes);
                }
                else if (parkToDeadLetters)
                {
                    writes.append(keys.deadLetters(), DeadLetters.encode(batch.toParked(i)));
                }
            }
        }
        catch (final SinkException ex)
        {
            instruments.rollback();
            throw ex;
        }
        return writes;
    }

    /**
     * Sends the writes as one MULTI ... EXEC. Redis runs every command of an EXEC even when one of them fails, with
     * no rollback: when the server refused a command (a key of another type under the prefix), the previous
     * checkpoint is written back so that the batch is applied again after the runtime parked the event at fault.
     */
    private void execute(final BatchWrites writes, final String what) throws SinkException
    {
        final Checkpoint previous = stored;
        final TransactionResult result;
        try
        {
            final RedisFuture<TransactionResult> exec = writes.queue(link.commands());
            link.flush();
            result = link.await(exec, what);
        }
        catch (final SinkException ex)
        {
            forgetState();
            final Throwable queueError = ex.kind() == SinkException.Kind.REJECTED ? writes.queueError() : null;
            // EXECABORT says only that a command was refused: its own error says whether trying again can help
            // (out of memory) or not (a command the server does not know).
            throw queueError == null ? ex : RedisErrors.classify(what + ", the transaction aborted,", queueError);
        }
        if (result.wasDiscarded())
        {
            forgetState();
            throw SinkException.unavailable(what + ": the server discarded the transaction", null);
        }
        final String refused = writes.refused(result);
        if (refused != null)
        {
            forgetState();
            throw SinkException.rejected(what + ": the server refused " + refused + restore(previous), null);
        }
        instruments.commit();
    }

    /** Writes the checkpoint back after a partly refused EXEC; says how that went, for the exception's message. */
    private String restore(final Checkpoint previous)
    {
        try
        {
            final RedisFuture<Long> written = link.commands().hset(keys.checkpoint(), CheckpointHash.fields(previous));
            link.flush();
            link.await(written, "restoring the checkpoint");
            return "; the other commands ran, the checkpoint was put back to " + previous;
        }
        catch (final SinkException ex)
        {
            return "; the other commands ran, and putting the checkpoint back to " + previous + " failed: "
                + ex.getMessage();
        }
    }

    /** After a failure the stored state is not known for sure: the next write reloads it first. */
    private void forgetState()
    {
        instruments.rollback();
        stored = null;
    }
}
