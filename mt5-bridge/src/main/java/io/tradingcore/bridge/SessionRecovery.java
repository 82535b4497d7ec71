package io.tradingcore.bridge;

import io.tradingcore.codec.ExecutionReportDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.outputs.OutputJournalReader;
import io.tradingcore.pipeline.InputEvent;
import io.tradingcore.pipeline.TradingCore;
import org.agrona.collections.LongHashSet;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the bridge's sessions when it starts on a data folder it ran on before: what the {@link SessionStore}
 * kept, checked against the core's journals up to the recovered input.
 * <ul>
 *   <li>Sessions: the terminal's journaled seq, the ORDER seqs and the ORDER frames not acknowledged, as stored.</li>
 *   <li>Executions the bridge offered before the kill and the terminal will resend: the input journal after the
 *       core's last sequence at the offer tells whether each was journaled; those that were are dropped when they
 *       come again, the others go in as new.</li>
 *   <li>Routed orders never written to a terminal (handed over but not yet taken, waiting for a terminal, or routed
 *       again by the core's recovery): read from the output journal from the stored floor on, each one after its
 *       account's last written order whose answer the recovered engine still awaits goes to its session again.</li>
 * </ul>
 * Runs once on the bridge's thread before any terminal connects.
 */
final class SessionRecovery
{
    private final BridgeServer bridge;
    private final TradingCore core;
    private final EngineStateReport recovered;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    SessionRecovery(final BridgeServer bridge, final TradingCore core, final EngineStateReport recovered)
    {
        this.bridge = bridge;
        this.core = core;
        this.recovered = recovered;
    }

    void restore(final SessionStore store)
    {
        final SessionStore.Contents stored = store.read();
        if (store.created())
        {
            if (recovered.lastSequence() > 0)
            {
                bridge.log("no session store in " + store.file() + " for a journal of " + recovered.lastSequence() +
                    " inputs: terminal sessions start afresh");
            }
            return;
        }
        final List<SessionStore.InFlightExecution> inFlight = new ArrayList<>();
        stored.executions().forEach((accountId, executions) ->
        {
            final SessionStore.SessionState state = stored.sessions().get(accountId);
            executions.stream().filter(e -> state == null || e.seq() > state.receivedSeq()).forEach(inFlight::add);
        });
        final Map<Long, LongHashSet> journaled = journaledExecutions(inFlight);
        int resent = 0;
        for (final Map.Entry<Long, SessionStore.SessionState> entry : stored.sessions().entrySet())
        {
            final long accountId = entry.getKey();
            // Not stored until restored: the stored record stays as it was until then.
            final TerminalSession session = new TerminalSession(bridge, entry.getValue().tenantId(), accountId);
            bridge.addSession(session);
            session.restore(entry.getValue(), stored.orders().getOrDefault(accountId, List.of()),
                stored.executions().getOrDefault(accountId, List.of()),
                journaled.getOrDefault(accountId, new LongHashSet()));
            session.persist();
            resent += session.unacknowledgedOrders();
        }
        final int rerouted = stored.routingFloor() == SessionStore.NONE ? 0 : rerouteUnwritten(stored.routingFloor());
        bridge.log("restored " + stored.sessions().size() + " terminal sessions from " + store.file() + ": " + resent +
            " orders to resend, " + rerouted + " routed orders never written, " + inFlight.size() +
            " executions in flight at the stop (" + journaled.values().stream().mapToInt(LongHashSet::size).sum() +
            " of them journaled)");
    }

    /** Which in-flight executions the input journal holds, by account: the seqs of their frames. */
    private Map<Long, LongHashSet> journaledExecutions(final List<SessionStore.InFlightExecution> inFlight)
    {
        final Map<Long, LongHashSet> journaled = new HashMap<>();
        if (inFlight.isEmpty())
        {
            return journaled;
        }
        final long from = inFlight.stream().mapToLong(SessionStore.InFlightExecution::sequencedBefore).min()
            .getAsLong() + 1;
        final long to = recovered.lastSequence();
        final List<SessionStore.InFlightExecution> unmatched = new ArrayList<>(inFlight);
        final ExecutionReportDecoder report = new ExecutionReportDecoder();
        try (JournalReader reader = core.inputJournalReader())
        {
            if (from > to || !reader.seek(from))
            {
                return journaled;
            }
            final boolean[] done = {false};
            while (!done[0] && !unmatched.isEmpty() && reader.poll((sequence, buffer, offset, length) ->
            {
                if (sequence > to)
                {
                    done[0] = true;
                    return;
                }
                final int message = offset + InputEvent.INPUT_HEADER;
                header.wrap(buffer, message);
                if (header.templateId() != ExecutionReportDecoder.TEMPLATE_ID)
                {
                    return;
                }
                report.wrapAndApplyHeader(buffer, message, header);
                for (int i = 0; i < unmatched.size(); i++)
                {
                    final SessionStore.InFlightExecution execution = unmatched.get(i);
                    if (execution.sequencedBefore() < sequence && execution.matches(report.orderId(),
                        report.execTypeRaw(), report.venueCode(), report.venueOrderId(), report.dealId(),
                        report.lastQuantity(), report.lastPrice()))
                    {
                        journaled.computeIfAbsent(execution.accountId(), id -> new LongHashSet())
                            .add(execution.seq());
                        unmatched.remove(i);
                        break;
                    }
                }
            }, 4096) > 0)
            {
                // read on to the recovered end
            }
        }
        return journaled;
    }

    /** Routes again the orders of the output journal from {@code floor} on that no terminal was written. */
    private int rerouteUnwritten(final long floor)
    {
        final long to = recovered.lastSequence();
        if (floor > to)
        {
            return 0;
        }
        final Map<Long, OrderStatus> awaiting = new HashMap<>();
        for (final EngineStateReport.OrderLine order : recovered.openOrders())
        {
            awaiting.put(order.orderId(), order.status());
        }
        final OrderRoutedDecoder routed = new OrderRoutedDecoder();
        final int[] rerouted = {0};
        try (JournalReader entries = core.outputJournalReader())
        {
            final long first = firstEntryAtOrAfter(entries, floor);
            if (first == 0 || !entries.seek(first))
            {
                return 0;
            }
            final OutputJournalReader batches = new OutputJournalReader(entries);
            final boolean[] done = {false};
            while (!done[0] && batches.poll((inputSequence, buffer, offset, length) ->
            {
                if (inputSequence > to)
                {
                    done[0] = true;
                    return;
                }
                final int[] routedIndex = {0};
                OutputBatch.forEach(buffer, offset, length, (message, at, messageLength) ->
                {
                    header.wrap(message, at);
                    if (header.templateId() != OrderRoutedDecoder.TEMPLATE_ID)
                    {
                        return;
                    }
                    final RoutedOrder order = BridgeServer.routedOrder(
                        routed.wrapAndApplyHeader(message, at, header), routedIndex[0]++, 0);
                    final TerminalSession session = bridge.session(order.accountId());
                    if (session != null && session.wasWritten(order.inputSequence(), order.routedIndex()) ||
                        !awaitsAnswer(awaiting.get(order.orderId()), order.action()))
                    {
                        return;
                    }
                    bridge.route(order);
                    rerouted[0]++;
                });
            }))
            {
                // read on to the recovered end
            }
        }
        return rerouted[0];
    }

    /** The engine still waits for the terminal's answer to this request of an order in this status. */
    private static boolean awaitsAnswer(final OrderStatus status, final int action)
    {
        if (status == null)
        {
            return false; // the order ended: an expiry of the bridge answered it before the stop
        }
        if (action == RouteAction.NEW.value())
        {
            return true; // an order whose NEW was never written can only be waiting for it (or cancelled before)
        }
        return action == RouteAction.CANCEL.value() ? status == OrderStatus.PENDING_CANCEL :
            status == OrderStatus.PENDING_MODIFY;
    }

    /** The first output journal entry whose input is at or after {@code inputSequence}, 0 if none: a binary search. */
    private long firstEntryAtOrAfter(final JournalReader entries, final long inputSequence)
    {
        long low = core.outputJournalFirstSequence();
        long high = core.outputJournalLastSequence();
        if (low == 0 || high == 0 || inputOf(entries, high) < inputSequence)
        {
            return 0;
        }
        while (low < high)
        {
            final long middle = low + (high - low) / 2;
            if (inputOf(entries, middle) < inputSequence)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    /** The input sequence an output journal entry starts with (its header, OutputJournalWriter). */
    private static long inputOf(final JournalReader entries, final long entry)
    {
        final long[] input = {Long.MAX_VALUE};
        if (entries.seek(entry))
        {
            entries.poll((sequence, buffer, offset, length) -> input[0] = buffer.getLong(offset,
                ByteOrder.LITTLE_ENDIAN), 1);
        }
        return input[0];
    }
}
