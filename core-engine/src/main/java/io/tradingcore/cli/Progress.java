package io.tradingcore.cli;

import java.io.PrintStream;

/**
 * A one-line progress display with rate and ETA, redrawn at most every 250 ms. Nothing is drawn in
 * the first second: work that quick needs no bar.
 */
public final class Progress
{
    private final PrintStream out;
    private final String what;
    private static final long QUIET_NS = 1_000_000_000L;
    private static final long REDRAW_NS = 250_000_000L;

    private final long start = System.nanoTime();
    private long lastDraw;
    private long lastCount;
    private boolean drawn;

    public Progress(final PrintStream out, final String what)
    {
        this.out = out;
        this.what = what;
    }

    /** {@code fraction} of the work done (0..1), {@code count} items so far. */
    public void update(final double fraction, final long count)
    {
        lastCount = count;
        final long now = System.nanoTime();
        if (now - start < QUIET_NS || (drawn && now - lastDraw < REDRAW_NS))
        {
            return;
        }
        lastDraw = now;
        draw(fraction, count, now);
    }

    /** Finishes with the count of the last update. */
    public void finish()
    {
        finish(lastCount);
    }

    public void finish(final long count)
    {
        if (drawn)
        {
            draw(1.0, count, System.nanoTime());
            out.println();
        }
    }

    /** Ends the bar's line without claiming completion, so that an error message starts on a line of its own. */
    public void abandon()
    {
        if (drawn)
        {
            out.println();
            drawn = false;
        }
    }

    private void draw(final double fraction, final long count, final long now)
    {
        final double seconds = Math.max((now - start) / 1e9, 1e-9);
        final long rate = (long)(count / seconds);
        final double clamped = Math.max(0, Math.min(1, fraction));
        final int width = 30;
        final int filled = (int)(clamped * width);
        final String bar = "#".repeat(filled) + "-".repeat(width - filled);
        final String eta = clamped > 0.001 && clamped < 1 ? String.format(" ETA %ds", (long)(
            seconds / clamped - seconds)) : "";
        out.printf("\r%s [%s] %3d%%  %,d  %,d/s%s   ", what, bar, (int)(clamped * 100), count, rate, eta);
        out.flush();
        drawn = true;
    }
}
