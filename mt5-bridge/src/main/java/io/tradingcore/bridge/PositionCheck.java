package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.AccountSnapshot;
import io.tradingcore.bridge.protocol.TerminalPosition;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;

import java.util.List;

/**
 * Compares one account's ACCOUNT snapshots with the core's positions and tells the core of the differences that are
 * real, not orders or fills on their way. One per {@link TerminalSession}, on the bridge's thread.
 * <p>
 * Orders and fills in flight make the two differ for a moment, so a snapshot is compared only when it is consistent
 * with the core, and a difference is reported only when it lasts (mt5-bridge/README.md, "When the terminal and the
 * core disagree"):
 * <ol>
 * <li>The snapshot acknowledges every ORDER the bridge wrote to the terminal. An order the terminal is executing may
 * show in its positions before its EXECUTION is sent.</li>
 * <li>The core has published the outputs of every input the terminal sent before the snapshot (the snapshot's frame is
 * journaled, the {@code JournaledWatermark}), and the bridge's thread has read the core's positions that far from the
 * hand-off queue. No EXECUTION came after the snapshot by then: the core's positions are then those of exactly the
 * executions the terminal had reported when it took the snapshot.</li>
 * <li>Two compared snapshots in a row show the same difference (terminal minus core, per instrument). A deal the
 * terminal made but had not reported when it took one snapshot shows in that one only.</li>
 * <li>A difference is reported once, until it changes or clears.</li>
 * </ol>
 * One snapshot is compared at a time; those that arrive meanwhile are skipped, as the next compared one supersedes
 * them.
 */
final class PositionCheck
{
    private static final long NONE = BridgeServer.NONE;
    private static final long NO_POSITION = -1;

    private final BridgeServer bridge;
    private final int tenantId;
    private final long accountId;
    /** The pending snapshot's positions by core instrument. */
    private final Long2LongHashMap terminalPositions = new Long2LongHashMap(NONE);
    /** The difference per instrument in the last compared snapshot. */
    private final Long2LongHashMap lastDifferences = new Long2LongHashMap(NONE);
    /** The difference per instrument the core was last told of. */
    private final Long2LongHashMap reported = new Long2LongHashMap(NONE);
    private final LongHashSet instruments = new LongHashSet();

    /** The seq of the snapshot waiting to be compared, 0 when none. */
    private long pendingSeq;
    /** The hand-off queue's position the bridge's thread must read past before comparing, or NO_POSITION. */
    private long handOffPosition = NO_POSITION;
    private long lastExecutionSeq;

    PositionCheck(final BridgeServer bridge, final int tenantId, final long accountId)
    {
        this.bridge = bridge;
        this.tenantId = tenantId;
        this.accountId = accountId;
    }

    /** An EXECUTION frame was accepted: a snapshot before it that is not compared yet is stale. */
    void onExecution(final long seq)
    {
        lastExecutionSeq = seq;
    }

    /**
     * A new ACCOUNT frame.
     *
     * @param instrumentBySymbol    the core's instrument of each of the terminal's symbols, 0 when refused.
     * @param allOrdersAcknowledged the terminal has acknowledged every ORDER written to it.
     */
    void onSnapshot(final long seq, final AccountSnapshot snapshot, final int[] instrumentBySymbol,
        final boolean allOrdersAcknowledged)
    {
        if (pendingSeq != 0 || !allOrdersAcknowledged || !collect(snapshot.positions(), instrumentBySymbol))
        {
            bridge.stats().positionChecksSkipped++;
            return;
        }
        pendingSeq = seq;
        handOffPosition = NO_POSITION;
    }

    /** The terminal's positions by core instrument; false when they overflow, as no real account's do. */
    private boolean collect(final List<TerminalPosition> positions, final int[] instrumentBySymbol)
    {
        terminalPositions.clear();
        try
        {
            for (final TerminalPosition position : positions)
            {
                final int symbol = position.symbolIndex();
                // A refused symbol has no instrument in the core to compare with.
                final int instrument =
                    symbol >= 0 && symbol < instrumentBySymbol.length ? instrumentBySymbol[symbol] : 0;
                if (instrument != 0 && position.netVolume() != 0)
                {
                    final long sum = Math.addExact(orZero(terminalPositions.get(instrument)), position.netVolume());
                    if (sum == NONE)
                    {
                        return false;
                    }
                    terminalPositions.put(instrument, sum);
                }
            }
            return true;
        }
        catch (final ArithmeticException ex)
        {
            return false;
        }
    }

    /**
     * Moves the pending snapshot on, from the bridge's ack timer: once its frame is journaled, the hand-off position
     * is noted; once the bridge's thread read past it, the snapshot is compared.
     */
    void poll(final long journaledSeq)
    {
        if (pendingSeq == 0)
        {
            return;
        }
        final PublisherHandOff handOff = bridge.handOff();
        if (handOffPosition == NO_POSITION)
        {
            if (journaledSeq < pendingSeq)
            {
                return;
            }
            // The core has published every output of the inputs before the snapshot, so they are in the queue.
            handOffPosition = handOff.producerPosition();
        }
        if (handOff.consumerPosition() < handOffPosition)
        {
            return;
        }
        if (lastExecutionSeq > pendingSeq)
        {
            bridge.stats().positionChecksSkipped++;
        }
        else
        {
            compare();
            bridge.stats().positionChecks++;
        }
        pendingSeq = 0;
        handOffPosition = NO_POSITION;
    }

    private void compare()
    {
        final Long2LongHashMap core = bridge.corePositionsOf(accountId);
        instruments.clear();
        addKeys(core);
        addKeys(terminalPositions);
        addKeys(lastDifferences);
        addKeys(reported);
        final LongHashSet.LongIterator each = instruments.iterator();
        while (each.hasNext())
        {
            final long instrument = each.nextValue();
            final long coreQuantity = orZero(core.get(instrument));
            final long terminalQuantity = orZero(terminalPositions.get(instrument));
            final long difference = difference(terminalQuantity, coreQuantity);
            if (difference == 0)
            {
                lastDifferences.remove(instrument);
                reported.remove(instrument);
                continue;
            }
            if (lastDifferences.get(instrument) == difference && reported.get(instrument) != difference)
            {
                reported.put(instrument, difference);
                bridge.reportPositionMismatch(tenantId, accountId, (int)instrument, terminalQuantity, coreQuantity);
            }
            lastDifferences.put(instrument, difference);
        }
    }

    /** Terminal minus core; a difference too large for a long is still one, the largest, and not the maps' NONE. */
    private static long difference(final long terminal, final long core)
    {
        try
        {
            final long difference = Math.subtractExact(terminal, core);
            return difference == NONE ? NONE + 1 : difference;
        }
        catch (final ArithmeticException ex)
        {
            return terminal > core ? Long.MAX_VALUE : NONE + 1;
        }
    }

    private void addKeys(final Long2LongHashMap map)
    {
        final Long2LongHashMap.KeyIterator keys = map.keySet().iterator();
        while (keys.hasNext())
        {
            instruments.add(keys.nextValue());
        }
    }

    /** The terminal starts new streams: seqs begin again at 1, so a pending snapshot's number means nothing now. */
    void restart()
    {
        pendingSeq = 0;
        handOffPosition = NO_POSITION;
        lastExecutionSeq = 0;
        lastDifferences.clear();
    }

    private static long orZero(final long value)
    {
        return value == NONE ? 0 : value;
    }
}
