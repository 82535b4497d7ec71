package io.tradingcore.projections.business.billing;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The invoice as HTML (escaped, self-contained) and as PDF, read back with OpenPDF's text extractor. */
class InvoiceDocumentsTest
{
    private static final Invoice INVOICE = new Invoice("TC-2027-000042", "TC", 7, YearMonth.of(2026, 12),
        Instant.parse("2027-01-01T02:00:00Z"), "IDR", 805_000, 1100, 88_550, 893_550, Invoice.OPEN, null, List.of(
            new InvoiceLine(1, "Pro subscription, December 2026", 1, 750_000, 750_000),
            new InvoiceLine(2, "Orders in December 2026: 15,100 <b>(for information)</b>", 15_100, 0, 0),
            new InvoiceLine(3, "Orders over the quota of 5,000 a day, at IDR 50 each", 1_100, 50, 55_000)));

    @Test
    void htmlEscapesEveryValueAndNeedsNothingElse()
    {
        final String html = InvoiceDocuments.html(INVOICE, "<script>alert('x')</script> & \"Sons\"");
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("<script"), "a tenant's name is text, never markup");
        assertFalse(html.contains("<b>"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Sons&quot; (tenant 7)"),
            html);
        assertTrue(html.contains("15,100 &lt;b&gt;(for information)&lt;/b&gt;"), html);
        assertFalse(html.contains("src=") || html.contains("href=") || html.contains("@import"),
            "self-contained: nothing loaded from elsewhere");
        assertTrue(html.contains("<h1>Invoice TC-2027-000042</h1>"));
        assertTrue(html.contains("December 2026"));
        assertTrue(html.contains(">IDR 805,000<") && html.contains(">Tax (11%)<") && html.contains(">IDR 88,550<"));
        assertTrue(html.contains(">IDR 893,550<"), html);
        assertEquals("a &lt;b&gt; &amp;amp;", InvoiceDocuments.escape("a <b> &amp;"));
    }

    @Test
    void pdfCarriesTheNumberTheLinesAndTheTotal() throws Exception
    {
        final byte[] pdf = InvoiceDocuments.pdf(INVOICE, "Acme & Co");
        assertEquals("%PDF-", new String(pdf, 0, 5, StandardCharsets.US_ASCII));
        final PdfReader reader = new PdfReader(pdf);
        try
        {
            assertEquals(1, reader.getNumberOfPages());
            final String text = new PdfTextExtractor(reader).getTextFromPage(1);
            assertTrue(text.contains("Invoice TC-2027-000042"), text);
            assertTrue(text.contains("Acme & Co (tenant 7)"), text);
            assertTrue(text.contains("December 2026"), text);
            assertTrue(text.contains("Pro subscription, December 2026"), text);
            assertTrue(text.contains("IDR 55,000"), text);
            assertTrue(text.contains("Tax (11%)") && text.contains("IDR 88,550"), text);
            assertTrue(text.contains("Total") && text.contains("IDR 893,550"), text);
            assertEquals("Invoice TC-2027-000042", reader.getInfo().get("Title"));
        }
        finally
        {
            reader.close();
        }
    }
}
