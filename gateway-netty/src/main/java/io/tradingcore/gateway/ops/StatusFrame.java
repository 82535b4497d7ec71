package io.tradingcore.gateway.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * What the live stream's {@code status} frame says every second: each component's health and the bridge's tick-to-order
 * latency histogram, its buckets turned from the core's cumulative counters into counts per bucket, with the
 * percentiles read off them (each the upper bound of the bucket it falls in).
 */
public final class StatusFrame
{
    private final PlatformHealth health;
    private final CoreCountersReader core;

    public StatusFrame(final PlatformHealth health, final CoreCountersReader core)
    {
        this.health = health;
        this.core = core;
    }

    /** The frame's fields: {@code components} and {@code latency}. */
    public Map<String, Object> get()
    {
        final Map<String, Object> frame = new LinkedHashMap<>();
        final List<Map<String, Object>> components = new ArrayList<>();
        for (final PlatformHealth.Component component : health.components())
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", component.name());
            row.put("status", component.status());
            row.put("lag", component.lag());
            row.put("lastSeenMs", component.lastSeenMs());
            row.put("detail", component.detail());
            components.add(row);
        }
        frame.put("components", components);
        frame.put("latency", latency(core.read().tickToOrderBuckets()));
        return frame;
    }

    /** From cumulative buckets (upper bound in µs to orders at or below it) to counts per bucket and percentiles. */
    static Map<String, Object> latency(final NavigableMap<Integer, Long> cumulative)
    {
        final List<long[]> buckets = new ArrayList<>();
        long below = 0;
        for (final Map.Entry<Integer, Long> bucket : cumulative.entrySet())
        {
            buckets.add(new long[] {bucket.getKey(), Math.max(0, bucket.getValue() - below)});
            below = Math.max(below, bucket.getValue());
        }
        final long total = below;
        final Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("orders", total);
        latency.put("p50Us", percentile(buckets, total, 0.50));
        latency.put("p99Us", percentile(buckets, total, 0.99));
        latency.put("p999Us", percentile(buckets, total, 0.999));
        latency.put("maxUs", percentile(buckets, total, 1.0));
        final List<List<Long>> rows = new ArrayList<>();
        for (final long[] bucket : buckets)
        {
            rows.add(List.of(bucket[0], bucket[1]));
        }
        latency.put("buckets", rows);
        return latency;
    }

    private static Long percentile(final List<long[]> buckets, final long total, final double fraction)
    {
        if (total == 0)
        {
            return null;
        }
        final long rank = Math.max(1, (long)Math.ceil(total * fraction));
        long seen = 0;
        for (final long[] bucket : buckets)
        {
            seen += bucket[1];
            if (seen >= rank)
            {
                return bucket[0];
            }
        }
        return buckets.get(buckets.size() - 1)[0];
    }
}
