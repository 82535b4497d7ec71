package io.tradingcore.gateway.core;

import io.tradingcore.cluster.ClusterClient;
import io.tradingcore.cluster.ClusterLayout;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.ClientCommandDoneDecoder;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.outputs.OutputJournalWriter;
import io.tradingcore.pipeline.ClientKeys;
import org.agrona.DirectBuffer;

import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Commands through the clustered core with a {@link ClusterClient}: each goes as a {@code ClientCommand} with this
 * gateway's session and the next client sequence, and is resent after a leader change or a lost session until the
 * engine's {@code ClientCommandDone} for it comes back on the cluster's egress. The egress carries every input's
 * outputs, so the answer (accepted with the order id, or rejected with the reason) is read from there as soon as the
 * input is committed and applied, whichever member the gateway's view follows and whether or not that member is up.
 */
public final class ClusterCommands implements CoreCommands
{
    private final ClusterClient client;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final OrderRejectedDecoder orderRejected = new OrderRejectedDecoder();
    private final InputRejectedDecoder inputRejected = new InputRejectedDecoder();
    private final ClientCommandDoneDecoder commandDone = new ClientCommandDoneDecoder();
    private Answers answers;
    private long answerSequence;
    private long answerOrderId;
    private String answerReason;
    private String answerText;
    private volatile boolean open;
    private volatile long opens;
    private volatile int leaderMemberId = -1;

    /**
     * @param hosts          the members' hosts, comma-separated, in member order.
     * @param basePort       the cluster's first port ({@link ClusterLayout}).
     * @param clientsFile    the cluster's file of ingress clients.
     * @param clientKeyFile  this gateway's key, issued at first use; registered in the clients file when it is not.
     */
    public ClusterCommands(
        final String hosts, final int basePort, final Path clientsFile, final Path clientKeyFile,
        final long clientSessionId, final int maxUnacknowledged, final PrintStream log)
    {
        final byte[] key = ClientKeys.loadOrIssue(clientsFile, "gateway", clientKeyFile);
        if (new ClientKeys(clientsFile).authenticate("gateway", key) != null)
        {
            // A key issued for the single-process core's ingress: the cluster's clients file learns it too.
            ClientKeys.register(clientsFile, "gateway", key);
        }
        client = ClusterClient.launch(new ClusterClient.Context()
            .ingressEndpoints(ClusterLayout.parse(hosts, basePort).ingressEndpoints())
            .clientName("gateway")
            .key(key)
            .clientSessionId(clientSessionId)
            .maxUnacknowledged(maxUnacknowledged)
            .outputListener(this::onOutputs)
            .log(line -> log.println("gateway: cluster link: " + line)));
    }

    @Override
    public long nextSequence()
    {
        return client.lastSequence() + 1;
    }

    @Override
    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return client.offer(buffer, offset, length) != ClusterClient.FULL;
    }

    @Override
    public int poll(final long doneUpTo, final Answers answers)
    {
        this.answers = answers;
        try
        {
            return client.poll();
        }
        finally
        {
            this.answers = null;
            open = client.isConnected();
            opens = client.connects();
            leaderMemberId = client.leaderMemberId();
        }
    }

    private void onOutputs(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (inputSequence != answerSequence)
        {
            answerSequence = inputSequence;
            answerOrderId = 0;
            answerReason = null;
            answerText = null;
        }
        final int end = offset + length;
        for (int at = offset + OutputJournalWriter.HEADER_LENGTH; at + Integer.BYTES <= end; )
        {
            final int messageLength = buffer.getInt(at, ByteOrder.LITTLE_ENDIAN);
            final int message = at + Integer.BYTES;
            onOutput(inputSequence, buffer, message);
            at = message + messageLength;
        }
    }

    private void onOutput(final long inputSequence, final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return;
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case OrderAcceptedDecoder.TEMPLATE_ID ->
                answerOrderId = orderAccepted.wrap(buffer, body, header.blockLength(), header.version()).orderId();
            case OrderRejectedDecoder.TEMPLATE_ID ->
            {
                final OrderRejectedDecoder m = orderRejected.wrap(buffer, body, header.blockLength(), header.version());
                answerOrderId = m.orderId();
                answerReason = m.reason().name().toLowerCase(Locale.ROOT);
                answerText = m.text();
            }
            case InputRejectedDecoder.TEMPLATE_ID ->
            {
                final InputRejectedDecoder m = inputRejected.wrap(buffer, body, header.blockLength(), header.version());
                answerReason = m.reason().name().toLowerCase(Locale.ROOT);
                answerText = m.text();
            }
            case ClientCommandDoneDecoder.TEMPLATE_ID ->
            {
                final ClientCommandDoneDecoder m = commandDone.wrap(buffer, body, header.blockLength(),
                    header.version());
                if (m.clientSessionId() == client.clientSessionId() && answers != null)
                {
                    answers.onCommandDone(m.clientSequence(), new CommandResult(inputSequence, answerReason == null,
                        answerOrderId, answerReason, answerText, m.duplicate() == BooleanType.TRUE));
                }
            }
            default ->
            {
            }
        }
    }

    @Override
    public long clientSessionId()
    {
        return client.clientSessionId();
    }

    @Override
    public boolean isOpen()
    {
        return open;
    }

    @Override
    public long opens()
    {
        return opens;
    }

    @Override
    public int leaderMemberId()
    {
        return leaderMemberId;
    }

    @Override
    public boolean clustered()
    {
        return true;
    }

    @Override
    public void close()
    {
        client.close();
    }
}
