package io.tradingcore.backtest;

/**
 * Drawdown of an equity series: at each point, the running peak of equity so far minus the equity, in
 * money (account currency x 10^6, never negative). Also remembers the deepest point, in money and as a
 * share of the peak it fell from.
 */
final class Drawdown
{
    private final long[] drawdownMoney;
    private final int maxIndex;
    private final long maxDrawdown;
    private final long peakAtMax;
    private final long finalPeak;

    private Drawdown(final long[] drawdownMoney, final int maxIndex, final long maxDrawdown, final long peakAtMax,
        final long finalPeak)
    {
        this.drawdownMoney = drawdownMoney;
        this.maxIndex = maxIndex;
        this.maxDrawdown = maxDrawdown;
        this.peakAtMax = peakAtMax;
        this.finalPeak = finalPeak;
    }

    static Drawdown of(final long[] equityMoney)
    {
        final long[] drawdown = new long[equityMoney.length];
        long peak = Long.MIN_VALUE;
        int maxIndex = -1;
        long maxDrawdown = 0;
        long peakAtMax = 0;
        for (int i = 0; i < equityMoney.length; i++)
        {
            peak = Math.max(peak, equityMoney[i]);
            drawdown[i] = Math.subtractExact(peak, equityMoney[i]);
            if (maxIndex < 0 || drawdown[i] > maxDrawdown)
            {
                maxIndex = i;
                maxDrawdown = drawdown[i];
                peakAtMax = peak;
            }
        }
        return new Drawdown(drawdown, maxIndex, maxDrawdown, peakAtMax, peak);
    }

    /** Peak minus equity at each point of the series. */
    long[] money()
    {
        return drawdownMoney;
    }

    /** Index of the deepest drawdown (the first if several are equal), -1 for an empty series. */
    int maxIndex()
    {
        return maxIndex;
    }

    long maxMoney()
    {
        return maxDrawdown;
    }

    /** The deepest drawdown as a percentage of its peak, or "n/a" when that peak is not positive. */
    String maxPercent()
    {
        return ReportText.percent(maxDrawdown, peakAtMax);
    }

    /** Drawdown at the last point, in money; 0 for an empty series. */
    long finalMoney()
    {
        return drawdownMoney.length == 0 ? 0 : drawdownMoney[drawdownMoney.length - 1];
    }

    /** Drawdown at the last point as a percentage of the peak so far. */
    String finalPercent()
    {
        return ReportText.percent(finalMoney(), finalPeak);
    }
}
