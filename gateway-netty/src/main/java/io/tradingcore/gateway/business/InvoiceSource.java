package io.tradingcore.gateway.business;

import java.util.List;
import java.util.Map;

/**
 * Where the invoice routes get invoices: one tenant's at a time, so that another tenant's invoice is simply not
 * found. The billing service's {@code io.tradingcore.projections.business.billing.InvoiceService} has these methods
 * with these meanings; the gateway adapts it.
 */
public interface InvoiceSource
{
    /** The tenant's invoices, the latest period first, as JSON-ready values without their lines. */
    List<Map<String, Object>> invoices(int tenantId) throws Exception;

    /** The tenant's invoice of this number with its lines, as JSON-ready values; null when the tenant has none. */
    Map<String, Object> invoice(int tenantId, String number) throws Exception;

    /** The tenant's invoice as a self-contained HTML page in UTF-8; null when the tenant has none. */
    byte[] html(int tenantId, String number) throws Exception;

    /** The tenant's invoice as a PDF; null when the tenant has none. */
    byte[] pdf(int tenantId, String number) throws Exception;
}
