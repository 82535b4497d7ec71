package io.tradingcore.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The causal chain of one order: the input that caused it (a NewOrder, or the tick or timer on
 * which a strategy decided), the risk decision (OrderAccepted or OrderRejected), routing, the
 * venue's execution reports, fills, the position and account changes those fills made, cancels,
 * modifies and status changes. An id given by a person may be a client, a venue or an engine order
 * id; every order it names is followed.
 */
final class OrderChain
{
    private record ClientOrderKey(long accountId, long clientOrderId)
    {
    }

    private record Holding(long accountId, int instrumentId)
    {
    }

    private final Set<Long> orderIds = new HashSet<>();
    private final Set<ClientOrderKey> rejectedBeforeAcceptance = new HashSet<>();

    private OrderChain()
    {
    }

    /**
     * Reads the journals once to learn which orders {@code id} names.
     *
     * @throws IllegalArgumentException when no order has that id
     */
    static OrderChain find(
        final Path dataDirectory, final long id, final long lastSequence, final AuditTrail.ProgressListener progress)
    {
        final OrderChain chain = new OrderChain();
        AuditTrail.read(dataDirectory, lastSequence, step ->
        {
            for (final AuditRecord record : step.records())
            {
                chain.learn(record, id);
            }
        }, progress);
        if (chain.orderIds.isEmpty() && chain.rejectedBeforeAcceptance.isEmpty())
        {
            throw new IllegalArgumentException("--order " + id
                + ": no order has that client, venue or engine order id");
        }
        return chain;
    }

    private void learn(final AuditRecord record, final long id)
    {
        final boolean decision = record.message().equals("OrderAccepted") || record.message().equals("OrderRejected");
        if (decision && record.orderId() == 0 && record.clientOrderId() == id)
        {
            rejectedBeforeAcceptance.add(new ClientOrderKey(record.accountId(), record.clientOrderId()));
        }
        else if (record.orderId() != 0 &&
            (decision && (record.orderId() == id || record.clientOrderId() == id) || record.venueOrderId() == id))
        {
            orderIds.add(record.orderId());
        }
    }

    /** The records of one input step that belong to the chain, input first. */
    List<AuditRecord> select(final AuditTrail.Step step)
    {
        final List<AuditRecord> selected = new ArrayList<>();
        final Set<Long> filledAccounts = new HashSet<>();
        final Set<Holding> filledPositions = new HashSet<>();
        for (final AuditRecord output : step.outputs())
        {
            if (ofThisOrder(output))
            {
                selected.add(output);
                if (output.message().equals("Fill"))
                {
                    filledAccounts.add(output.accountId());
                    filledPositions.add(new Holding(output.accountId(), output.instrumentId()));
                }
            }
        }
        if (!filledAccounts.isEmpty())
        {
            // The position and account state a fill of this order changed, emitted for the same input.
            selected.clear();
            for (final AuditRecord output : step.outputs())
            {
                final boolean consequence = output.message().equals("PositionUpdate") &&
                    filledPositions.contains(new Holding(output.accountId(), output.instrumentId())) ||
                    output.message().equals("AccountState") && filledAccounts.contains(output.accountId());
                if (ofThisOrder(output) || consequence)
                {
                    selected.add(output);
                }
            }
        }
        if (!selected.isEmpty() || ofThisOrder(step.input()))
        {
            selected.add(0, step.input());
        }
        return selected;
    }

    private boolean ofThisOrder(final AuditRecord record)
    {
        if (record.orderId() != 0)
        {
            return orderIds.contains(record.orderId());
        }
        return record.clientOrderId() != 0 &&
            rejectedBeforeAcceptance.contains(new ClientOrderKey(record.accountId(), record.clientOrderId()));
    }
}
