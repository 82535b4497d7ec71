package io.tradingcore.backtest;

import io.tradingcore.domain.FixedPoint;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One inline SVG chart of a money series over time: a line (equity) or an area hanging from zero
 * (drawdown, drawn as negative money). Values are money longs; doubles appear only in the drawing
 * coordinates. Axes get a few ticks on round values: UTC times below, money on the left.
 */
final class ReportChart
{
    /** More points than a chart's width in pixels gains nothing visible; thinning keeps the spikes. */
    static final int MAX_POINTS = 2000;
    static final int WIDTH = 840;

    private static final int LEFT = 88;
    private static final int RIGHT = 16;
    private static final int TOP = 10;
    private static final int BOTTOM = 26;
    private static final int TARGET_TICKS = 5;
    private static final long SECOND = 1000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long[] TIME_STEPS = {
        SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
        MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
        HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
        DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 91 * DAY, 182 * DAY, 364 * DAY, 1820 * DAY};
    private static final DateTimeFormatter SECONDS = formatter("HH:mm:ss");
    private static final DateTimeFormatter MINUTES = formatter("HH:mm");
    private static final DateTimeFormatter DAY_MINUTES = formatter("MM-dd HH:mm");
    private static final DateTimeFormatter DAYS = formatter("yyyy-MM-dd");

    /** How the series is drawn; the colours are fixed so that a screenshot test can find them. */
    enum Style
    {
        LINE("#1f77b4"),
        AREA("#d62728");

        final String colour;

        Style(final String colour)
        {
            this.colour = colour;
        }
    }

    private ReportChart()
    {
    }

