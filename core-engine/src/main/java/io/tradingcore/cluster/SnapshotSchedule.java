package io.tradingcore.cluster;

import io.aeron.Aeron;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.RecordingLog;
import io.aeron.cluster.service.Cluster;
import io.tradingcore.journal.Journal;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Aeron Cluster never takes a snapshot by itself, and never deletes its log: both are this thread's. On the leader it
 * asks for a snapshot (the consensus module's control toggle, as {@code ClusterTool snapshot} does) every N inputs or
 * every M minutes with inputs since the last; every member then snapshots at the same log position. On every member,
 * after each snapshot, it deletes the log's archive segments that lie wholly before the previous snapshot: the log
 * from there on stays, so a member one snapshot behind still catches up from the log (the segments before it could
 * only serve a member that lost everything, which starts from a snapshot copied from another; README, "Operating a
 * cluster").
 */
final class SnapshotSchedule implements AutoCloseable, Runnable
{
    private static final long CHECK_INTERVAL_MS = 100;

    private final ClusterNode.Context context;
    private final ConsensusModule.Context consensus;
    private final Journal inputJournal;
    private final Consumer<String> log;
    // The consensus module's counters read through a client of this thread's own: the module's client unmaps them
    // when the module stops (by itself too, after an error), and reading them then would crash the process.
    private final Aeron aeron;
    private final CountersReader counters;
    private final int roleCounterId;
    private final int snapshotCounterId;
    private final AtomicCounter controlToggle;
    private final Thread thread;
    private volatile boolean running = true;
    private long inputsAtLastSnapshot;
    private long lastSnapshotNs = System.nanoTime();
    private long snapshotsSeen;

    private SnapshotSchedule(
        final ClusterNode.Context context, final ConsensusModule.Context consensus, final Journal inputJournal,
        final Aeron aeron)
    {
        this.context = context;
        this.consensus = consensus;
        this.inputJournal = inputJournal;
        this.log = context.log();
        this.aeron = aeron;
        this.counters = aeron.countersReader();
        this.roleCounterId = consensus.clusterNodeRoleCounter().id();
        this.snapshotCounterId = consensus.snapshotCounter().id();
        this.controlToggle = new AtomicCounter(counters.valuesBuffer(), consensus.controlToggleCounter().id());
        this.inputsAtLastSnapshot = inputJournal.lastSequence();
        this.snapshotsSeen = counters.getCounterValue(snapshotCounterId);
        this.thread = new Thread(this, "snapshot-schedule-" + context.memberId());
        this.thread.setDaemon(true);
    }

    static SnapshotSchedule start(
        final ClusterNode.Context context, final ConsensusModule.Context consensus, final Journal inputJournal)
    {
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(consensus.aeronDirectoryName()));
        try
        {
            final SnapshotSchedule schedule = new SnapshotSchedule(context, consensus, inputJournal, aeron);
            schedule.thread.start();
            return schedule;
        }
        catch (final RuntimeException ex)
        {
            aeron.close();
            throw ex;
        }
    }

    @Override
    public void run()
    {
        while (running)
        {
            try
            {
                check();
                Thread.sleep(CHECK_INTERVAL_MS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            catch (final RuntimeException ex)
            {
                if (running)
                {
                    context.errorHandler().onError(ex);
                }
            }
        }
    }

    private void check()
    {
        if (counters.getCounterState(snapshotCounterId) != CountersReader.RECORD_ALLOCATED)
        {
            // The consensus module stopped: nothing left to schedule.
            running = false;
            return;
        }
        final long snapshots = counters.getCounterValue(snapshotCounterId);
        final long inputs = inputJournal.lastSequence();
        if (snapshots != snapshotsSeen)
        {
            snapshotsSeen = snapshots;
            inputsAtLastSnapshot = inputs;
            lastSnapshotNs = System.nanoTime();
            if (context.purgeLog())
            {
                purgeLog();
            }
            return;
        }
        final Cluster.Role role = Cluster.Role.get(counters.getCounterValue(roleCounterId));
        if (role != Cluster.Role.LEADER || inputs == inputsAtLastSnapshot)
        {
            return;
        }
        final long everyInputs = context.snapshotEveryInputs();
        final long everyMinutes = context.snapshotEveryMinutes();
        final boolean byInputs = everyInputs > 0 && inputs - inputsAtLastSnapshot >= everyInputs;
        final boolean byTime = everyMinutes > 0 &&
            System.nanoTime() - lastSnapshotNs >= TimeUnit.MINUTES.toNanos(everyMinutes);
        if ((byInputs || byTime) && ClusterControl.ToggleState.SNAPSHOT.toggle(controlToggle))
        {
            log.accept("snapshot requested at input " + inputs + (byInputs ? " (" + everyInputs + " inputs)" :
                " (" + everyMinutes + " minutes)"));
            // Counted from the request: the snapshot itself arrives within a moment, and asking again meanwhile
            // would only be refused by the toggle.
            inputsAtLastSnapshot = inputs;
            lastSnapshotNs = System.nanoTime();
        }
    }

    /** Deletes the log segments before the previous snapshot of the consensus module (service id -1). */
    private void purgeLog()
    {
        long latest = -1;
        long previous = -1;
        final long logRecordingId;
        try (RecordingLog recordingLog = new RecordingLog(consensus.clusterDir(), false))
        {
            for (final RecordingLog.Entry entry : recordingLog.entries())
            {
                if (entry.isValid && entry.type == RecordingLog.ENTRY_TYPE_SNAPSHOT &&
                    entry.serviceId == ConsensusModule.Configuration.SERVICE_ID && entry.logPosition > latest)
                {
                    previous = latest;
                    latest = entry.logPosition;
                }
            }
            logRecordingId = recordingLog.findLastTermRecordingId();
        }
        if (previous <= 0 || logRecordingId < 0)
        {
            return;
        }
        try (AeronArchive archive = AeronArchive.connect(consensus.archiveContext().clone().aeron(aeron)
            .ownsAeronClient(false)))
        {
            final int[] lengths = new int[2];
            archive.listRecording(logRecordingId, (controlSessionId, correlationId, recordingId, startTimestamp,
                stopTimestamp, startPosition, stopPosition, initialTermId, segmentFileLength, termBufferLength,
                mtuLength, sessionId, streamId, strippedChannel, originalChannel, sourceIdentity) ->
            {
                lengths[0] = termBufferLength;
                lengths[1] = segmentFileLength;
            });
            final long start = archive.getStartPosition(logRecordingId);
            final long newStart = AeronArchive.segmentFileBasePosition(start, previous, lengths[0], lengths[1]);
            if (newStart > start)
            {
                final long deleted = archive.purgeSegments(logRecordingId, newStart);
                log.accept("log purged before position " + newStart + " (" + deleted + " segments)");
            }
        }
    }

    @Override
    public void close()
    {
        running = false;
        thread.interrupt();
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        aeron.close();
    }
}
