package io.tradingcore.backtest;

import io.tradingcore.domain.FixedPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The report page as text, and as Chromium draws it. */
class BacktestReportTest
{
    private static final int WINDOW_WIDTH = 1200;
    private static final int WINDOW_HEIGHT = 900;
    private static final long CHROMIUM_TIMEOUT_SECONDS = 60;
    /** A phone, a laptop and a desktop, in CSS pixels. */
    private static final int[] LAYOUT_WIDTHS = {390, 1280, 1920};
    /** Narrower than this in CSS pixels, a chart's axis labels are too small to read. */
    private static final int MIN_CHART_WIDTH = 250;
    /** Narrower than this many characters, a cell stands its text one word or a few letters per line. */
    private static final int MIN_CELL_CHARS = 8;
    /**
     * Appended to a copy of the report, which runs in a frame of the width measured: after layout, writes into the
     * framing page's {@code <pre id="layout">} a line per summary cell (column, text width in characters of its own
     * font, i.e. content width / the text's mean character width, the lines its text takes, counted by distinct
     * line tops, its length and text), a line per chart with its drawn size, and one with the frame's width and the
     * page's.
     */
    private static final String MEASURE_SCRIPT = """
        <script>
        (function () {
          const lines = [];
          const probe = document.createElement('span');
          probe.style.cssText = 'position: absolute; visibility: hidden; white-space: pre;';
          document.body.appendChild(probe);
          for (const cell of document.querySelectorAll('#summary td')) {
            const style = getComputedStyle(cell);
            const text = cell.textContent;
            probe.style.font = style.font;
            probe.textContent = text;
            const charWidth = probe.getBoundingClientRect().width / Math.max(1, text.length);
            const width = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            const range = document.createRange();
            range.selectNodeContents(cell);
            const tops = Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => r.top)
              .sort((a, b) => a - b);
            let rows = tops.length > 0 ? 1 : 0;
            for (let i = 1; i < tops.length; i++) {
              if (tops[i] - tops[i - 1] > parseFloat(style.fontSize) / 2) {
                rows++;
              }
            }
            lines.push(['cell', cell.cellIndex, (width / charWidth).toFixed(1), rows, text.length, text].join('\\t'));
          }
          for (const chart of document.querySelectorAll('svg.chart')) {
            const box = chart.getBoundingClientRect();
            lines.push(['chart', chart.id, Math.round(box.width), Math.round(box.height)].join('\\t'));
          }
          lines.push(['viewport', window.innerWidth, document.documentElement.scrollWidth].join('\\t'));
          const out = parent.document.createElement('pre');
          out.id = 'layout';
          out.textContent = lines.join('\\n');
          parent.document.body.appendChild(out);
        })();
        </script>
        """;
    private static final int EQUITY_RGB = 0x1f77b4;
    private static final int DRAWDOWN_RGB = 0xd62728;

    @TempDir
    Path folder;

