package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.protocol.BridgeError;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.agrona.collections.LongArrayList;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the simulated terminal did, written by its I/O thread only and read from any thread: single-writer
 * volatile counters, a synchronized latency histogram and lists copied under their lock.
 */
final class TerminalCounters
{
    volatile long uniqueTicksSent;
    volatile long framesResent;
    volatile long connects;
    volatile long sessions;
    volatile long ordersReceived;
    volatile long duplicateOrdersDropped;
    volatile long executionsSent;
    volatile long accountSnapshotsSent;
    volatile long heartbeatsSent;
    volatile long ticksAcknowledged;
    volatile long lastRoundTripNs;
    volatile long ordersWithoutCauseTick;
    volatile long emptyReads;
    volatile long reinitialisations;
    volatile long ordersReconciled;
    volatile long dealsHeld;
    volatile long fillsAfterEnd;
    volatile long quantityFilled;
    volatile long quantityFilledAfterEnd;
    volatile long lateFills;

    private final SynchronizedHistogram tickToOrderNs = new SynchronizedHistogram(3);
    private final LongArrayList executedOrderIds = new LongArrayList();
    private final List<BridgeError> errors = new CopyOnWriteArrayList<>();
    private final List<String> refusedSymbols = new CopyOnWriteArrayList<>();

    void recordTickToOrder(final long nanos)
    {
        tickToOrderNs.recordValue(Math.max(0, nanos));
    }

    void onExecuted(final long orderId)
    {
        synchronized (executedOrderIds)
        {
            executedOrderIds.addLong(orderId);
        }
    }

    void onError(final BridgeError error)
    {
        errors.add(error);
    }

    void onRefusedSymbol(final String description)
    {
        refusedSymbols.add(description);
    }

    Histogram tickToOrderNs()
    {
        return tickToOrderNs.copy();
    }

    List<Long> executedOrderIds()
    {
        synchronized (executedOrderIds)
        {
            return new ArrayList<>(executedOrderIds);
        }
    }

    List<BridgeError> errors()
    {
        return List.copyOf(errors);
    }

    List<String> refusedSymbols()
    {
        return List.copyOf(refusedSymbols);
    }
}
