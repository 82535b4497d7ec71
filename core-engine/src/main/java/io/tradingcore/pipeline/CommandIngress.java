package io.tradingcore.pipeline;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.Header;
import io.tradingcore.codec.CancelOrderDecoder;
import io.tradingcore.codec.ClientCommandDecoder;
import io.tradingcore.codec.HaltAccountDecoder;
import io.tradingcore.codec.KillSwitchDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.ModifyOrderDecoder;
import io.tradingcore.codec.NewOrderDecoder;
import io.tradingcore.codec.SessionAnswerEncoder;
import io.tradingcore.codec.SessionCode;
import io.tradingcore.codec.SessionOpenDecoder;
import io.tradingcore.codec.SetRiskLimitsDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.function.Consumer;

/**
 * Commands from other processes (the gateway, tools, later the cluster's clients) on an Aeron subscription, into the
 * core's {@link Ingress}. A client first opens a session with its name and credential ({@code SessionOpen}); the
 * {@link CommandAuthenticator} decides, and the answer goes out on the response stream. Only then are its
 * {@code ClientCommand}s taken, and only for the client session it opened on that publication: anything else is
 * refused, counted, logged and answered {@code COMMAND_REFUSED}, and never reaches the journal.
 *
 * <p>Resends are the engine's business, not this class's: the client session and sequence travel inside the
 * journaled {@code ClientCommand}, and the engine applies each sequence once (so a recovered or replayed engine
 * decides the same). Under back pressure from the core the fragment is left in the subscription and tried again,
 * so the order of a client's commands is kept and none is dropped.
 */
final class CommandIngress implements Agent
{
    private static final int FRAGMENT_LIMIT = 64;
    private static final long SWEEP_INTERVAL_NS = 1_000_000_000L;
    private static final long LOG_INTERVAL_NS = 1_000_000_000L;

    /** A session opened on one Aeron publication (by its Aeron session id). */
    private record OpenSession(long clientSessionId, String clientName)
    {
    }

