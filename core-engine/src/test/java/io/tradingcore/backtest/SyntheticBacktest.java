package io.tradingcore.backtest;

import io.tradingcore.domain.FixedPoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Made-up backtest results for the report's tests and for looking at the page by hand:
 * {@code java ... io.tradingcore.backtest.SyntheticBacktest [report.html] [points]} writes one.
 * Seeded, so the same arguments give the same page.
 */
final class SyntheticBacktest
{
    static final long START_MS = 1_399_507_200_000L; // 2014-05-08 00:00:00 UTC, the sample ticks' day
    static final String[] TRADE_COLUMNS = {"#", "Opened (UTC)", "Closed (UTC)", "Symbol", "Side", "Lots", "Open",
        "Close", "P&L"};

    final long[] times;
    final long[] equity;
    final List<String[]> trades = new ArrayList<>();
    final List<String[]> summary = new ArrayList<>();

    /** A random walk of {@code points} equity values a second apart from 100,000.00, and a trade per 500 points. */
    SyntheticBacktest(final int points, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        times = new long[points];
        equity = new long[points];
        long money = 100_000 * FixedPoint.MONEY_ONE;
        for (int i = 0; i < points; i++)
        {
            // each step moves: a random walk with no flat steps keeps every thinning bucket's min and max apart
            final long step = (1 + random.nextLong(40 * FixedPoint.MONEY_ONE)) * (random.nextInt(100) < 49 ? -1 : 1);
            money += i == 0 ? 0 : step;
            times[i] = START_MS + i * 1000L;
            equity[i] = money;
        }
        for (int open = 0; open + 400 < points; open += 500)
        {
            final long pnl = equity[open + 400] - equity[open];
            final boolean buy = (open / 500) % 2 == 0;
            trades.add(new String[]{Integer.toString(trades.size() + 1), ReportText.dateTime(times[open]),
                ReportText.dateTime(times[open + 400]), "EURUSD", buy ? "BUY" : "SELL", "0.10",
                "1.39" + (100 + open % 900), "1.39" + (100 + (open + 400) % 900), ReportText.money(pnl)});
        }
        final long last = points == 0 ? 0 : equity[points - 1];
        summary.add(new String[]{"Instrument", "EURUSD"});
        summary.add(new String[]{"Strategy", "ma-crossover <fast=10, slow=50>"});
        // the long values and labels of a real run's summary, which the page must wrap sensibly at any width
        summary.add(new String[]{"parameters", "symbol=EURUSD;bar=300;fast=12;slow=48;band=5;quantity=0.10"});
        summary.add(new String[]{"tick files",
            "EURUSD_20140501_20140515.mt5.csv.gz (EURUSD), XAUUSD_20140508.mt5.csv (XAUUSD)"});
        summary.add(new String[]{"first tick (UTC)", "2014-05-08T05:00:17.007Z"});
        summary.add(new String[]{"max fill per tick (lots, 0 = no cap)", "0.0000"});
        summary.add(new String[]{"Sharpe (daily, annualized)", "n/a"});
        summary.add(new String[]{"state hash", "0f10167c5ecaab9440210125e52bfc56aaecf509a1430ba1a6c8400a0312e9c4"});
        summary.add(new String[]{"Initial balance", ReportText.money(100_000 * FixedPoint.MONEY_ONE)});
        summary.add(new String[]{"Final equity", ReportText.money(last)});
        summary.add(new String[]{"Net profit", ReportText.money(last - 100_000 * FixedPoint.MONEY_ONE)});
        summary.add(new String[]{"Trades", Integer.toString(trades.size())});
        summary.add(new String[]{"Equity points", Integer.toString(points)});
    }

    void write(final Path file, final String title) throws IOException
    {
        BacktestReport.write(file, title, summary, TRADE_COLUMNS, trades, times, equity);
    }

    public static void main(final String[] args) throws Exception
    {
        final Path file = Path.of(args.length > 0 ? args[0] : "report.html");
        final int points = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        new SyntheticBacktest(points, 42).write(file, "Synthetic backtest: EURUSD ma-crossover");
        System.out.println("wrote " + file.toAbsolutePath());
    }
}
