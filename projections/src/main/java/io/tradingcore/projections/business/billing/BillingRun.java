package io.tradingcore.projections.business.billing;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * What one billing run did.
 *
 * @param period         the month billed.
 * @param issued         the invoices this run stored, in the order numbered.
 * @param alreadyIssued  tenants whose invoice for the period existed already (an earlier or a concurrent run's).
 * @param failed         tenants whose invoice could not be made, with the reason; their transactions rolled back.
 * @param usageAvailable false when the database has no {@code public.usage} (no postgres projection writes to it):
 *                       the invoices then have no usage and no overage lines.
 */
public record BillingRun(
    YearMonth period, List<Invoice> issued, List<Integer> alreadyIssued, Map<Integer, String> failed,
    boolean usageAvailable)
{
    public BillingRun
    {
        issued = List.copyOf(issued);
        alreadyIssued = List.copyOf(alreadyIssued);
        failed = Map.copyOf(failed);
    }
}