    private final Ingress ingress;
    private final CommandAuthenticator authenticator;
    private final Subscription subscription;
    private final ExclusivePublication responses;
    private final AtomicCounter sessionsCounter;
    private final AtomicCounter refusedCounter;
    private final Consumer<String> log;
    private final StatusCounters status;
    private final Int2ObjectHashMap<OpenSession> sessions = new Int2ObjectHashMap<>();
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this::onFragment);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderDecoder commandHeader = new MessageHeaderDecoder();
    private final SessionOpenDecoder sessionOpen = new SessionOpenDecoder();
    private final ClientCommandDecoder clientCommand = new ClientCommandDecoder();
    private final MessageHeaderEncoder answerHeader = new MessageHeaderEncoder();
    private final SessionAnswerEncoder answer = new SessionAnswerEncoder();
    private final ExpandableArrayBuffer answerBuffer = new ExpandableArrayBuffer(256);
    private long nextSweepNs;
    private long nextLogNs;
    private long unloggedRefusals;

    /** Subscribes and creates the response publication on the calling thread, before the core's threads run. */
    CommandIngress(
        final Aeron aeron, final String channel, final int streamId, final String responseChannel,
        final int responseStreamId, final Ingress ingress, final CommandAuthenticator authenticator,
        final StatusCounters status, final Consumer<String> log)
    {
        this.ingress = ingress;
        this.authenticator = authenticator;
        this.status = status;
        this.log = log;
        Subscription subscribed = null;
        ExclusivePublication published = null;
        try
        {
            subscribed = aeron.addSubscription(channel, streamId);
            published = aeron.addExclusivePublication(responseChannel, responseStreamId);
            sessionsCounter = aeron.addCounter(CoreCounters.INGRESS_SESSIONS_TYPE_ID, "ingress sessions open");
            refusedCounter = aeron.addCounter(CoreCounters.INGRESS_REFUSED_TYPE_ID, "ingress commands refused");
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(published, subscribed);
            throw ex;
        }
        subscription = subscribed;
        responses = published;
    }

    @Override
    public int doWork()
    {
        int work = subscription.controlledPoll(assembler, FRAGMENT_LIMIT);
        final long now = System.nanoTime();
        if (now - nextSweepNs >= 0)
        {
            nextSweepNs = now + SWEEP_INTERVAL_NS;
            work += sweepClosedSessions();
        }
        work += status.update(now);
        return work;
    }

    @Override
    public String roleName()
    {
        return "command-ingress";
    }

    private Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header frame)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            refuse(frame.sessionId(), 0, "a message of " + length + " bytes is shorter than a header");
            return Action.CONTINUE;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            refuse(frame.sessionId(), 0, "schema " + header.schemaId() + " is not the core's");
            return Action.CONTINUE;
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case SessionOpenDecoder.TEMPLATE_ID:
                onSessionOpen(frame.sessionId(),
                    sessionOpen.wrap(buffer, body, header.blockLength(), header.version()));
                return Action.CONTINUE;
            case ClientCommandDecoder.TEMPLATE_ID:
                return onCommand(frame.sessionId(),
                    clientCommand.wrap(buffer, body, header.blockLength(), header.version()), buffer, offset, length);
            default:
                refuse(frame.sessionId(), 0, "template " + header.templateId() + " is not taken on the ingress");
                return Action.CONTINUE;
        }
    }

    private void onSessionOpen(final int aeronSessionId, final SessionOpenDecoder open)
    {
        final long clientSessionId = open.clientSessionId();
        final String clientName = open.clientName();
        final byte[] credential = new byte[open.credentialLength()];
        open.getCredential(credential, 0, credential.length);
        final String refusal = clientSessionId <= 0 ? "a client session id must be positive" :
            authenticator.authenticate(clientName, credential);
        if (refusal != null)
        {
            refusedCounter.increment();
            logRefusal("session " + clientSessionId + " of '" + clientName + "' refused: " + refusal);
            answer(clientSessionId, SessionCode.REFUSED, refusal);
            return;
        }
        sessions.put(aeronSessionId, new OpenSession(clientSessionId, clientName));
        sessionsCounter.setRelease(sessions.size());
        answer(clientSessionId, SessionCode.OPEN, "open");
    }

    private Action onCommand(
        final int aeronSessionId, final ClientCommandDecoder command, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final OpenSession session = sessions.get(aeronSessionId);
        final long clientSessionId = command.clientSessionId();
        if (session == null)
        {
            refuse(aeronSessionId, clientSessionId, "no session is open on this publication");
            return Action.CONTINUE;
        }
        if (session.clientSessionId() != clientSessionId)
        {
            refuse(aeronSessionId, clientSessionId, "the publication's session is " + session.clientSessionId());
            return Action.CONTINUE;
        }
        final int commandOffset = command.limit() + ClientCommandDecoder.commandHeaderLength();
        if (command.commandLength() < MessageHeaderDecoder.ENCODED_LENGTH ||
            commandOffset + command.commandLength() > offset + length)
        {
            refuse(aeronSessionId, clientSessionId, "the command does not fit its message");
            return Action.CONTINUE;
        }
        final int commandTemplateId = commandHeader.wrap(buffer, commandOffset).templateId();
        if (!isOrderOrRiskCommand(commandTemplateId))
        {
            refuse(aeronSessionId, clientSessionId, "template " + commandTemplateId + " is not a command clients send");
            return Action.CONTINUE;
        }
        final long result = ingress.offer(buffer, offset, length);
        if (result == Ingress.OK)
        {
            return Action.CONTINUE;
        }
        if (result == Ingress.BACK_PRESSURED || result == Ingress.CLOSED)
        {
            return Action.ABORT;
        }
        refuse(aeronSessionId, clientSessionId, "command of " + length + " bytes: " + Ingress.describe(result));
        return Action.CONTINUE;
    }

    /** What the ingress's clients (the gateway, the business services, tools) may command. */
    static boolean isOrderOrRiskCommand(final int templateId)
    {
        return templateId == NewOrderDecoder.TEMPLATE_ID || templateId == CancelOrderDecoder.TEMPLATE_ID ||
            templateId == ModifyOrderDecoder.TEMPLATE_ID || templateId == SetRiskLimitsDecoder.TEMPLATE_ID ||
            templateId == HaltAccountDecoder.TEMPLATE_ID || templateId == KillSwitchDecoder.TEMPLATE_ID;
    }

    private void refuse(final int aeronSessionId, final long clientSessionId, final String reason)
    {
        refusedCounter.increment();
        logRefusal("command refused from Aeron session " + aeronSessionId + " (client session " + clientSessionId +
            "): " + reason);
        answer(clientSessionId, SessionCode.COMMAND_REFUSED, reason);
    }

    /** One line a second at most, so a flood of refusals cannot flood the log; the counter has the exact count. */
    private void logRefusal(final String line)
    {
        final long now = System.nanoTime();
        if (now - nextLogNs >= 0)
        {
            nextLogNs = now + LOG_INTERVAL_NS;
            log.accept("command ingress: " + line +
                (unloggedRefusals > 0 ? " (" + unloggedRefusals + " more refused since the last line)" : ""));
            unloggedRefusals = 0;
        }
        else
        {
            unloggedRefusals++;
        }
    }

    private void answer(final long clientSessionId, final SessionCode code, final String text)
    {
        answer.wrapAndApplyHeader(answerBuffer, 0, answerHeader)
            .clientSessionId(clientSessionId)
            .code(code)
            .text(text);
        // A client that is not listening misses the answer: it opens again when it sees none.
        responses.offer(answerBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + answer.encodedLength());
    }

    private int sweepClosedSessions()
    {
        final int before = sessions.size();
        sessions.keySet().removeIf(aeronSessionId -> subscription.imageBySessionId(aeronSessionId) == null);
        sessionsCounter.setRelease(sessions.size());
        return before - sessions.size();
    }
}
