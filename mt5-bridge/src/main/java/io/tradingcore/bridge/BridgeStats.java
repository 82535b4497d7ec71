package io.tradingcore.bridge;

/**
 * Counters of the bridge, written by its thread (those of the hand-off queue by the core's publisher thread) and
 * read by anyone (a summary, a test, a health check). Single writer each, so plain volatile increments are exact.
 */
public final class BridgeStats
{
    volatile long connections;
    volatile long handshakes;
    volatile long ticksReceived;
    volatile long ticksForwarded;
    volatile long ticksDropped;
    volatile long duplicateFrames;
    volatile long executionsForwarded;
    volatile long executionsDropped;
    volatile long ordersRouted;
    volatile long ordersWritten;
    volatile long ordersResent;
    volatile long ordersExpired;
    volatile long accountSnapshots;
    volatile long positionChecks;
    volatile long positionChecksSkipped;
    volatile long positionMismatches;
    volatile long errorsSent;
    volatile String lastError = "";
    volatile long handOffWaits;
    volatile long handOffsRefused;
    volatile long handshakesFailed;
    volatile long addressesBlocked;
    volatile long connectionsRefused;
    volatile long terminalsReloads;
    volatile long terminalsReloadsRefused;

    public long connections()
    {
        return connections;
    }

    public long handshakes()
    {
        return handshakes;
    }

    /** Ticks in TICKS frames processed the first time (resends excluded). */
    public long ticksReceived()
    {
        return ticksReceived;
    }

    public long ticksForwarded()
    {
        return ticksForwarded;
    }

    /**
     * Ticks refused at the edge: an unknown or refused symbol, a negative price, or older than the
     * symbol's last tick. Crossed quotes pass: real feeds have them, and the engine decides.
     */
    public long ticksDropped()
    {
        return ticksDropped;
    }

    /** Sequenced frames received again after a reconnect and dropped. */
    public long duplicateFrames()
    {
        return duplicateFrames;
    }

    public long executionsForwarded()
    {
        return executionsForwarded;
    }

    /**
     * Executions dropped: a deal ticket already reported, or an order this terminal was never sent (or one that ended
     * so long ago that the bridge no longer remembers it).
     */
    public long executionsDropped()
    {
        return executionsDropped;
    }

    public long ordersRouted()
    {
        return ordersRouted;
    }

    public long ordersWritten()
    {
        return ordersWritten;
    }

    public long ordersResent()
    {
        return ordersResent;
    }

    public long ordersExpired()
    {
        return ordersExpired;
    }

    public long accountSnapshots()
    {
        return accountSnapshots;
    }

    /** ACCOUNT snapshots compared with the core's positions. */
    public long positionChecks()
    {
        return positionChecks;
    }

    /**
     * ACCOUNT snapshots not compared: an ORDER or EXECUTION was in flight around them, their volumes overflowed, or
     * another snapshot of the account was being compared.
     */
    public long positionChecksSkipped()
    {
        return positionChecksSkipped;
    }

    /** Differences between a terminal's positions and the core's reported to the core, each once. */
    public long positionMismatches()
    {
        return positionMismatches;
    }

    public long errorsSent()
    {
        return errorsSent;
    }

    public String lastError()
    {
        return lastError;
    }

    /**
     * Times the core's publisher thread found the queue to the bridge's thread full and waited for room
     * ({@link BridgeContext#handOffQueueBytes(int)}): the bridge's thread was behind, and the core with it.
     */
    public long handOffWaits()
    {
        return handOffWaits;
    }

    /** Routed orders, positions, finished orders and instruments the core's publisher handed over after close. */
    public long handOffsRefused()
    {
        return handOffsRefused;
    }

    /**
     * Connections that ended before a session: a wrong token, a malformed HELLO, no HELLO in time, a failed TLS
     * handshake. A busy account ({@code ACCOUNT_IN_USE}) is not one: its token was right.
     */
    public long handshakesFailed()
    {
        return handshakesFailed;
    }

    /** Blocks begun: an address failed too many handshakes ({@link BridgeContext#maxFailedHandshakes(int)}). */
    public long addressesBlocked()
    {
        return addressesBlocked;
    }

    /** Connections closed on arrival because their address was blocked. */
    public long connectionsRefused()
    {
        return connectionsRefused;
    }

    /** Changes of the terminals file applied without a restart ({@link BridgeContext#terminalsFile}). */
    public long terminalsReloads()
    {
        return terminalsReloads;
    }

    /** Changes of the terminals file refused (malformed, unreadable, a weak token beyond loopback): old tokens hold. */
    public long terminalsReloadsRefused()
    {
        return terminalsReloadsRefused;
    }
}
