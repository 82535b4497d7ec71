package io.tradingcore.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/profile's two halves on a workload whose answer is known: async-profiler records a figure's timed runs
 * (and only the figure asked for), and the summary charges the samples to the method that spent them, leaving out
 * what ran between the timed runs.
 */
class FigureProfileTest
{
    private static final Pattern SELF = Pattern.compile("\\| `FigureProfileTest\\.insideTheRuns` \\| ([0-9.]+)% \\|");

    private static volatile long sink;

    @AfterEach
    void forget()
    {
        System.clearProperty("tradingcore.profile");
        System.clearProperty("tradingcore.profile.file");
    }

    @SuppressWarnings("try") // the resource is held open for the length of the block, not used in it
    @Test
    void theSummaryChargesTheTimedRunsToTheMethodThatSpentThemAndLeavesTheRestOut(@TempDir final Path dir)
        throws Exception
    {
        final Path recording = dir.resolve("busy.jfr");
        System.setProperty("tradingcore.profile", "busy figure");
        System.setProperty("tradingcore.profile.file", recording.toString());

        try (FigureProfile other = FigureProfile.start("a quiet figure"))
        {
            outsideTheRuns(50);
        }
        assertFalse(Files.exists(recording), "a figure not asked for is not profiled");
        try (FigureProfile profile = FigureProfile.start("the busy figure, spinning"))
        {
            for (int run = 0; run < 3; run++)
            {
                outsideTheRuns(150);
                profile.runStarts();
                insideTheRuns(200);
                profile.runEnds();
            }
        }
        assertTrue(Files.size(recording) > 0, "the recording is written when the figure's runs end");
        assertEquals(3, Files.readAllLines(Path.of(recording + ".windows")).size(), "one window per timed run");

        final String summary = ProfileSummary.summarize(recording, "busy figure", "the test");
        final Matcher self = SELF.matcher(summary);
        assertTrue(self.find(), summary);
        assertTrue(Double.parseDouble(self.group(1)) >= 50, "the timed runs' thread spent most of them there:\n" +
            summary);
        assertFalse(summary.contains("outsideTheRuns"), "what ran between the timed runs is left out:\n" + summary);
        assertTrue(summary.contains("| main |") || summary.contains("| Test worker |"), summary);
    }

    /** Kept apart from {@link #outsideTheRuns}: each must be the frame its own samples land in. */
    private static void insideTheRuns(final long millis)
    {
        final long end = System.nanoTime() + millis * 1_000_000;
        long x = 1;
        while (System.nanoTime() < end)
        {
            for (int i = 0; i < 1_000; i++)
            {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }

    private static void outsideTheRuns(final long millis)
    {
        final long end = System.nanoTime() + millis * 1_000_000;
        long x = 7;
        do
        {
            for (int i = 0; i < 500; i++)
            {
                x = Long.rotateLeft(x ^ i, 13);
            }
        }
        while (System.nanoTime() < end);
        sink = x;
    }
}
