package io.tradingcore.backtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The backtest's report page, {@code report.html}: one self-contained file that opens offline from
 * {@code file://} (no scripts, no fonts or styles from elsewhere; the charts are inline SVG). It holds the
 * title, the summary, the equity curve, the drawdown computed from it, and the trade list. The same input
 * always gives the same bytes: nothing in it depends on the time of writing, the locale or the time zone.
 */
public final class BacktestReport
{
    private static final int EQUITY_HEIGHT = 360;
    private static final int DRAWDOWN_HEIGHT = 220;
    /** Numbers as the runner prints them: optional sign, grouped digits, decimals, an optional trailing %. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9][0-9,]*(\\.[0-9]+)?%?");

    /**
     * The summary is a fixed-layout table: its columns take their share of the summary's width whatever the text
     * in them, so a long value wraps inside its cell instead of squeezing its label's column or the other way
     * round (a nowrap label beside a value that could break anywhere once left the values one character a line).
     * Only values with long runs without spaces (hashes, file names, ISO times) may break between any two
     * characters; beside the charts the summary keeps at least 22rem, and below 960px the page is one column.
     */
    private static final String STYLE = """
        :root { color-scheme: light; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
          font-size: 14px; color: #222; background: #f4f5f7; }
        header { background: #243447; color: #fff; padding: 12px 24px; }
        header h1 { margin: 0; font-size: 22px; font-weight: 600; overflow-wrap: break-word; }
        header p { margin: 4px 0 0; color: #c8d0da; font-size: 13px; }
        main { display: grid; grid-template-columns: minmax(22rem, 2fr) minmax(0, 3fr); gap: 16px; padding: 16px 24px; }
        section { min-width: 0; background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 10px 14px; }
        section.trades { grid-column: 1 / -1; }
        h2 { margin: 0 0 8px; font-size: 15px; font-weight: 600; color: #243447; }
        h2 + p.caption { margin-top: -4px; }
        p.caption { margin: 0 0 6px; color: #555; font-size: 12px; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { padding: 4px 8px; border-bottom: 1px solid #eceef1; text-align: left; white-space: nowrap; }
        th { background: #f0f2f5; font-weight: 600; position: sticky; top: 0; }
        #summary { table-layout: fixed; }
        #summary td { white-space: normal; overflow-wrap: break-word; vertical-align: top; }
        #summary td:first-child { width: 42%; color: #555; }
        #summary td.long { overflow-wrap: anywhere; }
        #summary td:last-child, td.num, th.num { text-align: right; }
        #trades tbody tr:nth-child(even) { background: #fafbfc; }
        td.empty { color: #777; font-style: italic; text-align: center; }
        .trade-scroll { overflow-x: auto; }
        svg.chart { display: block; width: 100%; height: auto; margin-bottom: 12px; font-size: 11px; }
        svg.chart rect.plot { fill: #fcfcfd; stroke: #c9ced6; }
        svg.chart line.grid { stroke: #e6e9ee; stroke-width: 1; }
        svg.chart text.tick { fill: #555; }
        svg.chart text.tick.y { text-anchor: end; }
        svg.chart text.tick.x { text-anchor: middle; }
        svg.chart text.empty { fill: #777; text-anchor: middle; font-size: 14px; }
        @media (max-width: 960px) { main { grid-template-columns: minmax(0, 1fr); } }
        @media (max-width: 600px) { header, main { padding-left: 12px; padding-right: 12px; } }
        """;

    private BacktestReport()
    {
    }

    /**
     * Writes a self-contained HTML page (no external scripts, fonts or styles; inline SVG charts; works offline
     * from file://): title, the summary as a two-column table, the equity curve chart and the drawdown chart
     * (drawdown computed here from the equity series: running peak minus equity, in money and %), and the trade list.
     * Money values are account currency x 10^6 (long). Times are epoch ms UTC.
     */
    public static void write(final Path file, final String title, final List<String[]> summaryRows,
        final String[] tradeColumns, final List<String[]> tradeRows, final long[] equityTimesMsc,
        final long[] equityMoney) throws IOException
    {
        Objects.requireNonNull(file, "file");
        final String html = render(title, summaryRows, tradeColumns, tradeRows, equityTimesMsc, equityMoney);
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        Files.write(file, html.getBytes(StandardCharsets.UTF_8));
    }

    static String render(final String title, final List<String[]> summaryRows, final String[] tradeColumns,
        final List<String[]> tradeRows, final long[] equityTimesMsc, final long[] equityMoney)
    {
        Objects.requireNonNull(summaryRows, "summaryRows");
        Objects.requireNonNull(tradeColumns, "tradeColumns");
        Objects.requireNonNull(tradeRows, "tradeRows");
        Objects.requireNonNull(equityTimesMsc, "equityTimesMsc");
        Objects.requireNonNull(equityMoney, "equityMoney");
        if (equityTimesMsc.length != equityMoney.length)
        {
            throw new IllegalArgumentException("equity series: " + equityTimesMsc.length + " times but " +
                equityMoney.length + " values");
        }
        for (int i = 1; i < equityTimesMsc.length; i++)
        {
            if (equityTimesMsc[i] < equityTimesMsc[i - 1])
            {
                throw new IllegalArgumentException("equity times go backwards at index " + i);
            }
        }

        final Drawdown drawdown = Drawdown.of(equityMoney);
        final StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        ReportText.escape(out, title);
        out.append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<header>\n<h1>");
        ReportText.escape(out, title);
        out.append("</h1>\n<p>");
        if (equityTimesMsc.length > 0)
        {
            out.append(ReportText.dateTime(equityTimesMsc[0])).append(" &ndash; ")
                .append(ReportText.dateTime(equityTimesMsc[equityTimesMsc.length - 1])).append(" UTC &middot; ");
        }
        out.append(equityMoney.length).append(" equity points &middot; ").append(tradeRows.size())
            .append(tradeRows.size() == 1 ? " trade" : " trades").append("</p>\n</header>\n<main>\n");

        summary(out, summaryRows);
        charts(out, equityTimesMsc, equityMoney, drawdown);
        trades(out, tradeColumns, tradeRows);

        out.append("</main>\n</body>\n</html>\n");
        return out.toString();
    }

    private static void summary(final StringBuilder out, final List<String[]> summaryRows)
    {
        out.append("<section class=\"summary\">\n<h2>Summary</h2>\n<table id=\"summary\">\n<tbody>\n");
        for (int i = 0; i < summaryRows.size(); i++)
        {
            final String[] row = summaryRows.get(i);
            if (row == null || row.length != 2)
            {
                throw new IllegalArgumentException("summary row " + i + " must be {label, value}");
            }
            out.append("<tr><td>");
            ReportText.escape(out, row[0]);
            if (ReportText.hasLongWord(row[1]))
            {
                out.append("</td><td class=\"long\">");
                ReportText.escapeWithBreaks(out, row[1]);
            }
            else
            {
                out.append("</td><td>");
                ReportText.escape(out, row[1]);
            }
            out.append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private static void charts(final StringBuilder out, final long[] times, final long[] equity,
        final Drawdown drawdown)
    {
        out.append("<section class=\"charts\">\n<h2>Equity</h2>\n<p class=\"caption\">");
        if (equity.length > 0)
        {
            out.append("start ").append(ReportText.money(equity[0])).append(" &middot; end ")
                .append(ReportText.money(equity[equity.length - 1]));
        }
        else
        {
            out.append("no equity points");
        }
        out.append("</p>\n");
        ReportChart.write(out, "equity-chart", "equity-line", "Equity over time", ReportChart.Style.LINE,
            EQUITY_HEIGHT, times, equity);

        out.append("<h2>Drawdown</h2>\n<p class=\"caption\">");
        if (equity.length > 0)
        {
            final int deepest = drawdown.maxIndex();
            out.append("running peak minus equity &middot; max ").append(ReportText.money(drawdown.maxMoney()))
                .append(" (").append(drawdown.maxPercent()).append(") at ")
                .append(ReportText.dateTime(times[deepest])).append(" UTC &middot; at the end ")
                .append(ReportText.money(drawdown.finalMoney())).append(" (").append(drawdown.finalPercent())
                .append(')');
        }
        else
        {
            out.append("no equity points");
        }
        out.append("</p>\n");
        final long[] below = new long[drawdown.money().length];
        for (int i = 0; i < below.length; i++)
        {
            below[i] = -drawdown.money()[i];
        }
        ReportChart.write(out, "drawdown-chart", "drawdown-area", "Drawdown over time", ReportChart.Style.AREA,
            DRAWDOWN_HEIGHT, times, below);
        out.append("</section>\n");
    }

    private static void trades(final StringBuilder out, final String[] columns, final List<String[]> rows)
    {
        final boolean[] numeric = numericColumns(columns.length, rows);
        out.append("<section class=\"trades\">\n<h2>Trades</h2>\n<div class=\"trade-scroll\">\n")
            .append("<table id=\"trades\">\n<thead>\n<tr>");
        for (int c = 0; c < columns.length; c++)
        {
            out.append(numeric[c] ? "<th class=\"num\">" : "<th>");
            ReportText.escape(out, columns[c]);
            out.append("</th>");
        }
        out.append("</tr>\n</thead>\n<tbody>\n");
        if (rows.isEmpty())
        {
            out.append("<tr class=\"none\"><td class=\"empty\" colspan=\"").append(Math.max(1, columns.length))
                .append("\">No trades</td></tr>\n");
        }
        for (int r = 0; r < rows.size(); r++)
        {
            final String[] row = rows.get(r);
            if (row == null || row.length > columns.length)
            {
                throw new IllegalArgumentException("trade row " + r + " has more cells than the " + columns.length +
                    " columns");
            }
            out.append("<tr>");
            for (int c = 0; c < columns.length; c++)
            {
                out.append(numeric[c] ? "<td class=\"num\">" : "<td>");
                ReportText.escape(out, c < row.length ? row[c] : "");
                out.append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    /** A column is right-aligned when every non-empty cell in it is a number. */
    private static boolean[] numericColumns(final int columnCount, final List<String[]> rows)
    {
        final boolean[] numeric = new boolean[columnCount];
        final boolean[] seen = new boolean[columnCount];
        Arrays.fill(numeric, true);
        for (final String[] row : rows)
        {
            if (row == null)
            {
                continue;
            }
            for (int c = 0; c < Math.min(columnCount, row.length); c++)
            {
                final String cell = row[c] == null ? "" : row[c].strip();
                if (!cell.isEmpty())
                {
                    seen[c] = true;
                    numeric[c] &= NUMBER.matcher(cell).matches();
                }
            }
        }
        for (int c = 0; c < columnCount; c++)
        {
            numeric[c] &= seen[c];
        }
        return numeric;
    }
}
