package io.tradingcore.pipeline;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.tradingcore.codec.ClientCommandEncoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.SessionAnswerDecoder;
import io.tradingcore.codec.SessionCode;
import io.tradingcore.codec.SessionOpenEncoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A client of the core's command ingress ({@link CommandIngress}): opens its session with its name and key, numbers
 * its commands with its client sequence and keeps each until told it was done ({@link #acknowledge}), so that after
 * the core restarts, or the connection drops, it opens the session again and resends what was not acknowledged with
 * the same sequences; the engine applies each sequence once. Single-threaded: call it from one thread ({@link #isOpen}
 * and {@link #opens} may be read from any).
 *
 * <p>It connects to the media driver of the core's Aeron directory and connects again, with a fresh Aeron client,
 * whenever that driver goes away and comes back.
 */
public final class CommandClient implements AutoCloseable
{
    /** The command was queued; it is sent as soon as the session is open. */
    public static final long QUEUED = 0;
    /** More commands wait unacknowledged than the client keeps ({@code maxUnacknowledged}); try again later. */
    public static final long FULL = -2;

    private static final long OPEN_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long RECONNECT_RETRY_NS = TimeUnit.SECONDS.toNanos(1);

    private record Pending(long sequence, byte[] message)
    {
    }

    private final String aeronDirectory;
    private final String ingressChannel;
    private final int ingressStreamId;
    private final String responseChannel;
    private final int responseStreamId;
    private final String clientName;
    private final byte[] key;
    private final long clientSessionId;
    private final int maxUnacknowledged;
    private final ErrorHandler errorHandler;
    private final ArrayDeque<Pending> unacknowledged = new ArrayDeque<>();
    private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(1024);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SessionOpenEncoder openEncoder = new SessionOpenEncoder();
    private final ClientCommandEncoder commandEncoder = new ClientCommandEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SessionAnswerDecoder answerDecoder = new SessionAnswerDecoder();
    private final FragmentHandler onAnswer = this::onAnswer;
    private Aeron aeron;
    private ExclusivePublication publication;
    private Subscription answers;
    // Written by the client's thread only; volatile so that isOpen() and opens() may be read from any thread.
    private volatile boolean open;
    private long nextSequence;
    private int sentUpTo;
    private long nextOpenNs;
    private long nextConnectNs;
    private String lastRefusal;
    private volatile long opens;

    /**
     * @param nextSequence the next client sequence to use: one more than the last the engine applied for this
     *                     session (a client that keeps its session across its own restarts learns it from the output
     *                     journal's {@code ClientCommandDone}s), or 1 for a new session.
     */
    public CommandClient(
        final String aeronDirectory, final String ingressChannel, final int ingressStreamId,
        final String responseChannel, final int responseStreamId, final String clientName, final byte[] key,
        final long clientSessionId, final long nextSequence, final int maxUnacknowledged,
        final ErrorHandler errorHandler)
    {
        this.aeronDirectory = aeronDirectory;
        this.ingressChannel = ingressChannel;
        this.ingressStreamId = ingressStreamId;
        this.responseChannel = responseChannel;
        this.responseStreamId = responseStreamId;
        this.clientName = clientName;
        this.key = key.clone();
        this.clientSessionId = clientSessionId;
        this.nextSequence = nextSequence;
        this.maxUnacknowledged = maxUnacknowledged;
        this.errorHandler = errorHandler;
    }

    /**
     * Numbers the command (an SBE message, header included) and sends it when the session is open.
     *
     * @return the client sequence it got (positive), or {@link #FULL}.
     */
    public long offer(final DirectBuffer command, final int offset, final int length)
    {
        return offer(nextSequence, command, offset, length);
    }

    /**
     * Sends the command with a client sequence of the caller's, at or above {@link #nextSequence()}: a service whose
     * commands come from a durable outbox gives each the row's id, so that after its own restart it resends rows with
     * the same sequences and the engine applies each once.
     *
     * @return the sequence, or {@link #FULL}.
     */
    public long offer(final long sequence, final DirectBuffer command, final int offset, final int length)
    {
        if (sequence < nextSequence)
        {
            throw new IllegalArgumentException("client sequence " + sequence + " is below the next one, " +
                nextSequence);
        }
        if (unacknowledged.size() >= maxUnacknowledged)
        {
            return FULL;
        }
        final byte[] message = new byte[length];
        command.getBytes(offset, message);
        nextSequence = sequence + 1;
        unacknowledged.addLast(new Pending(sequence, message));
        sendPending();
        return sequence;
    }

    /** The sequence the next {@link #offer} gives, so that a caller can expect its answer before it is sent. */
    public long nextSequence()
    {
        return nextSequence;
    }

    /** The engine has done every command up to {@code sequence} (its {@code ClientCommandDone}): forget them. */
    public void acknowledge(final long sequence)
    {
        while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().sequence() <= sequence)
        {
            unacknowledged.removeFirst();
            if (sentUpTo > 0)
            {
                sentUpTo--;
            }
        }
    }

    /** Connects, opens the session, reads answers and sends what waits; returns the work done. */
    public int poll()
    {
        final long now = System.nanoTime();
        if (aeron == null || aeron.isClosed())
        {
            if (now - nextConnectNs < 0)
            {
                return 0;
            }
            nextConnectNs = now + RECONNECT_RETRY_NS;
            return connect() ? 1 : 0;
        }
        if (!publication.isConnected() || publication.isClosed())
        {
            if (open)
            {
                open = false;
                sentUpTo = 0;
            }
            return 0;
        }
        int work = answers.poll(onAnswer, 16);
        if (!open && now - nextOpenNs >= 0)
        {
            nextOpenNs = now + OPEN_RETRY_NS;
            sendOpen();
            work++;
        }
        if (open)
        {
            work += sendPending();
        }
        return work;
    }

    /** True while the session is open: commands go out at once. */
    public boolean isOpen()
    {
        return open;
    }

    public long clientSessionId()
    {
        return clientSessionId;
    }

    /** Commands sent or queued that the engine has not yet acknowledged. */
    public int unacknowledged()
    {
        return unacknowledged.size();
    }

    /** How many times the session was opened: more than once means the client reconnected and resent. */
    public long opens()
    {
        return opens;
    }

    /** The last refusal the ingress answered (a session or a command), or null. */
    public String lastRefusal()
    {
        return lastRefusal;
    }

    @Override
    public void close()
    {
        disconnect();
    }

    private boolean connect()
    {
        disconnect();
        aeron = CoreAeron.connectOrNull(aeronDirectory, errorHandler);
        if (aeron == null)
        {
            return false;
        }
        try
        {
            publication = aeron.addExclusivePublication(ingressChannel, ingressStreamId);
            answers = aeron.addSubscription(responseChannel, responseStreamId);
            return true;
        }
        catch (final RuntimeException ex)
        {
            // The driver went away as we subscribed: try again in a while.
            disconnect();
            return false;
        }
    }

    private void disconnect()
    {
        CloseHelper.quietCloseAll(answers, publication, aeron);
        answers = null;
        publication = null;
        aeron = null;
        open = false;
        sentUpTo = 0;
    }

    private void sendOpen()
    {
        openEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .clientSessionId(clientSessionId)
            .clientName(clientName)
            .putCredential(key, 0, key.length);
        publication.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + openEncoder.encodedLength());
    }

    /** Sends, in order, what was not sent on this session yet; stops at back pressure. */
    private int sendPending()
    {
        if (!open)
        {
            return 0;
        }
        int sent = 0;
        int index = 0;
        for (final Pending pending : unacknowledged)
        {
            if (index++ < sentUpTo)
            {
                continue;
            }
            commandEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
                .clientSessionId(clientSessionId)
                .clientSequence(pending.sequence())
                .putCommand(new UnsafeBuffer(pending.message()), 0, pending.message().length);
            final long result = publication.offer(
                sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + commandEncoder.encodedLength());
            if (result < 0)
            {
                if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED)
                {
                    open = false;
                    sentUpTo = 0;
                }
                break;
            }
            sentUpTo++;
            sent++;
        }
        return sent;
    }

    private void onAnswer(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.templateId() != SessionAnswerDecoder.TEMPLATE_ID)
        {
            return;
        }
        answerDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        if (answerDecoder.clientSessionId() != clientSessionId)
        {
            return;
        }
        final SessionCode code = answerDecoder.code();
        final String text = answerDecoder.text();
        if (code == SessionCode.OPEN)
        {
            if (!open)
            {
                open = true;
                opens = opens + 1;
                // Everything unacknowledged goes again: the engine skips what it had already applied.
                sentUpTo = 0;
            }
        }
        else
        {
            lastRefusal = code + ": " + text;
            if (code == SessionCode.REFUSED)
            {
                open = false;
            }
        }
    }
}
