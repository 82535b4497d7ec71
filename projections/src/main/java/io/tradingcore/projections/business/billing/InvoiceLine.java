package io.tradingcore.projections.business.billing;

/**
 * One line of an invoice; {@code amount = quantity * unitPrice}, whole rupiah.
 *
 * @param lineNo      from 1, in the order printed.
 * @param description what is charged (or, with a price of 0, only told).
 * @param quantity    how many.
 * @param unitPrice   rupiah each.
 * @param amount      rupiah in all.
 */
public record InvoiceLine(int lineNo, String description, long quantity, long unitPrice, long amount)
{
    public InvoiceLine
    {
        if (amount != Math.multiplyExact(quantity, unitPrice))
        {
            throw new IllegalArgumentException("line " + lineNo + ": amount " + amount + " is not " + quantity +
                " x " + unitPrice);
        }
    }

    static InvoiceLine of(final int lineNo, final String description, final long quantity, final long unitPrice)
    {
        return new InvoiceLine(lineNo, description, quantity, unitPrice, Math.multiplyExact(quantity, unitPrice));
    }
}
