package io.tradingcore.engine;

import io.tradingcore.codec.ClientCommandDecoder;
import io.tradingcore.codec.RejectReason;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * The client sessions of the command ingress: for each, the last client sequence applied. A command at or below it
 * is a resend (a client that reconnected and sent again what it had not seen answered) and is not applied twice. The
 * sessions are engine state, snapshotted and hashed like the rest, so a recovered or replayed engine, or a cluster
 * member, decides the same.
 */
final class ClientSessions
{
    private static final long NONE = -1;

    private final CurrentInput input;
    private final EngineEvents events;
    private final ReasonText text;
    private final Long2LongHashMap lastApplied = new Long2LongHashMap(NONE);

    ClientSessions(final CurrentInput input, final EngineEvents events, final ReasonText text)
    {
        this.input = input;
        this.events = events;
        this.text = text;
    }

    /**
     * Decides whether the command is applied: false for a resend (answered as a duplicate) and for a session or
     * sequence that cannot be (answered as rejected). On true the caller applies the command, then calls
     * {@link #done}.
     */
    boolean admit(final ClientCommandDecoder command, final int commandTemplateId)
    {
        final long session = command.clientSessionId();
        final long sequence = command.clientSequence();
        if (session <= 0 || sequence <= 0)
        {
            text.clear().append("client session ").append(session).append(" and sequence ").append(sequence)
                .append(" must both be positive");
            events.inputRejected(input.templateId, RejectReason.MALFORMED_MESSAGE, text);
            return false;
        }
        // Which client may send which input is the edge's to decide (CommandIngress takes only order and risk
        // commands; the cluster's clients are the bridge and the platform): the engine refuses only nesting.
        if (commandTemplateId == ClientCommandDecoder.TEMPLATE_ID)
        {
            text.clear().append("a client command cannot carry another client command");
            events.inputRejected(input.templateId, RejectReason.UNKNOWN_MESSAGE, text);
            return false;
        }
        if (sequence <= lastApplied.get(session))
        {
            events.clientCommandDone(session, sequence, commandTemplateId, true);
            return false;
        }
        lastApplied.put(session, sequence);
        return true;
    }

    /** After an admitted command: its outputs are out, this one tells the client so. */
    void done(final ClientCommandDecoder command, final int commandTemplateId)
    {
        events.clientCommandDone(command.clientSessionId(), command.clientSequence(), commandTemplateId, false);
    }

    /** The last sequence applied for the session, 0 when none. */
    long lastApplied(final long session)
    {
        return Math.max(0, lastApplied.get(session));
    }

    void writeSnapshot(final CanonicalWriter out)
    {
        final long[] sessions = new long[lastApplied.size()];
        int count = 0;
        final Long2LongHashMap.KeyIterator keys = lastApplied.keySet().iterator();
        while (keys.hasNext())
        {
            sessions[count++] = keys.nextValue();
        }
        Arrays.sort(sessions);
        out.putInt(count);
        for (final long session : sessions)
        {
            out.putLong(session);
            out.putLong(lastApplied.get(session));
        }
    }

    void readSnapshot(final CanonicalReader in)
    {
        final int count = in.getInt();
        for (int i = 0; i < count; i++)
        {
            lastApplied.put(in.getLong(), in.getLong());
        }
    }
}
