package io.tradingcore.bridge;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;

/**
 * The bridge's way into the core ({@link CoreInputs}: the ingress in one process, a cluster client in cluster mode),
 * on the bridge's thread. When the core is behind, inputs
 * wait here in arrival order (terminals stop being read meanwhile, so TCP pushes back on them) and
 * so do the points at which a terminal frame becomes acknowledgeable, so that a frame is never
 * acknowledged before all it carried was offered.
 */
final class IngressPort
{
    private final CoreInputs ingress;
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private final UnsafeBuffer queued = new UnsafeBuffer(new byte[0]);

    private record AckPoint(TerminalSession session, long seq)
    {
    }

    IngressPort(final CoreInputs ingress)
    {
        this.ingress = ingress;
    }

    /** Offers one input, or queues a copy when the core is behind; false only when the core is closed. */
    boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (backlog.isEmpty())
        {
            final int result = ingress.offer(buffer, offset, length);
            if (result == CoreInputs.OK)
            {
                return true;
            }
            if (result == CoreInputs.CLOSED)
            {
                return false;
            }
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        backlog.addLast(copy);
        return true;
    }

    /** Everything {@code session}'s frame {@code seq} carried is offered: ack it once journaled. */
    void frameOffered(final TerminalSession session, final long seq)
    {
        if (backlog.isEmpty())
        {
            session.offeredUpTo(seq, ingress.producerPosition());
        }
        else
        {
            backlog.addLast(new AckPoint(session, seq));
        }
    }

    /** Offers what waits, in order; returns true when nothing waits any more. */
    boolean drain()
    {
        while (!backlog.isEmpty())
        {
            final Object next = backlog.peekFirst();
            if (next instanceof AckPoint point)
            {
                point.session().offeredUpTo(point.seq(), ingress.producerPosition());
            }
            else
            {
                final byte[] input = (byte[])next;
                queued.wrap(input);
                final int result = ingress.offer(queued, 0, input.length);
                if (result == CoreInputs.BACK_PRESSURED)
                {
                    return false;
                }
            }
            backlog.removeFirst();
        }
        return true;
    }

    boolean backedUp()
    {
        return !backlog.isEmpty();
    }
}
