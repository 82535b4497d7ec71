package io.tradingcore.bridge.simulator;

/**
 * Keeps the terminal within the bridge's {@code maxFramesPerSecond} over every sliding second, which also
 * keeps it within any fixed one-second window the bridge may count in: a frame may go when the frame sent
 * {@code limit} frames ago left at least a second earlier. Unlimited when the limit is 0. Single-threaded.
 */
final class FrameRateLimit
{
    private static final long SECOND_NS = 1_000_000_000L;

    private long[] sendTimes = new long[0];
    private int next;
    private long sent;

    /** Sets the frames allowed per second (0 = unlimited) and forgets past sends. */
    void limit(final int framesPerSecond)
    {
        sendTimes = new long[Math.max(0, framesPerSecond)];
        next = 0;
        sent = 0;
    }

    /** Nanoseconds to wait before the next frame may be sent; 0 when it may go now. */
    long delayNanos(final long nowNs)
    {
        if (sendTimes.length == 0 || sent < sendTimes.length)
        {
            return 0;
        }
        final long oldest = sendTimes[next];
        return Math.max(0, oldest + SECOND_NS - nowNs);
    }

    void onSent(final long nowNs)
    {
        if (sendTimes.length == 0)
        {
            return;
        }
        sendTimes[next] = nowNs;
        next = next + 1 == sendTimes.length ? 0 : next + 1;
        sent++;
    }
}
