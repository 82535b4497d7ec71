package io.tradingcore.pipeline;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.tradingcore.engine.Engine;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.SnapshotStore;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The live pipeline, wired here:
 *
 * <pre>
 *  producers (any thread)
 *        |  Ingress.offer: many-to-one queue, never blocks
 *        v
 *  [sequencer] --stamps sequence + engine time, single writer--> ring buffer (pre-allocated InputEvents)
 *                                                                   |
 *        +----------------------------------------------------------+
 *        v
 *  [journaller] --input journal (Chronicle Queue)--> only journaled input goes on
 *        v
 *  [engine]     --Engine.onInput, outputs copied into the same ring entry, snapshot every N
 *        v
 *  [publisher]  --output journal, then Aeron publication, then in-process listeners (venue, tools);
 *                 one input's outputs take several journal entries when they exceed one
 * </pre>
 *
 * Each stage polls the ring through a Disruptor {@link EventPoller} gated on the stage before it,
 * and is an Agrona {@link Agent}, so the threading layout is a setting: stages are composed onto
 * threads per {@link ThreadingLayout}, each thread idling with the configured strategy.
 */
public final class Pipeline implements AutoCloseable
{
    private final Agent[] stages;
    private final List<Agent> publisherThreadAgents;
    private final SequencerAgent sequencer;
    private final EngineAgent engineAgent;
    private final PublisherAgent publisher;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Pipeline(
        final Ingress ingress, final EngineClock clock, final Engine engine, final OutputSwitch output,
        final Journal inputJournal, final Journal outputJournal, final SnapshotStore snapshots,
        final long snapshotInterval, final AeronEgress egress, final List<CoreListener> listeners,
        final List<Agent> publisherThreadAgents, final int ringSize, final int maxMessageLength,
        final long lastSequence, final long lastTimeNs)
    {
        final RingBuffer<InputEvent> ring = RingBuffer.createSingleProducer(
            () -> new InputEvent(maxMessageLength), ringSize, new YieldingWaitStrategy());
        final EventPoller<InputEvent> journalPoller = ring.newPoller();
        final EventPoller<InputEvent> enginePoller = ring.newPoller(journalPoller.getSequence());
        final EventPoller<InputEvent> publishPoller = ring.newPoller(enginePoller.getSequence());
        ring.addGatingSequences(publishPoller.getSequence());
        journalPoller.getSequence().set(ring.getCursor());
        enginePoller.getSequence().set(ring.getCursor());
        publishPoller.getSequence().set(ring.getCursor());

        sequencer = new SequencerAgent(ingress, ring, clock, lastSequence, lastTimeNs);
        final JournallerAgent journaller = new JournallerAgent(journalPoller, inputJournal);
        engineAgent = new EngineAgent(enginePoller, engine, snapshots, snapshotInterval);
        output.target(engineAgent);
        publisher = new PublisherAgent(publishPoller, new OutputJournalWriter(outputJournal), egress, listeners,
            lastSequence);
        this.stages = new Agent[] {sequencer, journaller, engineAgent, publisher};
        this.publisherThreadAgents = publisherThreadAgents;
    }

    void start(final ThreadingLayout layout, final Supplier<IdleStrategy> idle, final Agent driverInvokers)
    {
        final List<Agent> publisherSide = new ArrayList<>();
        publisherSide.add(publisher);
        publisherSide.addAll(publisherThreadAgents);
        if (driverInvokers != null)
        {
            publisherSide.add(driverInvokers);
        }
        switch (layout)
        {
            case SHARED ->
            {
                final List<Agent> all = new ArrayList<>(List.of(stages[0], stages[1], stages[2]));
                all.addAll(publisherSide);
                run(idle, all);
            }
            case SPLIT ->
            {
                run(idle, List.of(stages[0], stages[1], stages[2]));
                run(idle, publisherSide);
            }
            default ->
            {
                run(idle, List.of(stages[0]));
                run(idle, List.of(stages[1]));
                run(idle, List.of(stages[2]));
                run(idle, publisherSide);
            }
        }
    }

    private void run(final Supplier<IdleStrategy> idle, final List<Agent> agents)
    {
        final Agent agent = agents.size() == 1 ? agents.get(0) : new CompositeAgent(agents);
        final AgentRunner runner = new AgentRunner(idle.get(), this::onError, null, agent);
        runners.add(runner);
        AgentRunner.startOnThread(runner);
    }

    private void onError(final Throwable error)
    {
        if (failure.compareAndSet(null, error))
        {
            System.err.println("trading core pipeline failed: " + error);
            error.printStackTrace();
        }
    }

    /** The first error a stage raised, or null. */
    Throwable failure()
    {
        return failure.get();
    }

    long lastSequenced()
    {
        return sequencer.lastSequenced();
    }

    long publishedSequence()
    {
        return publisher.publishedSequence();
    }

    void takeSnapshot()
    {
        engineAgent.takeSnapshot();
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(runners);
    }
}
