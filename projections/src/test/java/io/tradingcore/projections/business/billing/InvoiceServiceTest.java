package io.tradingcore.projections.business.billing;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the gateway's invoice routes serve, from real PostgreSQL: the API's JSON, the documents, one tenant each. */
class InvoiceServiceTest
{
    @Test
    void servesATenantsInvoicesAndNoOneElses() throws Exception
    {
        try (BillingFixture fixture = new BillingFixture("billing_service", true))
        {
            fixture.update("INSERT INTO public.tenants VALUES (2, 'Acme <Trading>', 1, now())");
            fixture.subscribe(2, "pro");
            fixture.subscribe(3, "pro");
            fixture.usage(2, "2026-12-01", 5_010);
            final String number = fixture.billing(1100).run(YearMonth.of(2026, 12)).issued().get(0).number();
            final InvoiceService service = new InvoiceService(fixture.business);

            final List<Map<String, Object>> list = service.invoices(2);
            assertEquals(1, list.size());
            assertEquals(number, list.get(0).get("number"));
            assertEquals("833055.00", list.get(0).get("total"));
            assertEquals("2026-12", list.get(0).get("period"));
            assertEquals(1_798_761_600_000L + 2 * 3_600_000L, list.get(0).get("issuedAtMs"));

            final Map<String, Object> invoice = service.invoice(2, number);
            assertEquals("750500.00", invoice.get("subtotal"));
            assertEquals("82555.00", invoice.get("tax"));
            assertEquals(3, ((List<?>)invoice.get("lines")).size());
            assertNull(service.invoice(3, number), "tenant 3 does not see tenant 2's invoice");
            assertNull(service.html(3, number));
            assertNull(service.pdf(3, number));

            final String html = new String(service.html(2, number), StandardCharsets.UTF_8);
            assertTrue(html.contains("Acme &lt;Trading&gt; (tenant 2)"), "the projection's tenant name, escaped");
            final PdfReader reader = new PdfReader(service.pdf(2, number));
            try
            {
                final String text = new PdfTextExtractor(reader).getTextFromPage(1);
                assertTrue(text.contains(number) && text.contains("IDR 833,055"), text);
            }
            finally
            {
                reader.close();
            }
        }
    }
}
