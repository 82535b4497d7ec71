package io.tradingcore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * How fast this thread's core reaches its caches right now: a fixed random walk over 256 KiB (which fits the
 * core's L2), timed. The machine is a VM whose vCPUs share their physical cores with work we cannot see; the
 * same engine run goes slower while the host keeps those caches busy, and the walk slows with it, where a chain of
 * multiplies does not (benchmarks/TARGETS.md, the engine's miss, has the figures). Timed just before each run, the
 * probe tells a slow run of ours from a slow host.
 */
final class CpuProbe
{
    private static final int SLOTS = 64 * 1024;
    private static final int STEPS = 2_000_000;
    private static final int[] NEXT = randomCycle(SLOTS);
    private static int position;

    static
    {
        // Compiled before the first timed probe, so that the probe times the core and not the JIT.
        for (int i = 0; i < 20; i++)
        {
            walk();
        }
    }

    private CpuProbe()
    {
    }

    /** What the reports' "CpuProbe" figures are, for their context lines. */
    static String explanation()
    {
        return "CpuProbe: before each timed run, a fixed random walk over 256 KiB (inside the core's L2 cache) is " +
            "timed on the measuring thread; on this VM it takes about 8 ms when the host leaves the core's caches " +
            "alone and up to 11 ms when it does not, and single-threaded figures such as the engine's move with it " +
            "(up to 1.7 x slower), so each figure's spread can be told from the host's.";
    }

    /** Milliseconds the fixed walk takes now. */
    static double millis()
    {
        final long start = System.nanoTime();
        walk();
        return (System.nanoTime() - start) / 1e6;
    }

    private static void walk()
    {
        // Each read's address is the previous read's value: the walk waits on the cache at every step.
        int at = position;
        for (int i = 0; i < STEPS; i++)
        {
            at = NEXT[at];
        }
        position = at;
    }

    /** One cycle through every slot in a random order, so that no prefetcher can guess the next read. */
    private static int[] randomCycle(final int slots)
    {
        final int[] order = new int[slots];
        for (int i = 0; i < slots; i++)
        {
            order[i] = i;
        }
        final Random random = new Random(1);
        for (int i = slots - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int swapped = order[i];
            order[i] = order[j];
            order[j] = swapped;
        }
        final int[] next = new int[slots];
        for (int i = 0; i < slots; i++)
        {
            next[order[i]] = order[(i + 1) % slots];
        }
        return next;
    }

    /** The host's load average over 1, 5 and 15 minutes, or "unknown": how busy the machine was around a run. */
    static String loadAverage()
    {
        try
        {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    /** The CPU's model name from /proc/cpuinfo, or the architecture where there is none: for the reports' machine. */
    static String cpuModel()
    {
        try
        {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse(System.getProperty("os.arch"));
        }
        catch (final IOException ex)
        {
            return System.getProperty("os.arch");
        }
    }
}
