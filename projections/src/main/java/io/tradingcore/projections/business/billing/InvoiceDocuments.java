package io.tradingcore.projections.business.billing;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import java.io.ByteArrayOutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * An invoice as a document a person reads: a self-contained HTML page (no scripts, styles inline, every value
 * escaped) and a PDF (OpenPDF, the standard Helvetica font). Both show the number, the issuer, the tenant, the period,
 * the lines, the subtotal, the tax and the total in IDR with thousands separators ({@code IDR 832,500}).
 */
public final class InvoiceDocuments
{
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);

    private InvoiceDocuments()
    {
    }

    /** The HTML page; {@code tenantName} null shows the tenant's id alone. */
    public static String html(final Invoice invoice, final String tenantName)
    {
        final StringBuilder page = new StringBuilder(4096);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Invoice ")
            .append(escape(invoice.number())).append("</title>\n<style>\n")
            .append("body{font-family:Helvetica,Arial,sans-serif;margin:2em;color:#222}\n")
            .append("table{border-collapse:collapse;width:100%}\n")
            .append("th,td{border-bottom:1px solid #ccc;padding:.4em;text-align:left}\n")
            .append("td.n,th.n{text-align:right}\n")
            .append("</style>\n</head>\n<body>\n<h1>Invoice ").append(escape(invoice.number())).append("</h1>\n")
            .append("<dl>\n");
        for (final String[] field : header(invoice, tenantName))
        {
            page.append("<dt>").append(escape(field[0])).append("</dt><dd>").append(escape(field[1]))
                .append("</dd>\n");
        }
        page.append("</dl>\n<table>\n<thead><tr><th>#</th><th>Description</th><th class=\"n\">Quantity</th>")
            .append("<th class=\"n\">Unit price</th><th class=\"n\">Amount</th></tr></thead>\n<tbody>\n");
        for (final InvoiceLine line : invoice.lines())
        {
            page.append("<tr><td>").append(line.lineNo()).append("</td><td>").append(escape(line.description()))
                .append("</td><td class=\"n\">").append(Rupiah.number(line.quantity()))
                .append("</td><td class=\"n\">").append(Rupiah.format(line.unitPrice()))
                .append("</td><td class=\"n\">").append(Rupiah.format(line.amount())).append("</td></tr>\n");
        }
        page.append("</tbody>\n<tfoot>\n");
        for (final String[] sum : sums(invoice))
        {
            page.append("<tr><th colspan=\"4\" class=\"n\">").append(escape(sum[0]))
                .append("</th><td class=\"n\">").append(escape(sum[1])).append("</td></tr>\n");
        }
        page.append("</tfoot>\n</table>\n</body>\n</html>\n");
        return page.toString();
    }

    /** The PDF, A4; {@code tenantName} null shows the tenant's id alone. */
    public static byte[] pdf(final Invoice invoice, final String tenantName)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        final Document document = new Document(PageSize.A4, 48, 48, 56, 56);
        try
        {
            PdfWriter.getInstance(document, out);
            document.addTitle("Invoice " + invoice.number());
            document.addCreator("tradingcore billing");
            document.open();
            final Font title = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 18);
            final Font plain = FontFactory.getFont(FontFactory.HELVETICA, 10);
            final Font bold = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 10);
            document.add(new Paragraph("Invoice " + invoice.number(), title));
            document.add(new Paragraph(" ", plain));
            for (final String[] field : header(invoice, tenantName))
            {
                final Paragraph paragraph = new Paragraph();
                paragraph.add(new Phrase(field[0] + ": ", bold));
                paragraph.add(new Phrase(field[1], plain));
                document.add(paragraph);
            }
            document.add(new Paragraph(" ", plain));
            final PdfPTable table = new PdfPTable(new float[] {0.5f, 5f, 1.4f, 1.8f, 2f});
            table.setWidthPercentage(100);
            for (final String heading : List.of("#", "Description", "Quantity", "Unit price", "Amount"))
            {
                table.addCell(cell(heading, bold, !"Description".equals(heading) && !"#".equals(heading)));
            }
            for (final InvoiceLine line : invoice.lines())
            {
                table.addCell(cell(Integer.toString(line.lineNo()), plain, false));
                table.addCell(cell(line.description(), plain, false));
                table.addCell(cell(Rupiah.number(line.quantity()), plain, true));
                table.addCell(cell(Rupiah.format(line.unitPrice()), plain, true));
                table.addCell(cell(Rupiah.format(line.amount()), plain, true));
            }
            for (final String[] sum : sums(invoice))
            {
                final PdfPCell label = cell(sum[0], bold, true);
                label.setColspan(4);
                table.addCell(label);
                table.addCell(cell(sum[1], bold, true));
            }
            document.add(table);
        }
        catch (final DocumentException ex)
        {
            throw new IllegalStateException("invoice " + invoice.number() + " could not be rendered: " +
                ex.getMessage(), ex);
        }
        finally
        {
            document.close();
        }
        return out.toByteArray();
    }

    /** Text for HTML content and attribute values: {@code & < > " '} as entities. */
    public static String escape(final String text)
    {
        final StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static PdfPCell cell(final String text, final Font font, final boolean right)
    {
        final PdfPCell cell = new PdfPCell(new Phrase(text, font));
        cell.setPadding(4);
        cell.setHorizontalAlignment(right ? Element.ALIGN_RIGHT : Element.ALIGN_LEFT);
        return cell;
    }

    private static List<String[]> header(final Invoice invoice, final String tenantName)
    {
        final String tenant = tenantName == null ? "Tenant " + invoice.tenantId() :
            tenantName + " (tenant " + invoice.tenantId() + ")";
        final String period = invoice.period().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " +
            invoice.period().getYear();
        final String status = invoice.status() + (invoice.paidAt() == null ? "" :
            ", " + DAY.format(invoice.paidAt().atZone(ZoneOffset.UTC)));
        return List.of(
            new String[] {"Issuer", invoice.issuer()},
            new String[] {"Billed to", tenant},
            new String[] {"Period", period},
            new String[] {"Issued", DAY.format(invoice.issuedAt().atZone(ZoneOffset.UTC))},
            new String[] {"Currency", invoice.currency()},
            new String[] {"Status", status});
    }

    private static List<String[]> sums(final Invoice invoice)
    {
        return List.of(
            new String[] {"Subtotal", Rupiah.format(invoice.subtotal())},
            new String[] {"Tax (" + Rupiah.percent(invoice.taxRateBps()) + ")", Rupiah.format(invoice.tax())},
            new String[] {"Total", Rupiah.format(invoice.total())});
    }
}
