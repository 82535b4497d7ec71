package io.tradingcore.cluster;

import io.tradingcore.config.BusyStrategyConfig;
import io.tradingcore.replay.ReplayVerifier;
import io.tradingcore.strategy.examples.ExampleStrategies;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three members in one JVM. The same inputs give the same state on each. A follower stopped (after a snapshot of its
 * own) while the others take 100,000 inputs and more snapshots restarts from its snapshot and catches up from the
 * log. A member whose folder is deleted rejoins from the others and rebuilds its journals. At the end each member's
 * journals replay in a single-process engine to the cluster's state.
 */
class ClusteredEngineTest
{
    private static final int BEHIND = 100_000;

    @TempDir
    Path dir;

    @Test
    void aFollowerLeftBehindAndAMemberWithoutItsFolderCatchUp()
    {
        final TestCluster cluster = new TestCluster(dir, 2_000);
        final List<NodeStatus.Line> settled;
        try
        {
            for (int id = 0; id < 3; id++)
            {
                cluster.launch(id);
            }
            cluster.sendReferenceData(BusyStrategyConfig.referenceData());
            final ClusterClient feed = cluster.client("feed", 0);
            TestCluster.sendTicks(feed, 0, 5_000);
            TestCluster.awaitAcknowledged(feed, Duration.ofSeconds(60));
            final long before = cluster.awaitSameState(5_000, Duration.ofSeconds(30)).get(0).sequence();

            final int follower = cluster.follower();
            cluster.stop(follower);
            TestCluster.sendTicks(feed, 5_000, BEHIND);
            TestCluster.awaitAcknowledged(feed, Duration.ofSeconds(300));
            cluster.launch(follower);
            assertTrue(cluster.startedAt(follower) >= 2_000, "the follower restarted from its snapshot at input " +
                cluster.startedAt(follower) + ", not from the start of the log");
            cluster.awaitSameState(before + BEHIND, Duration.ofSeconds(120));

            final int wiped = cluster.follower();
            cluster.stop(wiped);
            IoUtil.delete(cluster.memberDir(wiped).toFile(), false);
            assertFalse(Files.exists(cluster.memberDir(wiped)));
            TestCluster.sendTicks(feed, 5_000 + BEHIND, 1_000);
            cluster.launch(wiped);
            settled = cluster.awaitSameState(before + BEHIND + 1_000, Duration.ofSeconds(120));
            assertEquals(3, settled.size());
        }
        finally
        {
            cluster.close();
        }
        for (int id = 0; id < 3; id++)
        {
            final ReplayVerifier.Result replay = ReplayVerifier.verify(cluster.memberDir(id),
                ExampleStrategies.catalog(), (reached, total) ->
                {
                });
            assertTrue(replay.identical(), "member " + id + ": " + replay.divergence());
            assertEquals(settled.get(0).sequence(), replay.inputs(), "member " + id + "'s input journal");
            assertEquals(settled.get(0).stateHash(), replay.stateHash(), "member " + id + "'s replayed state");
        }
    }
}
