package io.tradingcore.projections.business.billing;

import io.tradingcore.projections.business.BusinessDatabase;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The invoices as the gateway's routes serve them, one tenant at a time: JSON-ready values in the API's conventions
 * (money as strings with 2 decimals, times as epoch milliseconds and ISO strings), and the HTML and PDF documents.
 * Another tenant's invoice is answered as absent (null), as one that does not exist. The tenant's name is the postgres
 * projection's ({@code public.tenants}) when that table is there.
 */
public final class InvoiceService
{
    private final BusinessDatabase database;

    public InvoiceService(final BusinessDatabase database)
    {
        this.database = database;
    }

    /** The tenant's invoices, the latest period first, without their lines. */
    public List<Map<String, Object>> invoices(final int tenantId) throws SQLException
    {
        try (Connection connection = database.connect())
        {
            final List<Map<String, Object>> items = new ArrayList<>();
            for (final Invoice invoice : Invoices.list(connection, tenantId))
            {
                items.add(json(invoice, false));
            }
            return items;
        }
    }

    /** The tenant's invoice of this number with its lines, or null. */
    public Map<String, Object> invoice(final int tenantId, final String number) throws SQLException
    {
        try (Connection connection = database.connect())
        {
            return Invoices.find(connection, number, tenantId).map(invoice -> json(invoice, true)).orElse(null);
        }
    }

    /** The tenant's invoice as an HTML page (UTF-8), or null. */
    public byte[] html(final int tenantId, final String number) throws SQLException
    {
        try (Connection connection = database.connect())
        {
            final Optional<Invoice> invoice = Invoices.find(connection, number, tenantId);
            return invoice.isEmpty() ? null : InvoiceDocuments.html(invoice.get(), tenantName(connection, tenantId))
                .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The tenant's invoice as a PDF, or null. */
    public byte[] pdf(final int tenantId, final String number) throws SQLException
    {
        try (Connection connection = database.connect())
        {
            final Optional<Invoice> invoice = Invoices.find(connection, number, tenantId);
            return invoice.isEmpty() ? null : InvoiceDocuments.pdf(invoice.get(), tenantName(connection, tenantId));
        }
    }

    /** An invoice in the API's JSON conventions. */
    public static Map<String, Object> json(final Invoice invoice, final boolean withLines)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("number", invoice.number());
        json.put("issuer", invoice.issuer());
        json.put("tenantId", invoice.tenantId());
        json.put("period", invoice.period().toString());
        json.put("issuedAtMs", invoice.issuedAt().toEpochMilli());
        json.put("issuedAt", invoice.issuedAt().toString());
        json.put("currency", invoice.currency());
        json.put("subtotal", money(invoice.subtotal()));
        json.put("taxRateBps", invoice.taxRateBps());
        json.put("tax", money(invoice.tax()));
        json.put("total", money(invoice.total()));
        json.put("status", invoice.status());
        final Instant paidAt = invoice.paidAt();
        if (paidAt != null)
        {
            json.put("paidAtMs", paidAt.toEpochMilli());
            json.put("paidAt", paidAt.toString());
        }
        if (withLines)
        {
            final List<Map<String, Object>> lines = new ArrayList<>();
            for (final InvoiceLine line : invoice.lines())
            {
                final Map<String, Object> item = new LinkedHashMap<>();
                item.put("line", line.lineNo());
                item.put("description", line.description());
                item.put("quantity", line.quantity());
                item.put("unitPrice", money(line.unitPrice()));
                item.put("amount", money(line.amount()));
                lines.add(item);
            }
            json.put("lines", lines);
        }
        return json;
    }

    private static String money(final long rupiah)
    {
        return BigDecimal.valueOf(rupiah).setScale(2).toPlainString();
    }

    private static String tenantName(final Connection connection, final int tenantId) throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT to_regclass('public.tenants') IS NOT NULL");
            ResultSet row = statement.executeQuery())
        {
            row.next();
            if (!row.getBoolean(1))
            {
                return null;
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT name FROM public.tenants WHERE tenant_id = ?"))
        {
            statement.setInt(1, tenantId);
            try (ResultSet row = statement.executeQuery())
            {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
