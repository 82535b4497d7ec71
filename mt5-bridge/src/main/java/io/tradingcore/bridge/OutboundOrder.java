package io.tradingcore.bridge;

/**
 * An order on its way to a terminal: waiting for a connection (no seq yet), or written with a seq
 * and kept until the terminal acknowledges it, so it can be resent after a reconnect.
 */
final class OutboundOrder
{
    final RoutedOrder order;
    final long queuedNs;
    long seq;
    byte[] frame;

    OutboundOrder(final RoutedOrder order, final long queuedNs)
    {
        this.order = order;
        this.queuedNs = queuedNs;
    }
}
