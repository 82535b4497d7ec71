package io.tradingcore.venue;

/**
 * How the {@link SimulatedVenue} charges, how much it fills at once and how far market fills slip.
 *
 * @param commissionPerLot money (scaled by 10^6) charged per lot, that is per quantity 10,000; each fill pays
 *                         {@code commissionPerLot * quantity / 10,000} rounded half-even.
 * @param maxFillQuantity  the most one order fills on arrival and on each following tick; 0 means unlimited.
 *                         Keep it a multiple of the instruments' volume step.
 * @param slippagePoints   points (units of the price's last digit) a market or triggered stop fill moves
 *                         against the order: buys at ask + slippage, sells at bid - slippage; 0 = at the touch.
 */
public record VenueSettings(long commissionPerLot, long maxFillQuantity, long slippagePoints)
{
    /** System property for {@link #commissionPerLot()}; default 0. */
    public static final String COMMISSION_PER_LOT_PROP_NAME = "tradingcore.venue.commissionPerLot";
    /** System property for {@link #maxFillQuantity()}; default 0 (unlimited). */
    public static final String MAX_FILL_QUANTITY_PROP_NAME = "tradingcore.venue.maxFillQuantity";
    /** System property for {@link #slippagePoints()}; default 0. */
    public static final String SLIPPAGE_POINTS_PROP_NAME = "tradingcore.venue.slippagePoints";

    public VenueSettings
    {
        if (commissionPerLot < 0)
        {
            throw new IllegalArgumentException("commissionPerLot must not be negative: " + commissionPerLot);
        }
        if (maxFillQuantity < 0)
        {
            throw new IllegalArgumentException("maxFillQuantity must not be negative (0 = unlimited): " +
                maxFillQuantity);
        }
        if (slippagePoints < 0)
        {
            throw new IllegalArgumentException("slippagePoints must not be negative: " + slippagePoints);
        }
    }

    /** Fills at the touch, no slippage. */
    public VenueSettings(final long commissionPerLot, final long maxFillQuantity)
    {
        this(commissionPerLot, maxFillQuantity, 0);
    }

    /** No commission, no fill cap. */
    public static VenueSettings defaults()
    {
        return new VenueSettings(0, 0);
    }

    /** The settings named by the {@code *_PROP_NAME} system properties. */
    public static VenueSettings fromSystemProperties()
    {
        return new VenueSettings(Long.getLong(COMMISSION_PER_LOT_PROP_NAME, 0),
            Long.getLong(MAX_FILL_QUANTITY_PROP_NAME, 0), Long.getLong(SLIPPAGE_POINTS_PROP_NAME, 0));
    }
}
