package io.tradingcore.pipeline;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.tradingcore.engine.Engine;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.SnapshotStore;
import io.tradingcore.outputs.OutputJournalWriter;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The live pipeline, wired here:
 *
 * <pre>
 *  producers (any thread)          venues' execution reports (any thread)
 *        |  Ingress.offer                |  venue lane (TradingCore.venueIngress), taken first
 *        v                               v
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
 * threads per {@link ThreadingLayout}, each thread idling with the configured strategy. With the default
 * {@link WakeableIdleStrategy} a stage that hands work on wakes the thread that waits for it.
 */
public final class Pipeline implements AutoCloseable
{
    private final List<Agent> publisherThreadAgents;
    private final Ingress ingress;
    private final Ingress venueIngress;
    private final SequencerAgent sequencer;
    private final JournallerAgent journaller;
    private final SnapshotWriter snapshotWriter;
    private final EngineAgent engineAgent;
    private final PublisherAgent publisher;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ErrorHandler errorHandler;
    private final AtomicCounter errorCounter;

    Pipeline(
        final Ingress ingress, final Ingress venueIngress, final EngineClock clock, final Engine engine,
        final OutputSwitch output,
        final Journal inputJournal, final JournalRollClock inputRollClock, final Journal outputJournal,
        final JournalRollClock outputRollClock, final SnapshotStore snapshots,
        final long snapshotInterval, final AeronEgress egress, final List<CoreListener> listeners,
        final List<Agent> publisherThreadAgents, final int ringSize, final int maxMessageLength,
        final long lastSequence, final long lastTimeNs, final ErrorHandler errorHandler,
        final AtomicCounter errorCounter)
    {
        this.errorHandler = errorHandler;
        this.errorCounter = errorCounter;
        final RingBuffer<InputEvent> ring = RingBuffer.createSingleProducer(
            () -> new InputEvent(maxMessageLength), ringSize, new YieldingWaitStrategy());
        final EventPoller<InputEvent> journalPoller = ring.newPoller();
        final EventPoller<InputEvent> enginePoller = ring.newPoller(journalPoller.getSequence());
        final EventPoller<InputEvent> publishPoller = ring.newPoller(enginePoller.getSequence());
        ring.addGatingSequences(publishPoller.getSequence());
        journalPoller.getSequence().set(ring.getCursor());
        enginePoller.getSequence().set(ring.getCursor());
        publishPoller.getSequence().set(ring.getCursor());

        this.ingress = ingress;
        this.venueIngress = venueIngress;
        sequencer = new SequencerAgent(venueIngress, ingress, ring, clock, lastSequence, lastTimeNs);
        journaller = new JournallerAgent(journalPoller, ring::getCursor, inputJournal, inputRollClock);
        // The snapshot writer runs on a thread of its own, not under an AgentRunner that would count its errors.
        snapshotWriter = new SnapshotWriter(snapshots, this::publishedSequence,
            ComponentErrors.counting(errorCounter, this::onError));
        engineAgent = new EngineAgent(enginePoller, journalPoller.getSequence()::get, engine, snapshotWriter,
            snapshotInterval);
        output.target(engineAgent);
        publisher = new PublisherAgent(publishPoller, enginePoller.getSequence()::get,
            new OutputJournalWriter(outputJournal), outputRollClock, egress, listeners, lastSequence);
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
        final IdleStrategy sequencerIdle;
        final IdleStrategy journallerIdle;
        final IdleStrategy engineIdle;
        final IdleStrategy publisherIdle;
        switch (layout)
        {
            case SHARED ->
            {
                final List<Agent> all = new ArrayList<>(List.of(sequencer, journaller, engineAgent));
                all.addAll(publisherSide);
                sequencerIdle = run(idle, all);
                journallerIdle = sequencerIdle;
                engineIdle = sequencerIdle;
                publisherIdle = sequencerIdle;
            }
            case SPLIT ->
            {
                // The engine shares the publisher's thread, not the journaller's: the journaller's thread was the
                // pipeline's limit and the publisher's had time to spare (ThreadingLayout says by how much).
                sequencerIdle = run(idle, List.of(sequencer, journaller));
                journallerIdle = sequencerIdle;
                final List<Agent> engineSide = new ArrayList<>();
                engineSide.add(engineAgent);
                engineSide.addAll(publisherSide);
                engineIdle = run(idle, engineSide);
                publisherIdle = engineIdle;
            }
            default ->
            {
                sequencerIdle = run(idle, List.of(sequencer));
                journallerIdle = run(idle, List.of(journaller));
                engineIdle = run(idle, List.of(engineAgent));
                publisherIdle = run(idle, publisherSide);
            }
        }
        // Each stage wakes the thread that waits for it: the next stage, and, for the publisher, the sequencer, which
        // waits for room in the ring when it is full.
        ingress.wakeOnOffer(wakeable(sequencerIdle));
        venueIngress.wakeOnOffer(wakeable(sequencerIdle));
        sequencer.wakeAfterWork(wakeable(journallerIdle));
        journaller.wakeAfterWork(wakeable(engineIdle));
        engineAgent.wakeAfterWork(wakeable(publisherIdle));
        publisher.wakeAfterWork(wakeable(sequencerIdle));
        runners.forEach(AgentRunner::startOnThread);
    }

    private static WakeableIdleStrategy wakeable(final IdleStrategy idle)
    {
        return idle instanceof WakeableIdleStrategy wakeable ? wakeable : null;
    }

    /** A runner for these agents, started once every stage knows whom to wake; returns its idle strategy. */
    private IdleStrategy run(final Supplier<IdleStrategy> idle, final List<Agent> agents)
    {
        final Agent agent = agents.size() == 1 ? agents.get(0) : new CompositeAgent(agents);
        final IdleStrategy strategy = idle.get();
        if (strategy instanceof WakeableIdleStrategy wakeable)
        {
            final PendingWork[] pending = agents.stream()
                .filter(PendingWork.class::isInstance).map(PendingWork.class::cast).toArray(PendingWork[]::new);
            wakeable.hasWork(() -> anyHasWork(pending));
        }
        runners.add(new AgentRunner(strategy, this::onError, errorCounter, agent));
        return strategy;
    }

    private static boolean anyHasWork(final PendingWork[] pending)
    {
        for (final PendingWork agent : pending)
        {
            if (agent.hasWork())
            {
                return true;
            }
        }
        return false;
    }

    /** A stage's error, counted by its runner: the first fails the core, every one goes to the handler. */
    private void onError(final Throwable error)
    {
        failure.compareAndSet(null, error);
        errorHandler.onError(error);
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

    @Override
    public void close()
    {
        CloseHelper.closeAll(runners);
        snapshotWriter.close();
    }
}
