package io.tradingcore.backtest;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.PositionUpdateDecoder;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.domain.InstrumentSpec;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Int2IntHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a backtest, taken from the engine's outputs for one account: the equity curve (each
 * AccountState and each UTC day end), round-trip trades from its fills, and the time it held a position.
 * Everything is kept in fixed-point longs; doubles appear only in the final ratios, which are formatted
 * with fixed decimals so that the same run always prints the same text.
 */
final class BacktestMetrics
{
    static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final int TRADING_DAYS_PER_YEAR = 252;
    /** Agrona maps cannot hold their missing value, so flat is 0 and never seen is this. */
    private static final int NO_POSITION = Integer.MIN_VALUE;
    /**
     * Equity on price moves (the engine's account-state interval) may come every 100 ms of engine time: each counts
     * towards the drawdown, but the curve keeps one at most this often, besides those of fills and day ends, so that
     * a backtest of weeks keeps a curve of thousands of points, not millions.
     */
    private static final long CURVE_POINT_INTERVAL_NS = 60_000_000_000L;

    private final long accountId;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final PositionUpdateDecoder position = new PositionUpdateDecoder();
    private final AccountStateDecoder account = new AccountStateDecoder();
    private final RoundTrips trades;
    private final Int2IntHashMap positionSigns = new Int2IntHashMap(NO_POSITION);
    private final List<EquityPoint> equity = new ArrayList<>();
    private final List<Long> dayEndEquity = new ArrayList<>();

    private boolean started;
    private long initialBalance;
    private long startNs;
    private long peakEquity;
    private long maxDrawdown;
    private long maxDrawdownPpm;
    private int openInstruments;
    private long exposedSinceNs;
    private long exposedNs;
    private long commission;
    private boolean fillSinceLastPoint;
    private long lastPointNs = Long.MIN_VALUE;

    BacktestMetrics(final long accountId, final Int2ObjectHashMap<InstrumentSpec> instruments)
    {
        this.accountId = accountId;
        trades = new RoundTrips(instruments);
    }

    /** The account as the first tick finds it. */
    void start(final long timeNs, final long balance)
    {
        started = true;
        initialBalance = balance;
        startNs = timeNs;
        peakEquity = balance;
        sample(timeNs, balance, balance, true);
    }

    boolean started()
    {
        return started;
    }

    /** One output message of the engine (SBE with header). */
    void onOutput(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!started || length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        header.wrap(buffer, offset);
        switch (header.templateId())
        {
            case FillDecoder.TEMPLATE_ID:
                fill.wrapAndApplyHeader(buffer, offset, header);
                if (fill.accountId() == accountId)
                {
                    fillSinceLastPoint = true;
                    commission += fill.commission();
                    trades.onFill(fill.instrumentId(), fill.side(), fill.quantity(), fill.price(), fill.commission(),
                        fill.realizedPnl(), fill.timeNs());
                }
                break;
            case PositionUpdateDecoder.TEMPLATE_ID:
                position.wrapAndApplyHeader(buffer, offset, header);
                if (position.accountId() == accountId)
                {
                    onPosition(position.instrumentId(), position.netQuantity(), position.timeNs());
                }
                break;
            case AccountStateDecoder.TEMPLATE_ID:
                account.wrapAndApplyHeader(buffer, offset, header);
                if (account.accountId() == accountId)
                {
                    final long timeNs = account.timeNs();
                    final boolean keep = fillSinceLastPoint || lastPointNs == Long.MIN_VALUE ||
                        timeNs - lastPointNs >= CURVE_POINT_INTERVAL_NS;
                    sample(timeNs, account.balance(), account.equity(), keep);
                }
                break;
            default:
                break;
        }
    }

    /** The account at the end of a UTC day that had ticks: one daily return. */
    void onDayEnd(final long dayEndNs, final long balance, final long equity)
    {
        sample(dayEndNs, balance, equity, true);
        dayEndEquity.add(equity);
    }

    private void onPosition(final int instrumentId, final long netQuantity, final long timeNs)
    {
        final int sign = Long.signum(netQuantity);
        final int previous = positionSigns.put(instrumentId, sign);
        final int before = previous == NO_POSITION ? 0 : previous;
        if (before == 0 && sign != 0)
        {
            if (openInstruments++ == 0)
            {
                exposedSinceNs = timeNs;
            }
        }
        else if (before != 0 && sign == 0)
        {
            if (--openInstruments == 0)
            {
                exposedNs += timeNs - exposedSinceNs;
            }
        }
    }

    /** Every sample counts towards the drawdown; {@code keep} puts it on the equity curve too. */
    private void sample(final long timeNs, final long balance, final long equityValue, final boolean keep)
    {
        peakEquity = Math.max(peakEquity, equityValue);
        final long drawdown = peakEquity - equityValue;
        if (drawdown > maxDrawdown)
        {
            maxDrawdown = drawdown;
        }
        if (peakEquity > 0)
        {
            maxDrawdownPpm = Math.max(maxDrawdownPpm, FixedPoint.multiplyDivide(drawdown, 1_000_000, peakEquity));
        }
        if (keep)
        {
            equity.add(new EquityPoint(timeNs, balance, equityValue, drawdown));
            lastPointNs = timeNs;
            fillSinceLastPoint = false;
        }
    }

