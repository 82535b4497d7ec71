package io.tradingcore.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import one.profiler.AsyncProfiler;

/**
 * async-profiler over the timed part of one figure, when {@code scripts/profile} asks for it: with
 * {@code -Dtradingcore.profile=TEXT} the first figure whose name contains TEXT is recorded, from its first timed
 * run to its last, as a JFR file ({@code -Dtradingcore.profile.file}) of CPU samples with their Java, JVM and
 * kernel frames. The warm-ups and the other figures stay out of the profile, and nothing happens without the
 * property. Between timed runs a harness does its own work (a collection, the CPU probe): it marks each run with
 * {@link #runStarts} and {@link #runEnds}, and the windows go into FILE.windows, which {@link ProfileSummary}
 * keeps the samples of; without marks the whole span counts.
 */
final class FigureProfile implements AutoCloseable
{
    private static final FigureProfile NONE = new FigureProfile(null, null);
    private static boolean taken;

    private final AsyncProfiler profiler;
    private final String file;
    private final List<Instant> marks = new ArrayList<>();

    private FigureProfile(final AsyncProfiler profiler, final String file)
    {
        this.profiler = profiler;
        this.file = file;
    }

    /** Starts recording when this is the figure asked for; {@link #close} stops and writes the file. */
    static synchronized FigureProfile start(final String figure)
    {
        final String wanted = System.getProperty("tradingcore.profile");
        if (wanted == null || taken || !figure.contains(wanted))
        {
            return NONE;
        }
        taken = true;
        final String file = System.getProperty("tradingcore.profile.file", "profile.jfr");
        final AsyncProfiler profiler = AsyncProfiler.getInstance(library().toString());
        try
        {
            profiler.execute("start,jfr,event=cpu,interval=1ms,file=" + file);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("async-profiler did not start", e);
        }
        System.out.println("   profiling '" + figure + "' (CPU samples every 1 ms) into " + file);
        return new FigureProfile(profiler, file);
    }

    void runStarts()
    {
        mark();
    }

    void runEnds()
    {
        mark();
    }

    private void mark()
    {
        if (profiler != null)
        {
            marks.add(Instant.now());
        }
    }

    @Override
    public void close()
    {
        if (profiler == null)
        {
            return;
        }
        try
        {
            profiler.execute("stop");
            final StringBuilder windows = new StringBuilder();
            for (int i = 0; i + 1 < marks.size(); i += 2)
            {
                windows.append(marks.get(i)).append(' ').append(marks.get(i + 1)).append('\n');
            }
            Files.writeString(Path.of(file + ".windows"), windows);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("async-profiler did not write its file", e);
        }
    }

    /** The native library ships inside the async-profiler jar; the JVM loads it only from a file. */
    private static Path library()
    {
        final String platform = "linux-" + ("aarch64".equals(System.getProperty("os.arch")) ? "arm64" : "x64");
        try (InputStream in = AsyncProfiler.class.getResourceAsStream("/" + platform + "/libasyncProfiler.so"))
        {
            if (in == null || !System.getProperty("os.name").startsWith("Linux"))
            {
                throw new IllegalStateException("async-profiler has no library for this platform here (Linux only)");
            }
            final Path file = Files.createTempFile("libasyncProfiler", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("could not unpack async-profiler's library", e);
        }
    }
}
