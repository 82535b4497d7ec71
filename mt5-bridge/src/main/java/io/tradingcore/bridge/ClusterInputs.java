package io.tradingcore.bridge;

import io.tradingcore.cluster.ClusterClient;
import org.agrona.DirectBuffer;

/**
 * The clustered core through a {@link ClusterClient}: the producer position is the client sequence of the last
 * offer, durable means acknowledged by the cluster (committed and applied). While the cluster is unreachable the
 * client keeps what is offered and sends it once a leader answers; only when it holds its limit of unacknowledged
 * inputs is an offer back-pressured. The bridge's thread polls the client.
 */
final class ClusterInputs implements CoreInputs
{
    private final ClusterClient client;

    ClusterInputs(final ClusterClient client)
    {
        this.client = client;
    }

    @Override
    public int offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return client.offer(buffer, offset, length) == ClusterClient.FULL ? BACK_PRESSURED : OK;
    }

    @Override
    public long producerPosition()
    {
        return client.lastSequence();
    }

    @Override
    public long durablePosition()
    {
        return client.acknowledgedSequence();
    }
}
