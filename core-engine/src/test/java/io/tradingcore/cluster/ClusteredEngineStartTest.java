package io.tradingcore.cluster;

import io.tradingcore.config.ReferenceData;
import io.tradingcore.pipeline.ClientKeys;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A fresh member starts its engine and applies inputs: Aeron tells a service the cluster's time unit only with the
 * first leadership term (or a snapshot), not at {@code onStart}, where a check of it had stopped every fresh member.
 */
class ClusteredEngineStartTest
{
    @TempDir
    Path dir;

    @Test
    void freshSingleMemberClusterAcknowledgesTheReferenceData()
    {
        final Path clientsFile = dir.resolve("ingress-clients");
        final byte[] key = ClientKeys.loadOrIssue(clientsFile, "test", dir.resolve("test.key"));
        try (ClusterNode node = ClusterNode.launch(new ClusterNode.Context()
            .memberId(0)
            .hosts("127.0.0.1")
            .basePort(23_700)
            .directory(dir.resolve("node-0"))
            .clientsFile(clientsFile));
            ClusterClient client = ClusterClient.launch(new ClusterClient.Context()
                .ingressEndpoints(node.context().layout().ingressEndpoints())
                .clientName("test")
                .key(key)
                .clientSessionId(1)))
        {
            for (final byte[] input : ReferenceData.defaults().inputs())
            {
                client.offer(new UnsafeBuffer(input), 0, input.length);
            }
            final BackoffIdleStrategy idle = new BackoffIdleStrategy();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (client.acknowledgedSequence() < client.lastSequence() && System.nanoTime() < deadline)
            {
                idle.idle(client.poll());
            }
            assertEquals(client.lastSequence(), client.acknowledgedSequence(), "reference data inputs acknowledged");
        }
    }
}