    /**
     * Appends {@code <svg id="{id}">} with the series; {@code seriesId} names the polyline or polygon.
     * An empty series gets the frame and a note instead of a line.
     */
    static void write(final StringBuilder out, final String id, final String seriesId, final String label,
        final Style style, final int height, final long[] times, final long[] values)
    {
        final int plotWidth = WIDTH - LEFT - RIGHT;
        final int plotHeight = height - TOP - BOTTOM;
        out.append("<svg id=\"").append(id).append("\" class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ')
            .append(height).append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title\">\n");
        out.append("<title id=\"").append(id).append("-title\">");
        ReportText.escape(out, label);
        out.append("</title>\n");
        out.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
            .append(plotWidth).append("\" height=\"").append(plotHeight).append("\"/>\n");
        if (times.length == 0)
        {
            out.append("<text class=\"empty\" x=\"").append(LEFT + plotWidth / 2).append("\" y=\"")
                .append(TOP + plotHeight / 2).append("\">no data</text>\n</svg>\n");
            return;
        }

        long minTime = times[0];
        long maxTime = times[times.length - 1];
        if (minTime >= maxTime)
        {
            // one point in time: centre it in an hour on each side rather than divide by zero
            minTime -= HOUR;
            maxTime += HOUR;
        }
        long minValue = Long.MAX_VALUE;
        long maxValue = Long.MIN_VALUE;
        for (final long value : values)
        {
            minValue = Math.min(minValue, value);
            maxValue = Math.max(maxValue, value);
        }
        if (style == Style.AREA)
        {
            maxValue = Math.max(maxValue, 0);
        }
        if (minValue == maxValue)
        {
            // a flat series sits in the middle of one currency unit each side
            final long pad = Math.max(FixedPoint.MONEY_ONE, Math.abs(minValue) / 100);
            minValue -= pad;
            maxValue = style == Style.AREA && maxValue == 0 ? 0 : maxValue + pad;
        }
        final Scale scale = new Scale(minTime, maxTime, minValue, maxValue, plotWidth, plotHeight);

        valueAxis(out, scale, plotWidth);
        timeAxis(out, scale, plotHeight);

        final int[] kept = SeriesThinning.keptIndices(values, MAX_POINTS);
        if (style == Style.LINE)
        {
            out.append("<polyline id=\"").append(seriesId).append("\" fill=\"none\" stroke=\"").append(style.colour)
                .append("\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"");
            points(out, scale, times, values, kept);
            out.append("\"/>\n");
            if (kept.length == 1)
            {
                // a polyline of one point draws nothing; a dot shows where it is
                out.append("<circle fill=\"").append(style.colour).append("\" r=\"4\" cx=\"");
                ReportText.coordinate(out, scale.x(times[0]));
                out.append("\" cy=\"");
                ReportText.coordinate(out, scale.y(values[0]));
                out.append("\"/>\n");
            }
        }
        else
        {
            out.append("<polygon id=\"").append(seriesId).append("\" fill=\"").append(style.colour)
                .append("\" stroke=\"none\" points=\"");
            point(out, scale.x(times[kept[0]]), scale.y(0));
            out.append(' ');
            points(out, scale, times, values, kept);
            out.append(' ');
            point(out, scale.x(times[kept[kept.length - 1]]), scale.y(0));
            out.append("\"/>\n");
        }
        out.append("</svg>\n");
    }

    private static void points(final StringBuilder out, final Scale scale, final long[] times, final long[] values,
        final int[] kept)
    {
        for (int i = 0; i < kept.length; i++)
        {
            if (i > 0)
            {
                out.append(' ');
            }
            point(out, scale.x(times[kept[i]]), scale.y(values[kept[i]]));
        }
    }

    private static void point(final StringBuilder out, final double x, final double y)
    {
        ReportText.coordinate(out, x);
        out.append(',');
        ReportText.coordinate(out, y);
    }

    private static void valueAxis(final StringBuilder out, final Scale scale, final int plotWidth)
    {
        final long step = moneyStep(scale.maxValue - scale.minValue);
        final boolean whole = step % FixedPoint.MONEY_ONE == 0;
        for (long tick = Math.floorDiv(scale.minValue, step) * step; tick <= scale.maxValue; tick += step)
        {
            if (tick < scale.minValue)
            {
                continue;
            }
            final double y = scale.y(tick);
            gridLine(out, LEFT, y, LEFT + plotWidth, y);
            out.append("<text class=\"tick y\" x=\"").append(LEFT - 6).append("\" y=\"");
            ReportText.coordinate(out, y + 4);
            out.append("\">").append(whole ? ReportText.wholeMoney(tick) : ReportText.money(tick)).append("</text>\n");
        }
    }

    private static void timeAxis(final StringBuilder out, final Scale scale, final int plotHeight)
    {
        final long span = scale.maxTime - scale.minTime;
        long step = TIME_STEPS[TIME_STEPS.length - 1];
        for (final long candidate : TIME_STEPS)
        {
            if (span / candidate <= TARGET_TICKS + 1)
            {
                step = candidate;
                break;
            }
        }
        while (span / step > 2 * TARGET_TICKS)
        {
            step *= 2;
        }
        final DateTimeFormatter format = step < MINUTE ? SECONDS : step < DAY ? (span <= DAY ? MINUTES : DAY_MINUTES)
            : DAYS;
        final double bottom = TOP + plotHeight;
        for (long tick = Math.floorDiv(scale.minTime, step) * step; tick <= scale.maxTime; tick += step)
        {
            if (tick < scale.minTime)
            {
                continue;
            }
            final double x = scale.x(tick);
            gridLine(out, x, TOP, x, bottom);
            out.append("<text class=\"tick x\" x=\"");
            ReportText.coordinate(out, x);
            out.append("\" y=\"");
            ReportText.coordinate(out, bottom + 17);
            out.append("\">").append(format.format(Instant.ofEpochMilli(tick))).append("</text>\n");
        }
    }

    private static void gridLine(final StringBuilder out, final double x1, final double y1, final double x2,
        final double y2)
    {
        out.append("<line class=\"grid\" x1=\"");
        ReportText.coordinate(out, x1);
        out.append("\" y1=\"");
        ReportText.coordinate(out, y1);
        out.append("\" x2=\"");
        ReportText.coordinate(out, x2);
        out.append("\" y2=\"");
        ReportText.coordinate(out, y2);
        out.append("\"/>\n");
    }

    /** A round step (1, 2 or 5 times a power of ten, at least one cent) giving about five ticks. */
    static long moneyStep(final long range)
    {
        final long cent = FixedPoint.MONEY_ONE / 100;
        final long rough = Math.max(cent, range / TARGET_TICKS);
        long power = cent;
        while (power <= rough / 10)
        {
            power *= 10;
        }
        for (final long multiple : new long[]{1, 2, 5, 10})
        {
            if (power * multiple >= rough)
            {
                return power * multiple;
            }
        }
        return power * 10;
    }

    private static DateTimeFormatter formatter(final String pattern)
    {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
    }

    /** Maps times and money into the plot area; y grows downwards in SVG. */
    private static final class Scale
    {
        final long minTime;
        final long maxTime;
        final long minValue;
        final long maxValue;
        private final double plotWidth;
        private final double plotHeight;

        Scale(final long minTime, final long maxTime, final long minValue, final long maxValue, final int plotWidth,
            final int plotHeight)
        {
            this.minTime = minTime;
            this.maxTime = maxTime;
            this.minValue = minValue;
            this.maxValue = maxValue;
            this.plotWidth = plotWidth;
            this.plotHeight = plotHeight;
        }

        double x(final long time)
        {
            return LEFT + (double)(time - minTime) / (double)(maxTime - minTime) * plotWidth;
        }

        double y(final long value)
        {
            return TOP + (double)(maxValue - value) / (double)(maxValue - minValue) * plotHeight;
        }
    }
}
