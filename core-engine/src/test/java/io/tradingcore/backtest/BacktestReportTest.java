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
            assertTrue(summary.contains("<tr><td>" + ReportText.escape(row[0]) + "</td><td>" +
                ReportText.escape(row[1]) + "</td></tr>"), row[0]);
        }
        assertTrue(summary.contains("<td>Initial balance</td><td>100,000.00</td>"));

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
