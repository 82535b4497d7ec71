package io.tradingcore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Turns a {@link FigureProfile} recording (async-profiler's JFR) into the Markdown that TARGETS.md cites: the share
 * of samples each thread took and what kind of code it ran (Java, the JVM's own C++, other native code, the
 * kernel), then, for each busy thread, the frames its samples were in on top of the stack (self time) and the
 * project's methods they were anywhere in (total time). Only samples inside the timed runs count when
 * {@code PROFILE_JFR.windows} lists them. The JFR file itself opens in JDK Mission Control or an IDE for the flame
 * graph.
 *
 * <pre>java -cp ... io.tradingcore.benchmarks.ProfileSummary profile.jfr profile.md "title" [command]</pre>
 */
public final class ProfileSummary
{
    private static final String SAMPLE = "jdk.ExecutionSample";
    private static final String OURS = "io.tradingcore.";
    private static final String HARNESS = "io.tradingcore.benchmarks.";
    private static final double BUSY_THREAD_SHARE = 0.10;
    private static final int MOST_THREADS_DETAILED = 4;
    private static final int ROWS = 25;
    private static final String NO_STACK = "(no stack)";

    /** The kind of code a frame is in, in the order of the threads table's columns. */
    private enum Kind
    {
        JAVA, JVM, NATIVE, KERNEL
    }

    /** One thread's samples: by kind of the top frame, by top frame, by our methods anywhere in the stack. */
    private static final class ThreadSamples
    {
        private final String name;
        private int samples;
        private final int[] byKind = new int[Kind.values().length];
        private final Map<String, Integer> self = new HashMap<>();
        private final Map<String, Map<String, Integer>> callers = new HashMap<>();
        private final Map<String, Integer> total = new HashMap<>();

        private ThreadSamples(final String name)
        {
            this.name = name;
        }

        private void add(final List<RecordedFrame> frames)
        {
            samples++;
            if (frames.isEmpty())
            {
                self.merge(NO_STACK, 1, Integer::sum);
                callers.computeIfAbsent(NO_STACK, k -> new HashMap<>()).merge("", 1, Integer::sum);
                return;
            }
            final Kind top = kind(frames.get(0));
            byKind[top.ordinal()]++;
            final String topLabel = top == Kind.KERNEL ? kernelCause(frames) : label(frames.get(0));
            self.merge(topLabel, 1, Integer::sum);
            callers.computeIfAbsent(topLabel, k -> new HashMap<>()).merge(caller(frames), 1, Integer::sum);
            final Set<String> seen = new HashSet<>();
            for (final RecordedFrame frame : frames)
            {
                final String type = frame.getMethod().getType().getName();
                if (type.startsWith(OURS) && !type.startsWith(HARNESS) && seen.add(label(frame)))
                {
                    total.merge(label(frame), 1, Integer::sum);
                }
            }
        }
    }

    private ProfileSummary()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length < 3 || args.length > 4)
        {
            System.err.println("usage: ProfileSummary PROFILE_JFR OUTPUT_MD TITLE [COMMAND]");
            System.exit(2);
        }
        final Path summary = Path.of(args[1]);
        Files.writeString(summary, summarize(Path.of(args[0]), args[2], args.length == 4 ? args[3] : null));
        System.out.println("profile summary written to " + summary);
    }

    /** The Markdown for the recording given; fails when it holds no samples inside the timed runs. */
    static String summarize(final Path recording, final String title, final String command) throws IOException
    {
        final List<Instant[]> windows = windows(Path.of(recording + ".windows"));
        final Map<String, ThreadSamples> threads = new HashMap<>();
        for (final RecordedEvent event : RecordingFile.readAllEvents(recording))
        {
            if (SAMPLE.equals(event.getEventType().getName()) && inside(windows, event.getStartTime()))
            {
                final RecordedThread thread = event.getThread("sampledThread");
                final String name = thread == null ? "(unknown)" : threadName(thread);
                final RecordedStackTrace stack = event.getStackTrace();
                threads.computeIfAbsent(name, ThreadSamples::new).add(stack == null ? List.of() : stack.getFrames());
            }
        }
        if (threads.isEmpty())
        {
            throw new IllegalStateException("no execution samples in " + recording +
                (windows.isEmpty() ? "" : " inside the timed runs"));
        }
        final String span = windows.isEmpty() ? "the timed part of the figure" : String.format(
            "the figure's timed runs (%d, %.2f s in all)", windows.size(),
            windows.stream().mapToLong(w -> w[1].toEpochMilli() - w[0].toEpochMilli()).sum() / 1e3);
        return markdown(title, command, threads, span);
    }

    private static String markdown(
        final String title, final String command, final Map<String, ThreadSamples> threads, final String span)
    {
        final List<ThreadSamples> byShare = threads.values().stream()
            .sorted(Comparator.comparingInt((ThreadSamples t) -> t.samples).reversed()).collect(Collectors.toList());
        final int all = byShare.stream().mapToInt(t -> t.samples).sum();
        final StringBuilder out = new StringBuilder("# Profile: ").append(title).append("\n\n");
        out.append(String.format("%,d samples (async-profiler, one per millisecond of a thread's CPU time), taken " +
            "during %s only.%n", all, span));
        if (command != null)
        {
            out.append("Recorded with `").append(command).append("`.\n");
        }
        out.append("\n## Threads\n\n");
        out.append("Share of all samples, and of each thread's samples the kind of code on top of its stack: Java " +
            "(compiled or interpreted), the JVM's own C++ (JIT compilers, GC), other native code (libc), the kernel " +
            "(system calls, page faults, the scheduler).\n\n");
        out.append("| thread | samples | share | Java | JVM | native | kernel |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        int others = 0;
        int otherThreads = 0;
        for (final ThreadSamples thread : byShare)
        {
            if (thread.samples < all / 100)
            {
                others += thread.samples;
                otherThreads++;
                continue;
            }
            out.append("| ").append(thread.name).append(" | ").append(String.format("%,d", thread.samples))
                .append(" | ").append(percent(thread.samples, all));
            for (final Kind kind : Kind.values())
            {
                out.append(" | ").append(percent(thread.byKind[kind.ordinal()], thread.samples));
            }
            out.append(" |\n");
        }
        if (otherThreads > 0)
        {
            out.append(String.format("| %d other threads, under 1%% each | %,d | %s | | | | |%n", otherThreads, others,
                percent(others, all)));
        }
        int detailed = 0;
        for (final ThreadSamples thread : byShare)
        {
            if (detailed == MOST_THREADS_DETAILED || thread.samples < all * BUSY_THREAD_SHARE)
            {
                break;
            }
            detailed++;
            out.append("\n## Thread `").append(thread.name).append("`: ").append(percent(thread.samples, all))
                .append(" of the samples\n\n");
            out.append("Self: the frame on top of the stack (Java methods as `Class.method`, inlined ones " +
                "included; native frames with their library; time in the kernel by what entered it: the system call, " +
                "page fault or interrupt).\n\n");
            selfTable(out, thread);
            if (!thread.total.isEmpty())
            {
                out.append("\nTotal: the core's methods (`io.tradingcore`, not the harness) anywhere in the stack, " +
                    "a method and what it calls.\n\n");
                totalTable(out, thread);
            }
        }
        return out.toString();
    }

    /** The timed runs' windows, one "start end" line each (ISO instants); none when the file is absent. */
    private static List<Instant[]> windows(final Path file) throws IOException
    {
        final List<Instant[]> windows = new ArrayList<>();
        if (Files.exists(file))
        {
            for (final String line : Files.readAllLines(file))
            {
                final String[] fields = line.trim().split(" ");
                if (fields.length == 2)
                {
                    windows.add(new Instant[]{Instant.parse(fields[0]), Instant.parse(fields[1])});
                }
            }
        }
        return windows;
    }

    private static boolean inside(final List<Instant[]> windows, final Instant time)
    {
        if (windows.isEmpty())
        {
            return true;
        }
        for (final Instant[] window : windows)
        {
            if (!time.isBefore(window[0]) && !time.isAfter(window[1]))
            {
                return true;
            }
        }
        return false;
    }

    private static void selfTable(final StringBuilder out, final ThreadSamples thread)
    {
        out.append("| frame | self | called from (the project's nearest frame below it, and its share) |\n");
        out.append("|---|---:|---|\n");
        for (final Map.Entry<String, Integer> row : mostFirst(thread.self))
        {
            final Map.Entry<String, Integer> caller = mostFirst(thread.callers.get(row.getKey())).get(0);
            out.append("| `").append(row.getKey()).append("` | ").append(percent(row.getValue(), thread.samples))
                .append(" | ").append(caller.getKey().isEmpty() ? "" : "`" + caller.getKey() + "` " +
                percent(caller.getValue(), row.getValue())).append(" |\n");
        }
    }

    private static void totalTable(final StringBuilder out, final ThreadSamples thread)
    {
        out.append("| method | total |\n|---|---:|\n");
        for (final Map.Entry<String, Integer> row : mostFirst(thread.total))
        {
            out.append("| `").append(row.getKey()).append("` | ").append(percent(row.getValue(), thread.samples))
                .append(" |\n");
        }
    }

    private static List<Map.Entry<String, Integer>> mostFirst(final Map<String, Integer> counts)
    {
        return counts.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .limit(ROWS)
            .collect(Collectors.toList());
    }

    /** The first of the project's frames below the top one, with its line: who asked for the work on top. */
    private static String caller(final List<RecordedFrame> frames)
    {
        for (int i = 1; i < frames.size(); i++)
        {
            final RecordedFrame frame = frames.get(i);
            if (frame.getMethod().getType().getName().startsWith(OURS))
            {
                return label(frame) + ":" + frame.getLineNumber();
            }
        }
        return "";
    }

    private static String threadName(final RecordedThread thread)
    {
        final String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        return name == null ? "(unnamed)" : name;
    }

    private static Kind kind(final RecordedFrame frame)
    {
        switch (frame.getType())
        {
            case "Kernel":
                return Kind.KERNEL;
            case "C++":
                return Kind.JVM;
            case "Native":
                return Kind.NATIVE;
            default:
                return Kind.JAVA;
        }
    }

    /**
     * What brought a thread into the kernel, rather than the kernel function it was sampled in (mostly the
     * hypervisor's interrupt re-enabling, which says nothing): the system call, the page fault or the interrupt.
     */
    private static String kernelCause(final List<RecordedFrame> frames)
    {
        String cause = null;
        String outermost = "";
        String caller = "";
        boolean waits = false;
        boolean wakes = false;
        for (final RecordedFrame frame : frames)
        {
            if (kind(frame) != Kind.KERNEL)
            {
                caller = frame.getMethod().getName();
                break;
            }
            final String name = frame.getMethod().getName();
            waits |= name.startsWith("futex_wait");
            wakes |= name.startsWith("futex_wake");
            if (name.startsWith("__x64_sys_"))
            {
                cause = name.substring("__x64_sys_".length()) + " system call";
            }
            else if (name.contains("page_fault") && cause == null)
            {
                cause = "page fault";
            }
            else if (name.startsWith("asm_sysvec_") && cause == null)
            {
                cause = "interrupt " + name.substring("asm_sysvec_".length());
            }
            outermost = name;
        }
        if (cause == null)
        {
            // Sampled on the way out of a system call, past its handler: the libc function that made it says which.
            cause = outermost.startsWith("entry_SYSCALL") ? "system call from " + caller : "entered at " + outermost;
        }
        if (cause.startsWith("futex"))
        {
            cause += waits ? ", wait (park)" : wakes ? ", wake (unpark)" : "";
        }
        return "[kernel] " + cause;
    }

    private static String label(final RecordedFrame frame)
    {
        final String type = frame.getMethod().getType().getName();
        final String method = frame.getMethod().getName();
        switch (kind(frame))
        {
            case KERNEL:
                return method + " [kernel]";
            case JVM:
            case NATIVE:
                return method + " [" + type + "]";
            default:
                return type.substring(type.lastIndexOf('.') + 1) + "." + method;
        }
    }

    private static String percent(final int part, final int whole)
    {
        return whole == 0 ? "0%" : String.format("%.1f%%", 100.0 * part / whole);
    }
}
