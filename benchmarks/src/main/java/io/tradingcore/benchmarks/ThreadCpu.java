package io.tradingcore.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How busy each thread was during a timed run, from the JVM's per-thread CPU time: on two cores it
 * shows at once which pipeline thread is the limit and whether the threads had the cores to
 * themselves.
 */
final class ThreadCpu
{
    private static final double SHOWN_FROM = 0.02;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> cpuAtStart = new HashMap<>();
    private final long startNs;

    private ThreadCpu()
    {
        for (final long id : threads.getAllThreadIds())
        {
            cpuAtStart.put(id, threads.getThreadCpuTime(id));
        }
        startNs = System.nanoTime();
    }

    /** Starts counting, for threads alive now and any started later. */
    static ThreadCpu start()
    {
        return new ThreadCpu();
    }

    /** Each thread's CPU time as a share of the wall time since {@link #start()}, busiest first. */
    String busyUntil(final long endNs)
    {
        final double wallNs = endNs - startNs;
        final List<String> shares = new ArrayList<>();
        final List<ThreadInfo> infos = new ArrayList<>();
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds()))
        {
            if (info != null)
            {
                infos.add(info);
            }
        }
        infos.sort((a, b) -> Long.compare(cpu(b.getThreadId()), cpu(a.getThreadId())));
        for (final ThreadInfo info : infos)
        {
            final double share = cpu(info.getThreadId()) / wallNs;
            if (share >= SHOWN_FROM)
            {
                shares.add(String.format("%s %.0f%%", info.getThreadName(), share * 100));
            }
        }
        return "CPU busy per thread: " + String.join(", ", shares);
    }

    private long cpu(final long id)
    {
        final long now = threads.getThreadCpuTime(id);
        return now < 0 ? 0 : now - cpuAtStart.getOrDefault(id, 0L);
    }
}
