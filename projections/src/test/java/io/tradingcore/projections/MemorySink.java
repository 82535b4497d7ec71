package io.tradingcore.projections;

import io.tradingcore.codec.MarketTickDecoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * A sink that keeps what it is given in memory, for the tests of the projection runtime itself (catch-up, the switch
 * to live, parking): what they check is which events reach a sink and in what order, not a database. The sinks'
 * own tests run against real servers. It can be told to be down, or to refuse chosen events, as a database would.
 */
final class MemorySink implements Sink
{
    /** One event as applied: its place and bytes. */
    record Applied(boolean input, long inputSequence, int outputIndex, byte[] message, boolean parked)
    {
        String place()
        {
            return inputSequence + "/" + outputIndex;
        }
    }

    final List<Applied> applied = new ArrayList<>();
    final List<ParkedEvent> deadLetters = new ArrayList<>();
    volatile boolean down;
    volatile IntPredicate refuseTemplate = template -> false;
    volatile long refuseInputSequence = -1;
    volatile Supplier<ProjectionState> state = () -> ProjectionState.STARTING;
    long outputsAppliedLive;
    private Checkpoint checkpoint = Checkpoint.ZERO;

    @Override
    public String name()
    {
        return "memory";
    }

    @Override
    public void open() throws SinkException
    {
        failIfDown();
    }

    @Override
    public boolean wantsInput(final int templateId)
    {
        return templateId == MarketTickDecoder.TEMPLATE_ID;
    }

    @Override
    public synchronized Checkpoint checkpoint() throws SinkException
    {
        failIfDown();
        return checkpoint;
    }

    @Override
    public synchronized void apply(final EventBatch batch) throws SinkException
    {
        failIfDown();
        for (int i = 0; i < batch.size(); i++)
        {
            if (batch.parkReason(i) == null && refuses(batch, i))
            {
                throw SinkException.rejected("refused " + batch.inputSequence(i) + "/" + batch.outputIndex(i), null);
            }
        }
        for (int i = 0; i < batch.size(); i++)
        {
            if (batch.parkReason(i) != null)
            {
                deadLetters.add(batch.toParked(i));
            }
            else
            {
                applied.add(applied(batch, i));
                if (!batch.isInput(i) && state.get() == ProjectionState.LIVE)
                {
                    outputsAppliedLive++;
                }
            }
        }
        checkpoint = batch.checkpoint();
    }

    private boolean refuses(final EventBatch batch, final int i)
    {
        return refuseTemplate.test(batch.templateId(i)) || batch.inputSequence(i) == refuseInputSequence;
    }

    private static Applied applied(final EventBatch batch, final int i)
    {
        final byte[] message = new byte[batch.length(i)];
        batch.buffer().getBytes(batch.offset(i), message);
        return new Applied(batch.isInput(i), batch.inputSequence(i), batch.outputIndex(i), message, false);
    }

    @Override
    public synchronized List<ParkedEvent> parked() throws SinkException
    {
        failIfDown();
        return new ArrayList<>(deadLetters);
    }

    @Override
    public synchronized void applyParked(final EventBatch batch) throws SinkException
    {
        failIfDown();
        for (int i = 0; i < batch.size(); i++)
        {
            if (refuses(batch, i))
            {
                throw SinkException.rejected("still refused " + batch.inputSequence(i), null);
            }
        }
        for (int i = 0; i < batch.size(); i++)
        {
            final long sequence = batch.inputSequence(i);
            final int index = batch.outputIndex(i);
            deadLetters.removeIf(event -> event.inputSequence() == sequence && event.outputIndex() == index);
            final Applied event = applied(batch, i);
            applied.add(new Applied(event.input(), sequence, index, event.message(), true));
        }
    }

    @Override
    public synchronized void drop()
    {
        applied.clear();
        deadLetters.clear();
        checkpoint = Checkpoint.ZERO;
    }

    @Override
    public synchronized Map<String, Long> rowCounts()
    {
        return Map.of("applied", (long)applied.size(), "parked", (long)deadLetters.size());
    }

    synchronized List<Applied> snapshot()
    {
        return new ArrayList<>(applied);
    }

    private void failIfDown() throws SinkException
    {
        if (down)
        {
            throw SinkException.unavailable("memory sink told to be down", null);
        }
    }

    @Override
    public void close()
    {
    }

    static boolean sameBytes(final Applied a, final byte[] b)
    {
        return Arrays.equals(a.message(), b);
    }
}
