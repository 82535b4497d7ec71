package io.tradingcore.venue;

import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.pipeline.CoreListener;
import io.tradingcore.pipeline.Ingress;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;

/**
 * Connects a {@link SimulatedVenue} to a running core the way a real venue is connected: it
 * watches the journaled inputs and the published outputs, and its execution reports go back in
 * through the ingress as ordinary inputs, so they are journaled like any venue's. Runs on the
 * publisher's thread; reports wait here while the ingress is full, never blocking that thread.
 */
public final class VenueConnection implements CoreListener, Agent
{
    private final SimulatedVenue venue;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[0]);
    private Ingress ingress;
    private volatile int pendingCount;

    public VenueConnection(final VenueSettings settings)
    {
        venue = new SimulatedVenue(settings, (buffer, offset, length) ->
        {
            // Straight into the core when nothing waits before it; a copy is kept only while the lane is full.
            if (pending.isEmpty() && ingress.offer(buffer, offset, length) == Ingress.OK)
            {
                return;
            }
            final byte[] report = new byte[length];
            buffer.getBytes(offset, report);
            pending.addLast(report);
            pendingCount = pending.size();
        });
    }

    /** Where reports go, normally the core's venue lane; set before the core starts. */
    public void connect(final Ingress ingress)
    {
        this.ingress = ingress;
    }

    /**
     * After a restart: give the venue the last quotes and the orders the recovered engine still
     * holds live, as a real venue would still have them, and ids above those of its earlier lives.
     */
    public void reconcile(final EngineStateReport report)
    {
        // Each life of this venue starts its ids after the input journal's last sequence, and each id it issues
        // reaches the journal in a report of its own (a venue order's first report, a deal's fill), journaled after
        // that start: so no id of an earlier life is above the journal's last sequence now.
        venue.issueIdsFrom(report.lastSequence() + 1);
        final InputMessages messages = new InputMessages();
        final ExpandableArrayBuffer tick = new ExpandableArrayBuffer(128);
        for (final EngineStateReport.InstrumentLine instrument : report.instruments())
        {
            if (instrument.bid() > 0)
            {
                final int length = messages.marketTick(tick, 0, instrument.instrumentId(),
                    instrument.lastTickTimeMsc(), instrument.bid(), instrument.ask(), 0, 0, 6);
                venue.onInput(report.lastSequence(), report.timeNs(), tick, 0, length);
            }
        }
        for (final EngineStateReport.OrderLine order : report.openOrders())
        {
            venue.restoreOrder(new RestoredOrder(order.orderId(), order.instrumentId(), order.side(), order.type(),
                order.timeInForce(), order.status(), order.leavesQuantity(), order.price(), order.stopPrice(),
                order.expiryTimeNs(), order.venueOrderId()));
        }
    }

    @Override
    public void onInput(final long sequence, final long timeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        venue.onInput(sequence, timeNs, buffer, offset, length);
    }

    @Override
    public void onOutput(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
    {
        venue.onOutput(buffer, offset, length);
    }

    @Override
    public int doWork()
    {
        int sent = 0;
        while (!pending.isEmpty())
        {
            final byte[] report = pending.peekFirst();
            sendBuffer.wrap(report);
            final long result = ingress.offer(sendBuffer, 0, report.length);
            if (result == Ingress.BACK_PRESSURED || result == Ingress.CLOSED)
            {
                break;
            }
            pending.removeFirst();
            sent++;
        }
        pendingCount = pending.size();
        return sent;
    }

    /** True when no report waits to enter the core. */
    public boolean isSettled()
    {
        return pendingCount == 0;
    }

    public SimulatedVenue venue()
    {
        return venue;
    }

    @Override
    public String roleName()
    {
        return "simulated-venue";
    }
}
