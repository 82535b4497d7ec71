package io.tradingcore.projections.business.billing;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * A tenant's invoice for one month, as stored in {@code business.invoices} and {@code business.invoice_lines}.
 * Amounts are whole rupiah (IDR has no minor unit in use, and Midtrans takes integer amounts).
 *
 * @param number     {@code ISSUER-YYYY-NNNNNN}, from the issuer's gap-free sequence; the year is the year issued.
 * @param issuer     whose sequence numbered it ({@code tradingcore.business.issuer}).
 * @param tenantId   the engine's tenant id.
 * @param period     the month billed.
 * @param issuedAt   when billing stored it.
 * @param currency   always {@code IDR}.
 * @param subtotal   the sum of the lines.
 * @param taxRateBps the tax rate in basis points (PPN 11% = 1100).
 * @param tax        {@code subtotal * taxRateBps / 10000}, rounded half up to a whole rupiah.
 * @param total      {@code subtotal + tax}.
 * @param status     {@code open}, {@code paid} or {@code void}.
 * @param paidAt     when it was paid, or null.
 * @param lines      the line items, in order.
 */
public record Invoice(
    String number, String issuer, int tenantId, YearMonth period, Instant issuedAt, String currency, long subtotal,
    int taxRateBps, long tax, long total, String status, Instant paidAt, List<InvoiceLine> lines)
{
    public static final String OPEN = "open";
    public static final String PAID = "paid";
    public static final String VOID = "void";

    public Invoice
    {
        lines = List.copyOf(lines);
    }
}
