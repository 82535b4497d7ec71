package io.tradingcore.projections.business.payments;

/**
 * The optional {@code customer_details} of a Snap transaction, prefilled on the payment page; any field may be null
 * (left out).
 */
public record CustomerDetails(String firstName, String lastName, String email, String phone)
{
}
