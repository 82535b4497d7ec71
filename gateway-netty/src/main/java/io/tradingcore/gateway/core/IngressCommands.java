package io.tradingcore.gateway.core;

import io.tradingcore.pipeline.ClientKeys;
import io.tradingcore.pipeline.CommandClient;
import org.agrona.DirectBuffer;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Commands through the single-process core's command ingress with a {@link CommandClient}: the engine's
 * {@code ClientCommandDone} comes back through the core's journals and live stream, which the gateway's view follows,
 * so the view tells which commands are done ({@link #poll}'s {@code doneUpTo}).
 */
public final class IngressCommands implements CoreCommands
{
    private final CommandClient client;

    /**
     * @param aeronDirectory  the core's media driver's directory.
     * @param ingressChannel  the core's command ingress channel and stream, and its response channel and stream.
     * @param clientsFile     the core's file of ingress clients.
     * @param clientKeyFile   this gateway's ingress key, issued into the clients file on first use.
     */
    public IngressCommands(
        final Path aeronDirectory, final String ingressChannel, final int ingressStreamId,
        final String responseChannel, final int responseStreamId, final Path clientsFile, final Path clientKeyFile,
        final long clientSessionId, final int maxUnacknowledged, final PrintStream log)
    {
        final byte[] key = ClientKeys.loadOrIssue(clientsFile, "gateway", clientKeyFile);
        client = new CommandClient(aeronDirectory.toString(), ingressChannel, ingressStreamId, responseChannel,
            responseStreamId, "gateway", key, clientSessionId, 1, maxUnacknowledged,
            error -> log.println("gateway: core link: " + error));
    }

    @Override
    public long nextSequence()
    {
        return client.nextSequence();
    }

    @Override
    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return client.offer(buffer, offset, length) != CommandClient.FULL;
    }

    @Override
    public int poll(final long doneUpTo, final Answers answers)
    {
        client.acknowledge(doneUpTo);
        return client.poll();
    }

    @Override
    public long clientSessionId()
    {
        return client.clientSessionId();
    }

    @Override
    public boolean isOpen()
    {
        return client.isOpen();
    }

    @Override
    public long opens()
    {
        return client.opens();
    }

    @Override
    public int leaderMemberId()
    {
        return -1;
    }

    @Override
    public boolean clustered()
    {
        return false;
    }

    @Override
    public void close()
    {
        client.close();
    }
}
