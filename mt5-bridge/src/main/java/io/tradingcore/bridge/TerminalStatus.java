package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.AccountSnapshot;

/**
 * One account's link to its terminal, as the bridge sees it at a moment: connected or not, orders
 * waiting for a connection or for an acknowledgement, and the last difference between the
 * terminal's last snapshot and the core's positions ("" when they agree or no snapshot came).
 */
public record TerminalStatus(
    int tenantId,
    long accountId,
    String terminalId,
    boolean connected,
    int waitingOrders,
    int unacknowledgedOrders,
    String positionMismatch,
    AccountSnapshot lastSnapshot)
{
}
