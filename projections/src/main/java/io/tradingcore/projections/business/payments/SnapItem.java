package io.tradingcore.projections.business.payments;

/**
 * A line of a Snap transaction's {@code item_details}; the lines' {@code price * quantity} sum to the gross amount.
 *
 * @param id       the item's id, such as the tier or the invoice line.
 * @param price    whole rupiah (Midtrans takes integer IDR).
 * @param quantity at least 1.
 * @param name     shown to the customer on the Snap page; Midtrans takes at most 50 characters.
 */
public record SnapItem(String id, long price, int quantity, String name)
{
    public static final int MAX_NAME_LENGTH = 50;
}
