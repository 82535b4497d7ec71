package io.tradingcore.pipeline;

import io.aeron.Aeron;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The bridge's counters in the core's CnC file ({@link CoreCounters}): terminals connected, a heartbeat, and the
 * tick-to-order latency as a histogram of cumulative buckets (each counts the orders at or below its upper bound),
 * which the gateway's health, metrics and dashboard read. Made by the core before its threads start, since only then
 * may a thread other than the core's run its embedded media driver; written by the bridge's thread.
 */
public final class BridgeCounters
{
    /** The buckets' upper bounds in microseconds; the last one catches everything. */
    static final int[] BUCKET_UPPER_US = {10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000,
        100_000, Integer.MAX_VALUE};

    private final AtomicCounter sessions;
    private final AtomicCounter heartbeat;
    private final AtomicCounter[] buckets = new AtomicCounter[BUCKET_UPPER_US.length];

    BridgeCounters(final Aeron aeron)
    {
        sessions = aeron.addCounter(CoreCounters.BRIDGE_SESSIONS_TYPE_ID, "bridge terminals connected");
        heartbeat = aeron.addCounter(CoreCounters.BRIDGE_HEARTBEAT_TYPE_ID, "bridge heartbeat (epoch ms)");
        final UnsafeBuffer key = new UnsafeBuffer(new byte[Integer.BYTES]);
        for (int i = 0; i < BUCKET_UPPER_US.length; i++)
        {
            key.putInt(0, BUCKET_UPPER_US[i], ByteOrder.LITTLE_ENDIAN);
            final String label = "bridge tick-to-order <= " +
                (BUCKET_UPPER_US[i] == Integer.MAX_VALUE ? "inf" : BUCKET_UPPER_US[i]) + " us";
            final UnsafeBuffer labelBuffer = new UnsafeBuffer(label.getBytes(StandardCharsets.US_ASCII));
            buckets[i] = aeron.addCounter(CoreCounters.TICK_TO_ORDER_BUCKET_TYPE_ID, key, 0, Integer.BYTES,
                labelBuffer, 0, labelBuffer.capacity());
        }
    }

    /** The bridge is alive and has this many terminals connected. */
    public void alive(final int terminalsConnected)
    {
        sessions.setRelease(terminalsConnected);
        heartbeat.setRelease(System.currentTimeMillis());
    }

    /** One order's latency from its cause tick to its ORDER frame. */
    public void tickToOrder(final long nanos)
    {
        final long micros = Math.max(0, nanos / 1_000);
        for (int i = 0; i < BUCKET_UPPER_US.length; i++)
        {
            if (micros <= BUCKET_UPPER_US[i])
            {
                buckets[i].incrementRelease();
            }
        }
    }
}
