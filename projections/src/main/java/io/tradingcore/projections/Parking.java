package io.tradingcore.projections;

import org.agrona.collections.LongHashSet;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a projection does with events its sink refuses (projections/README.md, "Parking"): finds the event at fault
 * by applying the batch's events one at a time up to it, stores it in the sink's dead-letter store with the server's
 * reason, parks the later events of its account behind it in order, and applies the rest; and, with
 * {@code --replay-parked}, applies the parked events again account by account. Events of no account (ticks,
 * instrument definitions) are parked alone: nothing after them depends on their rows.
 */
final class Parking
{
    private final Sink sink;
    private final PrintStream log;
    private final EventBatch single = new EventBatch();
    private final LongHashSet parkedAccounts = new LongHashSet();
    private long parkedEvents;

    Parking(final Sink sink, final PrintStream log)
    {
        this.sink = sink;
        this.log = log;
    }

    /** Takes the accounts with parked events from the sink's dead-letter store, at start. */
    void load(final List<ParkedEvent> parked)
    {
        parkedAccounts.clear();
        parkedEvents = 0;
        for (final ParkedEvent event : parked)
        {
            if (event.accountId() != 0)
            {
                parkedAccounts.add(event.accountId());
            }
            parkedEvents++;
        }
    }

    long parkedEvents()
    {
        return parkedEvents;
    }

    /** Marks a new event of the batch parked when its account has an event parked already. */
    void parkIfBehind(final EventBatch batch, final int event)
    {
        final long account = batch.accountId(event);
        if (account != 0 && parkedAccounts.contains(account))
        {
            batch.park(event, "behind an earlier parked event of account " + account);
        }
    }

    /**
     * Applies the batch; when the sink refuses it, applies its events one at a time up to the one at fault, parks that
     * one and the later events of its account, and applies the rest.
     */
    void apply(final EventBatch batch, final Checkpoint applied) throws SinkException
    {
        int from = 0;
        while (true)
        {
            try
            {
                sink.apply(from == 0 ? batch : copy(batch, from, batch.size(), batch.checkpoint()));
                return;
            }
            catch (final SinkException ex)
            {
                if (ex.kind() != SinkException.Kind.REJECTED)
                {
                    throw ex;
                }
                from = applyUpToRefused(batch, applied, from, ex);
            }
        }
    }

    private int applyUpToRefused(
        final EventBatch batch, final Checkpoint applied, final int from, final SinkException batchFailure)
        throws SinkException
    {
        for (int i = from; i < batch.size(); i++)
        {
            if (batch.parkReason(i) != null)
            {
                continue;
            }
            try
            {
                sink.apply(copy(batch, i, i + 1, checkpointAfter(batch, applied, i)));
            }
            catch (final SinkException ex)
            {
                if (ex.kind() != SinkException.Kind.REJECTED)
                {
                    throw ex;
                }
                park(batch, i, ex.getMessage());
                return i;
            }
        }
        // Each event alone was fine: the batch failed as a whole (a limit on its size); give up on this batch's form.
        throw SinkException.unavailable("the batch was refused but each of its events alone was not: " +
            batchFailure.getMessage(), batchFailure);
    }

    private void park(final EventBatch batch, final int event, final String reason)
    {
        final long account = batch.accountId(event);
        batch.park(event, reason);
        log.printf("ALERT %s: parked %s %d/%d of account %d: %s; later events of the account are parked " +
            "behind it until 'scripts/projection %s --replay-parked' applies them after a fix%n", sink.name(),
            batch.isInput(event) ? "input" : "output", batch.inputSequence(event), batch.outputIndex(event), account,
            reason, sink.name());
        if (account != 0)
        {
            parkedAccounts.add(account);
            for (int i = event + 1; i < batch.size(); i++)
            {
                if (batch.accountId(i) == account && batch.parkReason(i) == null)
                {
                    batch.park(i, "behind an earlier parked event of account " + account);
                }
            }
        }
        parkedEvents++;
    }

    /** The checkpoint right after event {@code index} of the batch. */
    private static Checkpoint checkpointAfter(final EventBatch batch, final Checkpoint applied, final int index)
    {
        if (index == batch.size() - 1)
        {
            return batch.checkpoint();
        }
        long lastInput = applied.lastInput();
        long outputInput = applied.outputInput();
        int outputIndex = applied.outputIndex();
        for (int i = 0; i <= index; i++)
        {
            if (batch.isInput(i))
            {
                lastInput = batch.inputSequence(i);
            }
            else
            {
                outputInput = batch.inputSequence(i);
                outputIndex = batch.outputIndex(i);
                lastInput = Math.max(lastInput, outputInput);
            }
        }
        return new Checkpoint(lastInput, outputInput, outputIndex);
    }

    private EventBatch copy(final EventBatch batch, final int from, final int to, final Checkpoint checkpoint)
    {
        single.clear();
        for (int i = from; i < to; i++)
        {
            final int copied = single.add(batch.inputSequence(i), batch.outputIndex(i), batch.timeNs(i),
                batch.buffer(), batch.offset(i), batch.length(i));
            if (batch.parkReason(i) != null)
            {
                single.park(copied, batch.parkReason(i));
            }
        }
        single.checkpoint(checkpoint);
        return single;
    }

    /**
     * Applies the parked events again, account by account in stream order; the events of an account from the first
     * that still fails stay parked.
     *
     * @return how many were applied.
     */
    int replay()
    {
        int replayed = 0;
        try
        {
            final List<ParkedEvent> events = sink.parked();
            final Map<Long, List<ParkedEvent>> byAccount = new LinkedHashMap<>();
            for (final ParkedEvent event : events)
            {
                byAccount.computeIfAbsent(event.accountId(), account -> new ArrayList<>()).add(event);
            }
            for (final Map.Entry<Long, List<ParkedEvent>> account : byAccount.entrySet())
            {
                final int applied = replayAccount(account.getValue());
                replayed += applied;
                log.printf("%s: account %d: %d of %d parked events applied%s%n", sink.name(), account.getKey(),
                    applied, account.getValue().size(), applied < account.getValue().size() ?
                    "; the rest stay parked behind the first that still fails" : "");
            }
        }
        catch (final SinkException ex)
        {
            log.println(sink.name() + ": replay of parked events stopped: " + ex.getMessage());
        }
        return replayed;
    }

    private int replayAccount(final List<ParkedEvent> events) throws SinkException
    {
        single.clear();
        events.forEach(single::add);
        try
        {
            sink.applyParked(single);
            return events.size();
        }
        catch (final SinkException ex)
        {
            if (ex.kind() != SinkException.Kind.REJECTED)
            {
                throw ex;
            }
        }
        int applied = 0;
        for (final ParkedEvent event : events)
        {
            single.clear();
            single.add(event);
            try
            {
                sink.applyParked(single);
                applied++;
            }
            catch (final SinkException ex)
            {
                if (ex.kind() != SinkException.Kind.REJECTED)
                {
                    throw ex;
                }
                log.printf("%s: input %d output %d of account %d still fails: %s%n", sink.name(),
                    event.inputSequence(), event.outputIndex(), event.accountId(), ex.getMessage());
                break;
            }
        }
        return applied;
    }
}
