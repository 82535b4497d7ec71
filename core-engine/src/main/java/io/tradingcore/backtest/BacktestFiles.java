package io.tradingcore.backtest;

import io.tradingcore.domain.FixedPoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a backtest's files: {@code summary.json}, {@code trades.csv} and {@code equity.csv}, which
 * depend only on the run and so are byte-identical for the same backtest, and {@code run.json} with
 * the wall-clock throughput, which is not. JSON is written by hand in a fixed key order.
 */
public final class BacktestFiles
{
    public static final String[] TRADE_COLUMNS =
    {
        "number", "symbol", "side", "entry_time_utc", "entry_price", "exit_time_utc", "exit_price",
        "quantity_lots", "pnl", "commission"
    };

    private static final DateTimeFormatter UTC =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private BacktestFiles()
    {
    }

    public static void write(final BacktestResult result) throws IOException
    {
        final Path out = result.outDirectory();
        Files.writeString(out.resolve("summary.json"), summaryJson(result.summary()), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("trades.csv"), csv(TRADE_COLUMNS, tradeRows(result.trades())),
            StandardCharsets.UTF_8);
        Files.writeString(out.resolve("equity.csv"), equityCsv(result.equity()), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("run.json"), runJson(result), StandardCharsets.UTF_8);
        BacktestReport.write(out.resolve("report.html"), result.value("strategy") + " " + result.value("parameters"),
            summaryRows(result), TRADE_COLUMNS, tradeRows(result.trades()), equityTimesMsc(result),
            equityMoney(result));
    }

    static String summaryJson(final List<SummaryField> summary)
    {
        final StringBuilder json = new StringBuilder("{\n");
        for (int i = 0; i < summary.size(); i++)
        {
            final SummaryField field = summary.get(i);
            json.append("  \"").append(field.key()).append("\": ");
            if (field.number())
            {
                json.append(field.value());
            }
            else
            {
                appendString(json, field.value());
            }
            json.append(i + 1 < summary.size() ? ",\n" : "\n");
        }
        return json.append("}\n").toString();
    }

    private static String runJson(final BacktestResult result)
    {
        return String.format(Locale.ROOT, "{\n  \"wall_ms\": %d,\n  \"ticks\": %d,\n  \"inputs\": %d,\n" +
            "  \"ticks_per_second\": %.0f\n}\n", result.wallNanos() / 1_000_000, result.ticks(), result.inputs(),
            result.ticksPerSecond());
    }

    /** Label and value of each summary line, for people. */
    public static List<String[]> summaryRows(final BacktestResult result)
    {
        final List<String[]> rows = new ArrayList<>();
        for (final SummaryField field : result.summary())
        {
            rows.add(new String[] {field.label(), field.value()});
        }
        return rows;
    }

    /** The trades as the rows of {@code trades.csv}, in {@link #TRADE_COLUMNS} order. */
    public static List<String[]> tradeRows(final List<RoundTrip> trades)
    {
        final List<String[]> rows = new ArrayList<>(trades.size());
        for (final RoundTrip trade : trades)
        {
            rows.add(new String[]
            {
                Integer.toString(trade.number()), trade.symbol(), trade.side().name(), utc(trade.entryTimeNs()),
                FixedPoint.format(trade.entryPrice(), trade.digits()), utc(trade.exitTimeNs()),
                FixedPoint.format(trade.exitPrice(), trade.digits()), FixedPoint.formatQuantity(trade.quantity()),
                FixedPoint.formatMoney(trade.netPnl()), FixedPoint.formatMoney(trade.commission())
            });
        }
        return rows;
    }

    /** Equity curve times, epoch ms. */
    public static long[] equityTimesMsc(final BacktestResult result)
    {
        return result.equity().stream().mapToLong(point -> Math.floorDiv(point.timeNs(), 1_000_000L)).toArray();
    }

    /** Equity curve values, money x 10^6. */
    public static long[] equityMoney(final BacktestResult result)
    {
        return result.equity().stream().mapToLong(EquityPoint::equity).toArray();
    }

    private static String equityCsv(final List<EquityPoint> equity)
    {
        final List<String[]> rows = new ArrayList<>(equity.size());
        for (final EquityPoint point : equity)
        {
            rows.add(new String[]
            {
                utc(point.timeNs()), FixedPoint.formatMoney(point.balance()), FixedPoint.formatMoney(point.equity()),
                FixedPoint.formatMoney(point.drawdown())
            });
        }
        return csv(new String[] {"time_utc", "balance", "equity", "drawdown"}, rows);
    }

    static String csv(final String[] columns, final List<String[]> rows)
    {
        final StringBuilder csv = new StringBuilder();
        csv.append(String.join(",", columns)).append('\n');
        for (final String[] row : rows)
        {
            for (int i = 0; i < row.length; i++)
            {
                csv.append(i == 0 ? "" : ",").append(csvValue(row[i]));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static String csvValue(final String value)
    {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0)
        {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** Engine time as ISO-8601 UTC with milliseconds. */
    public static String utc(final long timeNs)
    {
        return UTC.format(Instant.ofEpochMilli(Math.floorDiv(timeNs, 1_000_000L)));
    }

    private static void appendString(final StringBuilder json, final String value)
    {
        json.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                json.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                json.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                json.append(c);
            }
        }
        json.append('"');
    }
}
