package io.tradingcore.bridge;

/**
 * A cluster-mode bridge's link to the cluster, as its thread last saw it.
 *
 * @param clientSessionId the client session the bridge's inputs carry.
 * @param offered         the client sequence of the last input offered.
 * @param acknowledged    every input up to this client sequence is committed and applied by the cluster.
 * @param connects        cluster sessions opened: the first, then one after each loss.
 * @param resends         inputs sent again after a leader change or a lost session.
 * @param connected       whether a cluster session is open.
 * @param leaderMemberId  the leader as last heard, -1 before the first session.
 * @param backedUp        whether inputs wait in the bridge because the client holds its limit of unacknowledged ones.
 */
public record ClusterLink(long clientSessionId, long offered, long acknowledged, long connects, long resends,
    boolean connected, int leaderMemberId, boolean backedUp)
{
    /** True when every input offered is acknowledged and none waits in the bridge. */
    public boolean allAcknowledged()
    {
        return acknowledged == offered && !backedUp;
    }
}