    List<EquityPoint> equityCurve()
    {
        return equity;
    }

    List<RoundTrip> trades()
    {
        return trades.closed();
    }

    /**
     * The summary once the run is over.
     *
     * @param endNs         engine time of the last input
     * @param finalBalance  the account's balance then
     * @param finalEquity   its equity then (balance plus open positions at the last quotes)
     */
    List<SummaryField> summary(final long endNs, final long finalBalance, final long finalEquity)
    {
        if (openInstruments > 0)
        {
            exposedNs += endNs - exposedSinceNs;
            openInstruments = 0;
        }
        final List<SummaryField> fields = new ArrayList<>();
        final long net = finalEquity - initialBalance;
        fields.add(SummaryField.number("initial_balance", "initial balance", money(initialBalance)));
        fields.add(SummaryField.number("final_balance", "final balance", money(finalBalance)));
        fields.add(SummaryField.number("final_equity", "final equity", money(finalEquity)));
        fields.add(SummaryField.number("net_pnl", "net P&L", money(net)));
        fields.add(SummaryField.number("return_pct", "return %",
            initialBalance == 0 ? "0.0000" : FixedPoint.format(FixedPoint.multiplyDivide(net, 1_000_000,
                initialBalance), 4)));
        fields.add(SummaryField.number("max_drawdown", "max drawdown", money(maxDrawdown)));
        fields.add(SummaryField.number("max_drawdown_pct", "max drawdown %", FixedPoint.format(maxDrawdownPpm, 4)));
        fields.add(SummaryField.number("days", "days", Integer.toString(dayEndEquity.size())));
        final double[] returns = dailyReturns();
        fields.add(SummaryField.ratio("sharpe", "Sharpe (daily, annualized)", sharpe(returns)));
        fields.add(SummaryField.ratio("sortino", "Sortino (daily, annualized)", sortino(returns)));

        final List<RoundTrip> closed = trades.closed();
        long grossWin = 0;
        long grossLoss = 0;
        int wins = 0;
        int losses = 0;
        for (final RoundTrip trade : closed)
        {
            if (trade.netPnl() > 0)
            {
                wins++;
                grossWin += trade.netPnl();
            }
            else if (trade.netPnl() < 0)
            {
                losses++;
                grossLoss -= trade.netPnl();
            }
        }
        fields.add(SummaryField.number("trades", "trades", Integer.toString(closed.size())));
        fields.add(SummaryField.number("winning_trades", "winning trades", Integer.toString(wins)));
        fields.add(SummaryField.number("losing_trades", "losing trades", Integer.toString(losses)));
        fields.add(SummaryField.number("win_rate_pct", "win rate %",
            closed.isEmpty() ? "0.00" : FixedPoint.format(FixedPoint.multiplyDivide(wins, 10_000, closed.size()), 2)));
        fields.add(SummaryField.number("gross_profit", "gross profit", money(grossWin)));
        fields.add(SummaryField.number("gross_loss", "gross loss", money(grossLoss)));
        fields.add(SummaryField.ratio("profit_factor", "profit factor",
            grossLoss == 0 ? null : FixedPoint.format(FixedPoint.multiplyDivide(grossWin, 1_000, grossLoss), 3)));
        fields.add(SummaryField.number("commission", "commission", money(commission)));
        final long span = endNs - startNs;
        fields.add(SummaryField.number("exposure_pct", "exposure time %",
            span <= 0 ? "0.00" : FixedPoint.format(FixedPoint.multiplyDivide(exposedNs, 10_000, span), 2)));
        return fields;
    }

    private double[] dailyReturns()
    {
        final double[] returns = new double[dayEndEquity.size()];
        long previous = initialBalance;
        for (int i = 0; i < returns.length; i++)
        {
            final long current = dayEndEquity.get(i);
            returns[i] = previous == 0 ? 0 : (double)(current - previous) / previous;
            previous = current;
        }
        return returns;
    }

    private static String sharpe(final double[] returns)
    {
        if (returns.length < 2)
        {
            return null;
        }
        final double mean = mean(returns);
        double squares = 0;
        for (final double r : returns)
        {
            squares += (r - mean) * (r - mean);
        }
        final double deviation = Math.sqrt(squares / (returns.length - 1));
        return deviation == 0 ? null : ratio(mean / deviation * Math.sqrt(TRADING_DAYS_PER_YEAR));
    }

    private static String sortino(final double[] returns)
    {
        if (returns.length < 2)
        {
            return null;
        }
        double squares = 0;
        for (final double r : returns)
        {
            squares += r < 0 ? r * r : 0;
        }
        final double downside = Math.sqrt(squares / returns.length);
        return downside == 0 ? null : ratio(mean(returns) / downside * Math.sqrt(TRADING_DAYS_PER_YEAR));
    }

    private static double mean(final double[] values)
    {
        double sum = 0;
        for (final double value : values)
        {
            sum += value;
        }
        return sum / values.length;
    }

    private static String ratio(final double value)
    {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String money(final long money)
    {
        return FixedPoint.formatMoney(money);
    }
}
