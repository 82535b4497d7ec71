package io.tradingcore.bridge;

/**
 * An OrderRouted event of the core, taken off the publisher thread for delivery to a terminal.
 * Times are the core's (UTC); {@code causeTickTimeMsc} is the time of the tick whose input caused
 * it, 0 if another input did. {@code inputSequence} and {@code routedIndex} (its place among the
 * OrderRouted outputs of that input) say where it is in the output journal.
 */
record RoutedOrder(
    long inputSequence,
    int routedIndex,
    long orderId,
    long clientOrderId,
    int tenantId,
    long accountId,
    int instrumentId,
    int action,
    int side,
    int orderType,
    int timeInForce,
    long quantity,
    long price,
    long stopPrice,
    long expiryTimeNs,
    long venueOrderId,
    long causeTickTimeMsc)
{
}
