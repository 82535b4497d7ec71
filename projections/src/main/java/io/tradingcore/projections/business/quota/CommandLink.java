package io.tradingcore.projections.business.quota;

import io.tradingcore.cluster.ClusterClient;
import io.tradingcore.pipeline.CommandClient;
import org.agrona.DirectBuffer;

/**
 * How the command sender reaches the engine: the single-process core's command ingress ({@link CommandClient}) or the
 * clustered core ({@link ClusterClient}). Both number commands with the sender's own sequences on a kept session and
 * send again what is not acknowledged after a reconnect or a new leader.
 */
interface CommandLink extends AutoCloseable
{
    long clientSessionId();

    /** The lowest sequence a new command may have. */
    long nextSequence();

    /** @return false when too many commands wait unacknowledged; try again later. */
    boolean offer(long sequence, DirectBuffer buffer, int offset, int length);

    /** The engine has done the commands up to this sequence, as the journals show. */
    void acknowledge(long sequence);

    int poll();

    boolean isOpen();

    @Override
    void close();

    static CommandLink of(final CommandClient client)
    {
        return new CommandLink()
        {
            @Override
            public long clientSessionId()
            {
                return client.clientSessionId();
            }

            @Override
            public long nextSequence()
            {
                return client.nextSequence();
            }

            @Override
            public boolean offer(final long sequence, final DirectBuffer buffer, final int offset, final int length)
            {
                return client.offer(sequence, buffer, offset, length) != CommandClient.FULL;
            }

            @Override
            public void acknowledge(final long sequence)
            {
                client.acknowledge(sequence);
            }

            @Override
            public int poll()
            {
                return client.poll();
            }

            @Override
            public boolean isOpen()
            {
                return client.isOpen();
            }

            @Override
            public void close()
            {
                client.close();
            }
        };
    }

    /** The cluster client learns what is done from its own egress, so the journals' word is not needed. */
    static CommandLink of(final ClusterClient client)
    {
        return new CommandLink()
        {
            @Override
            public long clientSessionId()
            {
                return client.clientSessionId();
            }

            @Override
            public long nextSequence()
            {
                return client.lastSequence() + 1;
            }

            @Override
            public boolean offer(final long sequence, final DirectBuffer buffer, final int offset, final int length)
            {
                return client.offer(sequence, buffer, offset, length) != ClusterClient.FULL;
            }

            @Override
            public void acknowledge(final long sequence)
            {
            }

            @Override
            public int poll()
            {
                return client.poll();
            }

            @Override
            public boolean isOpen()
            {
                return client.isConnected();
            }

            @Override
            public void close()
            {
                client.close();
            }
        };
    }
}
