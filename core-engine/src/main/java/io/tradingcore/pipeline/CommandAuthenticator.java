package io.tradingcore.pipeline;

/**
 * Decides whether a client may open a session on the command ingress, as Aeron Cluster's {@code Authenticator}
 * does for cluster clients: Aeron itself authenticates no one, so every client presents a credential first and no
 * command is taken from it until this accepts. Called on the ingress's thread.
 */
@FunctionalInterface
public interface CommandAuthenticator
{
    /**
     * @param clientName the name the client gives.
     * @param credential the credential it presents (for {@link ClientKeys}, its key).
     * @return null when accepted; otherwise the reason, which is logged and answered.
     */
    String authenticate(String clientName, byte[] credential);
}
