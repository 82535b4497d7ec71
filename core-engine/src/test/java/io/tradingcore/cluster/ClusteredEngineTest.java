package io.tradingcore.cluster;

import io.tradingcore.config.BusyStrategyConfig;
import io.tradingcore.replay.ReplayVerifier;
import io.tradingcore.strategy.examples.ExampleStrategies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three members in one JVM: the same inputs give the same state on each, each member's journals replay to that state
 * in a single-process engine, and a member stopped while the others took many inputs (and snapshots) catches up.
 */
class ClusteredEngineTest
{
    @TempDir
    Path dir;

    @Test
    void membersAgreeWithEachOtherAndWithASingleProcessReplay()
    {
        final ClusterTestMembers cluster = new ClusterTestMembers(dir, 20_000);
        final List<NodeStatus.Line> caughtUp;
        final String hash;
        try
        {
            for (int id = 0; id < 3; id++)
            {
                cluster.launch(id);
            }
            cluster.sendReferenceData(BusyStrategyConfig.referenceData());
            final ClusterClient feed = cluster.client("feed", 0);
            ClusterTestMembers.sendTicks(feed, 0, 5_000);
            ClusterTestMembers.awaitAcknowledged(feed, Duration.ofSeconds(60));

            final List<NodeStatus.Line> lines = cluster.awaitSameState(5_000, Duration.ofSeconds(30));
            hash = lines.get(0).stateHash();
            final long inputs = lines.get(0).sequence();

            cluster.stop(2);
            ClusterTestMembers.sendTicks(feed, 5_000, 100_000);
            ClusterTestMembers.awaitAcknowledged(feed, Duration.ofSeconds(180));
            cluster.launch(2);
            caughtUp = cluster.awaitSameState(inputs + 100_000, Duration.ofSeconds(120));
            assertEquals(3, caughtUp.size());
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
            assertEquals(caughtUp.get(0).sequence(), replay.inputs(), "member " + id + "'s input journal");
            assertEquals(caughtUp.get(0).stateHash(), replay.stateHash(), "member " + id + "'s replayed state");
        }
        assertTrue(!hash.isEmpty());
    }
}
