package io.tradingcore.benchmarks;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;

/**
 * The raw Aeron Cluster baseline: a service that sends each committed message straight back to the session it came
 * from, and does nothing else (no engine, no journals, no snapshot). Run by {@link ClusterMember} in the engine's
 * place ({@code ClusterNode.Context.clusteredService}), so the members, their layout, timeouts and idle strategies are
 * the clustered engine's.
 */
final class ClusterEchoService implements ClusteredService
{
    /** Offers the service makes under back pressure before it gives an echo up (the client then times out). */
    private static final int ATTEMPTS = 10_000;

    private Cluster cluster;

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    @Override
    public void onSessionMessage(
        final ClientSession session, final long timestamp, final DirectBuffer buffer, final int offset,
        final int length, final Header header)
    {
        // On a follower the offer is a no-op that succeeds: only the leader sends.
        for (int i = 0; i < ATTEMPTS && session.offer(buffer, offset, length) < 0; i++)
        {
            cluster.idleStrategy().idle();
        }
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
    }
}
