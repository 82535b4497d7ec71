package io.tradingcore.bridge;

import io.tradingcore.cluster.ClusterClient;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;
import java.util.List;

/**
 * Sends the reference data (DefineInstrument, DefineTenant, AccountUpdate, AttachStrategy, EngineSettings inputs) to a
 * clustered core, which nobody else offers it, and waits until the cluster acknowledged all of it. It goes under the
 * fixed client session {@value #SESSION}: the engine applies each session and sequence once, so the same list sent at
 * every start is applied the first time and answered as duplicates after.
 */
public final class ClusterReferenceData
{
    /** The well-known client session of the reference data. */
    public static final long SESSION = 1;

    /** What a send did: the inputs offered and acknowledged, and the sessions it took. */
    public record Sent(long inputs, long acknowledged, long connects, long resends)
    {
    }

    private ClusterReferenceData()
    {
    }

    /**
     * Offers {@code inputs} through a client of {@code context} (its session is set to {@value #SESSION}) and waits
     * until all are acknowledged.
     *
     * @throws IllegalStateException when the cluster did not acknowledge them all within {@code timeout}.
     */
    public static Sent send(final ClusterClient.Context context, final List<byte[]> inputs, final Duration timeout)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final IdleStrategy idle = new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
        try (ClusterClient client = ClusterClient.launch(context.clientSessionId(SESSION)))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
            for (final byte[] input : inputs)
            {
                buffer.wrap(input);
                while (client.offer(buffer, 0, input.length) == ClusterClient.FULL)
                {
                    idle.idle(client.poll());
                    checkDeadline(deadline, timeout, client, inputs.size());
                }
            }
            while (client.acknowledgedSequence() < client.lastSequence())
            {
                idle.idle(client.poll());
                checkDeadline(deadline, timeout, client, inputs.size());
                if (Thread.interrupted())
                {
                    throw new InterruptedException("interrupted sending the reference data to the cluster");
                }
            }
            return new Sent(client.lastSequence(), client.acknowledgedSequence(), client.connects(),
                client.resends());
        }
    }

    private static void checkDeadline(final long deadline, final Duration timeout, final ClusterClient client,
        final int count)
    {
        if (System.nanoTime() - deadline > 0)
        {
            throw new IllegalStateException("the cluster acknowledged " + client.acknowledgedSequence() + " of the " +
                count + " reference data inputs within " + timeout.toSeconds() + " s (" +
                (client.isConnected() ? "connected" : "no cluster session") + ")");
        }
    }
}
