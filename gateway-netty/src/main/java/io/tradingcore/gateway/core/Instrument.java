package io.tradingcore.gateway.core;

import io.tradingcore.domain.FixedPoint;
import io.tradingcore.gateway.http.ApiException;

/**
 * An instrument as the gateway needs it: to turn the API's decimal strings into the engine's fixed-point numbers and
 * to refuse, with a reason, what does not fit its digits and steps before it reaches the engine.
 */
public record Instrument(
    int id, String symbol, int digits, long tickSize, long volumeMin, long volumeMax, long volumeStep)
{
    /** A price string in this instrument's digits and tick; 400 when it does not fit. */
    public long price(final String field, final String text)
    {
        final long price = decimal(field, text, digits);
        if (price <= 0)
        {
            throw ApiException.badRequest("'" + field + "' must be positive");
        }
        if (tickSize > 0 && price % tickSize != 0)
        {
            throw ApiException.badRequest("'" + field + "' " + text + " is not a multiple of " + symbol +
                "'s tick " + FixedPoint.format(tickSize, digits));
        }
        return price;
    }

    /** A quantity string in lots within this instrument's volume limits and step; 400 when it does not fit. */
    public long quantity(final String field, final String text)
    {
        final long quantity = decimal(field, text, FixedPoint.QUANTITY_DIGITS);
        if (quantity <= 0)
        {
            throw ApiException.badRequest("'" + field + "' must be positive");
        }
        if (quantity < volumeMin || quantity > volumeMax)
        {
            throw ApiException.badRequest("'" + field + "' " + text + " is outside " + symbol + "'s " +
                FixedPoint.formatQuantity(volumeMin) + " to " + FixedPoint.formatQuantity(volumeMax) + " lots");
        }
        if (volumeStep > 0 && (quantity - volumeMin) % volumeStep != 0)
        {
            throw ApiException.badRequest("'" + field + "' " + text + " is not in steps of " +
                FixedPoint.formatQuantity(volumeStep) + " lots");
        }
        return quantity;
    }

    public String formatPrice(final long price)
    {
        return FixedPoint.format(price, digits);
    }

    private static long decimal(final String field, final String text, final int digits)
    {
        if (text == null)
        {
            throw ApiException.badRequest("'" + field + "' is required");
        }
        if (!text.matches("\\d{1,12}(\\.\\d{1,18})?"))
        {
            throw ApiException.badRequest("'" + field + "' must be a decimal string such as \"1.08500\", got \"" +
                (text.length() > 32 ? text.substring(0, 32) + "..." : text) + "\"");
        }
        final int point = text.indexOf('.');
        if (point >= 0 && text.length() - point - 1 > digits)
        {
            throw ApiException.badRequest("'" + field + "' " + text + " has more than " + digits + " decimals");
        }
        return FixedPoint.parse(text, digits);
    }
}
