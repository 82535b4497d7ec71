package io.tradingcore.domain;

/**
 * What the engine knows of a tradable instrument, as MT5 describes a symbol. Prices of this
 * instrument are longs scaled by 10^digits; quantities are lots scaled by 10^4.
 */
public final class InstrumentSpec
{
    private final int instrumentId;
    private final String symbol;
    private final int digits;
    private final long contractSize;
    private final long tickSize;
    private final long volumeMin;
    private final long volumeMax;
    private final long volumeStep;
    private final String profitCurrency;
    private final long moneyDivisor;
    private final long moneyMultiplier;

    public InstrumentSpec(
        final int instrumentId,
        final String symbol,
        final int digits,
        final long contractSize,
        final long tickSize,
        final long volumeMin,
        final long volumeMax,
        final long volumeStep,
        final String profitCurrency)
    {
        this.instrumentId = instrumentId;
        this.symbol = symbol;
        this.digits = digits;
        this.contractSize = contractSize;
        this.tickSize = tickSize;
        this.volumeMin = volumeMin;
        this.volumeMax = volumeMax;
        this.volumeStep = volumeStep;
        this.profitCurrency = profitCurrency;
        // quantity x price carries QUANTITY_DIGITS + digits decimals; money carries MONEY_DIGITS.
        final int shift = FixedPoint.QUANTITY_DIGITS + digits - FixedPoint.MONEY_DIGITS;
        this.moneyDivisor = shift >= 0 ? FixedPoint.pow10(shift) : 1;
        this.moneyMultiplier = shift >= 0 ? 1 : FixedPoint.pow10(-shift);
    }

    /** Why a definition cannot be used, or null when it is valid. */
    public static String validate(
        final int instrumentId, final String symbol, final int digits, final long contractSize, final long tickSize,
        final long volumeMin, final long volumeMax, final long volumeStep)
    {
        if (instrumentId <= 0)
        {
            return "instrument id must be positive";
        }
        if (symbol.isEmpty())
        {
            return "symbol is empty";
        }
        if (digits < 0 || digits > 8)
        {
            return "digits must be 0..8, got " + digits;
        }
        if (contractSize <= 0)
        {
            return "contract size must be positive";
        }
        if (tickSize <= 0)
        {
            return "tick size must be positive";
        }
        if (volumeStep <= 0 || volumeMin <= 0 || volumeMax < volumeMin)
        {
            return "volume min/max/step must be positive with min <= max";
        }
        return null;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    public String symbol()
    {
        return symbol;
    }

    public int digits()
    {
        return digits;
    }

    public long contractSize()
    {
        return contractSize;
    }

    public long tickSize()
    {
        return tickSize;
    }

    public long volumeMin()
    {
        return volumeMin;
    }

    public long volumeMax()
    {
        return volumeMax;
    }

    public long volumeStep()
    {
        return volumeStep;
    }

    public String profitCurrency()
    {
        return profitCurrency;
    }

    /**
     * Money for a quantity-times-price product (e.g. a P&L in price points times lots), in the
     * profit currency scaled by 10^6, rounded half-even.
     */
    public long moneyOfQuantityPrice(final long quantityTimesPrice)
    {
        if (moneyMultiplier == 1)
        {
            return FixedPoint.multiplyDivide(quantityTimesPrice, contractSize, moneyDivisor);
        }
        return Math.multiplyExact(Math.multiplyExact(quantityTimesPrice, contractSize), moneyMultiplier);
    }

    /**
     * The least quantity x price whose {@link #moneyOfQuantityPrice money} is certainly at least {@code money}: for a
     * check that only needs to know a figure is clear of a threshold, and so need not divide. Rounding half-even never
     * goes below the exact quotient's floor, so {@code x * contract >= money * divisor} is enough. Long.MAX_VALUE when
     * it cannot be worked out without overflow: then nothing is certain.
     */
    public long quantityPriceWithMoneyAtLeast(final long money)
    {
        try
        {
            if (moneyMultiplier == 1)
            {
                return Math.negateExact(Math.floorDiv(Math.negateExact(Math.multiplyExact(money, moneyDivisor)),
                    contractSize));
            }
            return Math.negateExact(Math.floorDiv(Math.negateExact(money),
                Math.multiplyExact(contractSize, moneyMultiplier)));
        }
        catch (final ArithmeticException ex)
        {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The largest quantity x price, in either sign, whose {@link #moneyOfQuantityPrice money} is computed without
     * overflow (and so without an exception).
     */
    public long largestQuantityPriceWithoutOverflow()
    {
        return moneyMultiplier == 1 ? Long.MAX_VALUE / contractSize : Long.MAX_VALUE / contractSize / moneyMultiplier;
    }

    /** Money value of a quantity at a price: the notional. */
    public long notional(final long quantity, final long price)
    {
        return moneyOfQuantityPrice(Math.multiplyExact(quantity, price));
    }

    public boolean isOnTick(final long price)
    {
        return price % tickSize == 0;
    }

    public String formatPrice(final long price)
    {
        return FixedPoint.format(price, digits);
    }

    @Override
    public String toString()
    {
        return symbol + "(id=" + instrumentId + ", digits=" + digits + ", contract=" + contractSize + ")";
    }
}