    @Test
    void summaryTradesAndChartsAreOnThePage() throws IOException
    {
        final SyntheticBacktest backtest = new SyntheticBacktest(50_000, 42);
        final Path file = folder.resolve("report.html");
        backtest.write(file, "EURUSD <ma-crossover> & \"friends\"");
        final String html = Files.readString(file, StandardCharsets.UTF_8);

        assertTrue(html.contains("<title>EURUSD &lt;ma-crossover&gt; &amp; &quot;friends&quot;</title>"),
            "title escaped");
        assertTrue(html.contains("<h1>EURUSD &lt;ma-crossover&gt; &amp; &quot;friends&quot;</h1>"));
        assertTrue(html.contains("<td>ma-crossover &lt;fast=10, slow=50&gt;</td>"), "summary value escaped");
        assertTrue(html.contains("<th>P&amp;L</th>") || html.contains("<th class=\"num\">P&amp;L</th>"));
        assertFalse(html.contains("<ma-crossover>"));

        final String summary = between(html, "<table id=\"summary\">", "</table>");
        for (final String[] row : backtest.summary)
        {
            final StringBuilder value = new StringBuilder();
            if (ReportText.hasLongWord(row[1]))
            {
                ReportText.escapeWithBreaks(value.append("<td class=\"long\">"), row[1]);
            }
            else
            {
                ReportText.escape(value.append("<td>"), row[1]);
            }
            assertTrue(summary.contains("<tr><td>" + ReportText.escape(row[0]) + "</td>" + value + "</td></tr>"),
                row[0]);
        }
        assertTrue(summary.contains("<td>Initial balance</td><td>100,000.00</td>"));
        assertTrue(summary.contains("<td class=\"long\">" +
            "0f10167c5ecaab9440210125e52bfc56aaecf509a1430ba1a6c8400a0312e9c4</td>"), "a hash breaks anywhere");
        assertTrue(summary.contains("<td class=\"long\">2014-05-08T<wbr>05:00:17.007Z</td>"),
            "an ISO time breaks between date and time");
        assertTrue(summary.contains("<td class=\"long\">EURUSD_<wbr>20140501_<wbr>20140515.mt5.csv.gz (EURUSD), " +
            "XAUUSD_<wbr>20140508.mt5.csv (XAUUSD)</td>"), "file names break after their underscores");
        assertTrue(summary.contains("<td>0.0000</td>"), "short values stay as they are");

        final String trades = between(html, "<table id=\"trades\">", "</table>");
        assertEquals(backtest.trades.size(), count(between(trades, "<tbody>", "</tbody>"), "<tr>"));
        assertEquals(100, backtest.trades.size());
        assertTrue(trades.contains("<th class=\"num\">P&amp;L</th>"), "money column right-aligned");
        assertTrue(trades.contains("<th>Symbol</th>"));

        assertEquals(1, count(html, "<svg id=\"equity-chart\""));
        assertEquals(1, count(html, "<svg id=\"drawdown-chart\""));
        assertEquals(ReportChart.MAX_POINTS, pointCount(html, "polyline id=\"equity-line\""),
            "50,000 points of a walk without flat steps thin to exactly the maximum");
        assertEquals(ReportChart.MAX_POINTS + 2, pointCount(html, "polygon id=\"drawdown-area\""),
            "the drawdown area is its thinned series closed along zero");

        final String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("http://"));
        assertFalse(lower.contains("https://"));
        assertFalse(lower.contains("<script"));
        assertFalse(lower.contains("<link"));
        assertFalse(lower.contains("url("));
    }

    @Test
    void sameInputGivesTheSameBytes() throws IOException
    {
        final Path first = folder.resolve("first.html");
        final Path second = folder.resolve("second.html");
        new SyntheticBacktest(10_000, 7).write(first, "again");
        new SyntheticBacktest(10_000, 7).write(second, "again");
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void thinningKeepsEveryBucketsSpikes()
    {
        final long[] values = new long[100_000];
        values[31_337] = 1_000_000;
        values[77_777] = -1_000_000;
        final int[] kept = SeriesThinning.keptIndices(values, ReportChart.MAX_POINTS);
        assertTrue(kept.length <= ReportChart.MAX_POINTS);
        assertTrue(Arrays.binarySearch(kept, 31_337) >= 0, "the high spike is drawn");
        assertTrue(Arrays.binarySearch(kept, 77_777) >= 0, "the low spike is drawn");
        assertEquals(0, kept[0]);
        assertEquals(values.length - 1, kept[kept.length - 1]);
        for (int i = 1; i < kept.length; i++)
        {
            assertTrue(kept[i] > kept[i - 1], "ascending, each point once");
        }
        assertEquals(5, SeriesThinning.keptIndices(new long[5], ReportChart.MAX_POINTS).length);
    }

    @Test
    void moneyIsPrintedFromLongsHalfEven()
    {
        assertEquals("1,234.56", ReportText.money(1_234_565_000L));
        assertEquals("1,234.58", ReportText.money(1_234_575_000L));
        assertEquals("-0.01", ReportText.money(-5_001L));
        assertEquals("0.00", ReportText.money(-5_000L));
        assertEquals("0.00", ReportText.money(0));
        assertEquals("9,223,372,036,854.78", ReportText.money(Long.MAX_VALUE));
        assertEquals("-9,223,372,036,854.78", ReportText.money(Long.MIN_VALUE));
        assertEquals("4.36%", ReportText.percent(4_420_150_000L, 101_380_000_000L));
        assertEquals("n/a", ReportText.percent(1, 0));
    }

    @Test
    void drawdownIsRunningPeakMinusEquity()
    {
        final long one = FixedPoint.MONEY_ONE;
        final Drawdown drawdown = Drawdown.of(new long[]{100 * one, 110 * one, 99 * one, 105 * one, 120 * one,
            118 * one});
        assertArrayEquals(new long[]{0, 0, 11 * one, 5 * one, 0, 2 * one}, drawdown.money());
        assertEquals(2, drawdown.maxIndex());
        assertEquals(11 * one, drawdown.maxMoney());
        assertEquals("10.00%", drawdown.maxPercent());
        assertEquals("1.67%", drawdown.finalPercent());
    }

    @Test
    void emptyTradesAndOnePointOfEquity() throws IOException
    {
        final Path file = folder.resolve("one.html");
        BacktestReport.write(file, "one point", List.of(new String[][]{{"Trades", "0"}}), new String[]{"#", "P&L"},
            List.of(), new long[]{SyntheticBacktest.START_MS}, new long[]{100_000 * FixedPoint.MONEY_ONE});
        final String html = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(html.contains("<td class=\"empty\" colspan=\"2\">No trades</td>"));
        assertEquals(1, pointCount(html, "polyline id=\"equity-line\""));
        assertTrue(html.contains("<circle fill=\"#1f77b4\""), "a single point is drawn as a dot");
        assertTrue(html.contains("max 0.00 (0.00%)"));
        assertFalse(html.contains("NaN") || html.contains("Infinity"));

        final Path empty = folder.resolve("empty.html");
        BacktestReport.write(empty, "nothing", List.of(), new String[0], List.of(), new long[0], new long[0]);
        final String emptyHtml = Files.readString(empty, StandardCharsets.UTF_8);
        assertTrue(emptyHtml.contains("<svg id=\"equity-chart\""));
        assertTrue(emptyHtml.contains(">no data</text>"));
        assertTrue(emptyHtml.contains("No trades"));
    }

    @Test
    void chromiumDrawsBothCharts() throws Exception
    {
        final Path chromium = chromium();
        final Path report = folder.resolve("report.html");
        new SyntheticBacktest(50_000, 42).write(report, "Synthetic backtest: EURUSD ma-crossover");
        final String url = report.toUri().toString();

        final Path screenshot = folder.resolve("report.png");
        final Path screenshotLog = folder.resolve("screenshot.log");
        runChromium(chromium, "screenshot", screenshotLog, "--window-size=" + WINDOW_WIDTH + "," + WINDOW_HEIGHT,
            "--hide-scrollbars", "--force-device-scale-factor=1", "--screenshot=" + screenshot, url);
        assertTrue(Files.isRegularFile(screenshot), "no screenshot; Chromium said:\n" + tail(screenshotLog));

        final BufferedImage image = ImageIO.read(screenshot.toFile());
        assertNotNull(image, "not a PNG: " + screenshot);
        assertEquals(WINDOW_WIDTH, image.getWidth());
        assertEquals(WINDOW_HEIGHT, image.getHeight());
        final int equityPixels = countPixels(image, EQUITY_RGB);
        final int drawdownPixels = countPixels(image, DRAWDOWN_RGB);
        System.out.println("BacktestReportTest: screenshot " + screenshot + " " + image.getWidth() + "x" +
            image.getHeight() + ", equity line #1f77b4 pixels " + equityPixels + ", drawdown #d62728 pixels " +
            drawdownPixels);
        assertTrue(equityPixels >= 300, "equity line pixels: " + equityPixels);
        assertTrue(drawdownPixels >= 300, "drawdown area pixels: " + drawdownPixels);

        final Path dom = folder.resolve("dom.html");
        runChromium(chromium, "DOM dump", dom, "--dump-dom", url);
        final String dumped = Files.readString(dom, StandardCharsets.UTF_8);
        assertTrue(dumped.contains("id=\"equity-chart\""), "DOM dump lacks the equity chart:\n" + tail(dom));
        assertTrue(dumped.contains("id=\"drawdown-chart\""));
        assertTrue(dumped.contains("id=\"trades\""));
    }

    /**
     * The summary laid out as text at a phone's, a laptop's and a desktop's width: no label or value squeezed
     * into a column of a few letters (the page once gave the values one character per line beside the charts),
     * no value on more lines than its length needs at the width it got, and both charts drawn.
     */
    @Test
    void summaryReadsAsTextAtPhoneLaptopAndDesktopWidths() throws Exception
    {
        final Path chromium = chromium();
        final Path report = folder.resolve("layout.html");
        final SyntheticBacktest backtest = new SyntheticBacktest(5_000, 42);
        backtest.write(report, "Synthetic backtest: EURUSD ma-crossover");
        final String measured = ReportText.escape(Files.readString(report, StandardCharsets.UTF_8)
            .replace("</body>", MEASURE_SCRIPT + "</body>"));

        final List<String> problems = new ArrayList<>();
        for (final int width : LAYOUT_WIDTHS)
        {
            // Headless Chromium lays a page out at least 500 px wide whatever --window-size says; a frame of the
            // width wanted is a viewport of exactly that width, media queries included. A srcdoc frame shares the
            // framing page's origin, so its script may write there, where --dump-dom sees it.
            final Path framed = folder.resolve("layout-" + width + ".html");
            Files.writeString(framed, "<!DOCTYPE html>\n<html>\n<body style=\"margin: 0\">\n<iframe style=\"width: " +
                width + "px; height: " + WINDOW_HEIGHT + "px; border: 0\" srcdoc=\"" + measured +
                "\"></iframe>\n</body>\n</html>\n", StandardCharsets.UTF_8);
            final Path dom = folder.resolve("layout-" + width + ".dom.html");
            runChromium(chromium, "DOM dump at " + width + " px", dom, "--window-size=" + LAYOUT_WIDTHS[2] + "," +
                WINDOW_HEIGHT, "--hide-scrollbars", "--force-device-scale-factor=1", "--dump-dom",
                framed.toUri().toString());
            final String dumped = Files.readString(dom, StandardCharsets.UTF_8);
            final Matcher layout = Pattern.compile("<pre id=\"layout\">(.*?)</pre>", Pattern.DOTALL).matcher(dumped);
            assertTrue(layout.find(), "the measuring script wrote nothing at " + width + " px:\n" + tail(dom));
            int cells = 0;
            int charts = 0;
            double narrowest = Double.MAX_VALUE;
            int mostLines = 0;
            for (final String line : unescape(layout.group(1)).split("\n"))
            {
                final String[] field = line.split("\t", -1);
                final String where = width + " px, " + line.replace('\t', ' ');
                switch (field[0])
                {
                    case "cell" ->
                    {
                        cells++;
                        final double chars = Double.parseDouble(field[2]);
                        final int rows = Integer.parseInt(field[3]);
                        final int length = Integer.parseInt(field[4]);
                        narrowest = Math.min(narrowest, chars);
                        mostLines = Math.max(mostLines, rows);
                        if (chars < Math.min(MIN_CELL_CHARS, length))
                        {
                            problems.add(where + ": narrower than " + MIN_CELL_CHARS + " characters");
                        }
                        if (rows > Math.ceil(length / chars) + 1)
                        {
                            problems.add(where + ": more lines than its length needs at that width");
                        }
                    }
                    case "chart" ->
                    {
                        charts++;
                        final int chartWidth = Integer.parseInt(field[2]);
                        if (chartWidth < MIN_CHART_WIDTH || Integer.parseInt(field[3]) < chartWidth / 5)
                        {
                            problems.add(where + ": chart drawn too small");
                        }
                    }
                    case "viewport" ->
                    {
                        assertEquals(width, Integer.parseInt(field[1]), "the frame has another width");
                        assertEquals(width, Integer.parseInt(field[2]), "the page is wider than the screen: " + where);
                    }
                    default -> fail("unexpected line " + where);
                }
            }
            System.out.printf("BacktestReportTest: at %d px the narrowest summary cell holds %.1f characters a " +
                "line, the tallest takes %d lines%n", width, narrowest, mostLines);
            assertEquals(2 * backtest.summary.size(), cells, "every summary label and value measured");
            assertEquals(2, charts, "the equity and drawdown charts at " + width + " px");
        }
        assertTrue(problems.isEmpty(), "the page not laid out as text:\n" + String.join("\n", problems));
    }

    private static String unescape(final String html)
    {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
            .replace("&amp;", "&");
    }

    /** Debian's Chromium; scripts/test installs it, so its absence is a failure, not a reason to skip. */
    private static Path chromium()
    {
        final List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/chromium")));
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        {
            if (!dir.isEmpty())
            {
                candidates.add(Path.of(dir, "chromium"));
            }
        }
        for (final Path candidate : candidates)
        {
            if (Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return fail("Chromium not found at /usr/bin/chromium or on PATH: run scripts/test, which installs Debian's " +
            "chromium package (or apt-get install -y --no-install-recommends chromium)");
    }

    /** Runs headless Chromium with a fresh profile, output to {@code output}; kills it and its children after. */
    private void runChromium(final Path chromium, final String what, final Path output, final String... arguments)
        throws IOException, InterruptedException
    {
        final Path profile = Files.createTempDirectory(folder, "chromium-profile");
        final List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(Arrays.asList(arguments));
        final Path errors = folder.resolve(output.getFileName() + ".stderr");
        final Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
            .redirectError(errors.toFile()).start();
        try
        {
            if (!process.waitFor(CHROMIUM_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                fail("Chromium " + what + " took over " + CHROMIUM_TIMEOUT_SECONDS + " s:\n" + tail(errors));
            }
            assertEquals(0, process.exitValue(), "Chromium " + what + " failed:\n" + tail(errors));
        }
        finally
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int countPixels(final BufferedImage image, final int rgb)
    {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++)
        {
            for (int x = 0; x < image.getWidth(); x++)
            {
                if ((image.getRGB(x, y) & 0xffffff) == rgb)
                {
                    count++;
                }
            }
        }
        return count;
    }

    private static int pointCount(final String html, final String element)
    {
        final Matcher matcher =
            Pattern.compile("<" + Pattern.quote(element) + "[^>]* points=\"([^\"]*)\"").matcher(html);
        assertTrue(matcher.find(), "no " + element);
        return matcher.group(1).trim().split(" ").length;
    }

    private static String between(final String text, final String start, final String end)
    {
        final int from = text.indexOf(start);
        assertTrue(from >= 0, "missing " + start);
        final int to = text.indexOf(end, from);
        assertTrue(to >= 0, "missing " + end + " after " + start);
        return text.substring(from, to);
    }

    private static int count(final String text, final String part)
    {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length()))
        {
            count++;
        }
        return count;
    }

    private static String tail(final Path file) throws IOException
    {
        if (!Files.exists(file))
        {
            return "(no output)";
        }
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
