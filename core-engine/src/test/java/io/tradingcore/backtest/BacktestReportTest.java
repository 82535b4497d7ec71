package io.tradingcore.backtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backtest report page: self-contained, deterministic, and its charts really draw in a browser. */
class BacktestReportTest
{
    private static final String[] TRADE_COLUMNS = {"number", "symbol", "side", "pnl"};

    @TempDir
    Path work;

    private Path writeReport(final String name, final int points) throws Exception
    {
        final long[] times = new long[points];
        final long[] equity = new long[points];
        long value = 100_000_000_000L;
        for (int i = 0; i < points; i++)
        {
            times[i] = 1_399_525_217_000L + i * 60_000L;
            value += ((i * 7919L) % 201 - 100) * 1_000_000L;
            equity[i] = value;
        }
        final List<String[]> trades = new ArrayList<>();
        for (int i = 1; i <= 25; i++)
        {
            trades.add(new String[] {Integer.toString(i), "EURUSD", i % 2 == 0 ? "SELL" : "BUY", (i * 3 - 40) + ".00"});
        }
        final List<String[]> summary = List.of(new String[] {"net P&L", "-2570.10"},
            new String[] {"strategy <ma-crossover>", "fast=20 & slow=100"});
        final Path file = work.resolve(name);
        BacktestReport.write(file, "ma-crossover <test>", summary, TRADE_COLUMNS, trades, times, equity);
        return file;
    }

    @Test
    void pageIsSelfContainedEscapedAndDeterministic() throws Exception
    {
        final Path first = writeReport("a.html", 5_000);
        final Path second = writeReport("b.html", 5_000);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second), "same input, same bytes");

        final String html = Files.readString(first, StandardCharsets.UTF_8);
        assertTrue(html.contains("id=\"equity-chart\""));
        assertTrue(html.contains("id=\"drawdown-chart\""));
        assertTrue(html.contains("id=\"summary\""));
        assertTrue(html.contains("id=\"trades\""));
        assertTrue(html.contains("ma-crossover &lt;test&gt;"), "title escaped");
        assertTrue(html.contains("fast=20 &amp; slow=100"), "summary values escaped");
        assertTrue(html.contains("-2570.10"));
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script src"),
            "nothing fetched from outside: the page works offline");
        final int tradeRows = html.split("<td", -1).length;
        assertTrue(tradeRows > 25 * TRADE_COLUMNS.length, "every trade has its cells");
        final int equityPoints = html.substring(html.indexOf("points=\"")).split("\"")[1].trim().split("\\s+").length;
        assertTrue(equityPoints > 100 && equityPoints <= 2_100, "5,000 points thinned for drawing: " + equityPoints);
    }

    @Test
    void emptyAndSinglePointSeriesStillRender() throws Exception
    {
        BacktestReport.write(work.resolve("empty.html"), "empty", List.of(), TRADE_COLUMNS, List.of(), new long[0],
            new long[0]);
        BacktestReport.write(work.resolve("one.html"), "one", List.of(), TRADE_COLUMNS, List.of(),
            new long[] {1_399_525_217_000L}, new long[] {100_000_000_000L});
        assertTrue(Files.readString(work.resolve("empty.html")).contains("</html>"));
        assertTrue(Files.readString(work.resolve("one.html")).contains("id=\"equity-chart\""));
    }

    @Test
    void chromiumDrawsBothCharts() throws Exception
    {
        final Path chromium = Path.of("/usr/bin/chromium");
        assertTrue(Files.isExecutable(chromium),
            "Chromium is needed to render the report: scripts/test installs it (apt-get install chromium)");
        final Path report = writeReport("report.html", 3_000);
        final Path screenshot = work.resolve("report.png");
        final Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + work.resolve("profile"),
            "--window-size=1200,1400", "--screenshot=" + screenshot, report.toUri().toString())
            .redirectErrorStream(true).redirectOutput(work.resolve("chromium.log").toFile()).start();
        try
        {
            assertTrue(process.waitFor(90, TimeUnit.SECONDS), "Chromium did not finish within 90 s");
        }
        finally
        {
            process.destroyForcibly();
        }
        assertTrue(Files.exists(screenshot), "no screenshot: " + Files.readString(work.resolve("chromium.log")));
        final BufferedImage image = ImageIO.read(screenshot.toFile());
        assertEquals(1200, image.getWidth());
        int equityLine = 0;
        int drawdownArea = 0;
        for (int y = 0; y < image.getHeight(); y++)
        {
            for (int x = 0; x < image.getWidth(); x++)
            {
                final int rgb = image.getRGB(x, y) & 0xFFFFFF;
                equityLine += near(rgb, 0x1f77b4) ? 1 : 0;
                drawdownArea += near(rgb, 0xd62728) ? 1 : 0;
            }
        }
        System.out.println("report screenshot " + screenshot + ": equity line pixels " + equityLine +
            ", drawdown pixels " + drawdownArea);
        assertTrue(equityLine > 300, "the equity curve is drawn: " + equityLine + " pixels of its colour");
        assertTrue(drawdownArea > 300, "the drawdown chart is drawn: " + drawdownArea + " pixels of its colour");
    }

    /** Anti-aliasing blends edges: count pixels within a small distance of the colour. */
    private static boolean near(final int rgb, final int colour)
    {
        final int dr = ((rgb >> 16) & 0xFF) - ((colour >> 16) & 0xFF);
        final int dg = ((rgb >> 8) & 0xFF) - ((colour >> 8) & 0xFF);
        final int db = (rgb & 0xFF) - (colour & 0xFF);
        return dr * dr + dg * dg + db * db < 30 * 30;
    }
}
