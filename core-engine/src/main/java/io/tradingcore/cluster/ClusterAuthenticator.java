package io.tradingcore.cluster;

import io.aeron.security.Authenticator;
import io.aeron.security.SessionProxy;
import io.tradingcore.pipeline.CommandAuthenticator;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.function.Consumer;

/**
 * Admits a cluster client whose name and key the core's {@link CommandAuthenticator} accepts, the same clients file
 * the single-process core's command ingress reads, so a client's key works in both modes. Runs on the consensus
 * module's thread.
 */
final class ClusterAuthenticator implements Authenticator
{
    private final CommandAuthenticator keys;
    private final Consumer<String> log;
    private final Long2ObjectHashMap<String> refusals = new Long2ObjectHashMap<>();

    ClusterAuthenticator(final CommandAuthenticator keys, final Consumer<String> log)
    {
        this.keys = keys;
        this.log = log;
    }

    @Override
    public void onConnectRequest(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
        final ClientCredentials credentials = ClientCredentials.decode(encodedCredentials);
        final String refusal = null == credentials ? "no client name and key" :
            keys.authenticate(credentials.clientName(), credentials.key());
        if (null != refusal)
        {
            refusals.put(sessionId, refusal);
            log.accept("cluster session " + sessionId + " refused: " + refusal);
        }
    }

    @Override
    public void onChallengeResponse(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
    }

    @Override
    public void onConnectedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        if (null == refusals.remove(sessionProxy.sessionId()))
        {
            sessionProxy.authenticate(null);
        }
        else
        {
            sessionProxy.reject();
        }
    }

    @Override
    public void onChallengedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        sessionProxy.reject();
    }
}
