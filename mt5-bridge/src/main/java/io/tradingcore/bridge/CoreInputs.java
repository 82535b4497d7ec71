package io.tradingcore.bridge;

import org.agrona.DirectBuffer;

/**
 * What the bridge needs of the core's way in, on the bridge's thread: offer an input, a position that grows with
 * every offer, and the position up to which offers are durable, so that a terminal frame is acknowledged only once
 * everything it carried is. In one process that is the core's ingress and its journal ({@link InProcessInputs}); in
 * cluster mode a cluster client, durable meaning committed and applied by the cluster ({@link ClusterInputs}).
 */
interface CoreInputs
{
    /** The input was taken. */
    int OK = 0;
    /** No room now: offer it again later. */
    int BACK_PRESSURED = 1;
    /** The core is gone: nothing offered from now on goes anywhere. */
    int CLOSED = 2;

    /** Offers one SBE input, header included; one of {@link #OK}, {@link #BACK_PRESSURED}, {@link #CLOSED}. */
    int offer(DirectBuffer buffer, int offset, int length);

    /** The position after the last input taken; it only grows. */
    long producerPosition();

    /** Every input whose producer position was at or below this is durable; cheap, called often. */
    long durablePosition();
}
