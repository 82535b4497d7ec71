package io.tradingcore.gateway.core;

import org.agrona.DirectBuffer;

/**
 * How {@link CoreLink} sends commands to the core and learns which are done: through the single-process core's command
 * ingress ({@link IngressCommands}) or through the clustered core's ingress ({@link ClusterCommands}). One thread, the
 * link's {@code gateway-commands}, calls everything but the getters, which any thread may read.
 */
public interface CoreCommands extends AutoCloseable
{
    /** Told, on the command thread, that the engine has done one of this session's commands. */
    @FunctionalInterface
    interface Answers
    {
        void onCommandDone(long clientSequence, CommandResult result);
    }

    /** The client sequence the next {@link #offer} gives its command. */
    long nextSequence();

    /**
     * Sends a command (an SBE message, header included) with the next client sequence; it stays queued and is resent
     * until the engine has done it.
     *
     * @return false when too many commands wait unacknowledged already.
     */
    boolean offer(DirectBuffer buffer, int offset, int length);

    /**
     * Does the session's work: answers, keep-alive, reconnects and resends.
     *
     * @param doneUpTo the highest client sequence the gateway's view has seen done.
     * @param answers  told of commands done, when this path learns of them itself (the cluster's egress).
     * @return work done.
     */
    int poll(long doneUpTo, Answers answers);

    /** The client session every command of this gateway process carries. */
    long clientSessionId();

    /** True while the session with the core is open. */
    boolean isOpen();

    /** How many times the session was opened: once, plus once per reconnect. */
    long opens();

    /** The cluster member leading as last heard, -1 when unknown or not a cluster. */
    int leaderMemberId();

    /** True for the clustered core. */
    boolean clustered();

    @Override
    void close();
}
